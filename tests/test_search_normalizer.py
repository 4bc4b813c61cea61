import re

import pytest

from cases import tracking_codes
from search.normalizer import accented, compact_code, fold, fold_aligned, highlight, parse_query


@pytest.mark.parametrize(
    "text",
    ["đất đai", "ĐẤT ĐAI", "Đất Đai", "dat dai", "DAT  DAI", "đất, đai!", "đất\u00a0đai"],
)
def test_every_spelling_of_dat_dai_folds_to_the_same_words(text):
    assert fold(text) == "dat dai"


def test_decomposed_input_folds_like_composed_input():
    decomposed = "gia\u0309i pho\u0301ng"
    assert fold(decomposed) == fold("giải phóng") == "giai phong"


def test_folding_keeps_the_text_aligned_character_for_character():
    text = "Ướt ĐẪM, ở Hà Giang"
    assert len(fold_aligned(text)) == len(text)
    assert fold_aligned(text) == "uot dam  o ha giang"


def test_accented_words_keep_their_diacritics_in_lower_case():
    assert accented("ĐẤT đai, Mặt BẰNG") == "đất đai mặt bằng"


@pytest.mark.parametrize(
    "typed", ["KN-2026-000123", "kn 2026 123", "kn2026000123", "KN/2026/0123", " kn-2026-123 "]
)
def test_a_case_reference_is_one_token_however_it_is_typed(typed):
    assert compact_code(typed) == "kn2026123"


def test_a_tracking_code_typed_loosely_is_one_token():
    code = tracking_codes.generate(2026)
    loose = code.replace("-", " ").lower().replace("0", "o")
    assert compact_code(loose) == code.replace("-", "").lower()


def test_ordinary_words_are_not_codes():
    assert compact_code("đất đai") is None
    assert compact_code("2026") is None


def test_a_query_still_being_typed_matches_its_last_word_as_a_prefix():
    assert parse_query("boi thuo").last_is_prefix
    assert not parse_query("boi thuong ").last_is_prefix
    assert parse_query("  ").is_empty


@pytest.mark.parametrize(
    "typed", ["Nguyễn Thị Hương", "dang van hung", "Đinh Xuân Phúc", "địa chính"]
)
def test_a_last_word_no_other_syllable_begins_with_is_matched_as_typed(typed):
    assert not parse_query(typed).last_is_prefix


@pytest.mark.parametrize(
    "typed",
    # "xã" before "xanh", "Nà Khà" before "khác", "chiến" before "chiêng", "rươ" before "rượu";
    # a word that is no syllable may be any word's start.
    ["UBND xã", "Nà Khà", "Phùng Minh Chiến", "rươ", "gạch tuyne", "Quốc lộ 2", "khai thac c"],
)
def test_a_last_word_that_typing_on_could_make_another_stays_a_prefix(typed):
    assert parse_query(typed).last_is_prefix


def test_numbers_match_without_their_leading_zeros():
    assert fold("0912 345 678") == "912 345 678"


def test_highlight_marks_the_accented_original_of_a_folded_match():
    snippet = highlight("Tranh chấp <đất> đai ở thôn Nà Héc", parse_query("dat dai"))
    assert snippet == "Tranh chấp &lt;<mark>đất</mark>&gt; <mark>đai</mark> ở thôn Nà Héc"


def marked(text: str, query: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", highlight(text, parse_query(query)))


def test_highlight_marks_whole_words_only():
    text = "Đất đai, datum, xdat, dat_dai và đât"
    assert marked(text, "dat ") == ["Đất", "dat", "đât"]


def test_highlight_marks_a_number_typed_without_its_leading_zeros():
    text = "Hồ sơ số 000123, số 1234 và mã 0123ab"
    assert marked(text, "123 ") == ["000123"]
    assert marked(text, "0123ab ") == ["0123ab"]


def test_highlight_marks_the_words_the_last_word_typed_begins():
    text = "Đất đai, đài phát thanh, số 0012, 12ab, 0012ab, 120 và 00"
    assert marked(text, "dat da") == ["Đất", "đai", "đài"]
    assert marked(text, "12") == ["0012", "12ab", "120"]
    # A number drops its leading zeros (only zeros leave "0"); a code of digits and letters
    # keeps them.
    assert marked(text, "0") == ["0012ab", "00"]


def test_highlight_shows_the_part_of_a_long_text_where_the_words_meet():
    text = "Ở đầu có chữ đất. " + "Nội dung khác. " * 20 + "Tranh chấp đất đai kéo dài."
    snippet = highlight(text, parse_query("dat dai"), width=60)
    assert "<mark>đất</mark> <mark>đai</mark>" in snippet
    assert snippet.startswith("…")


def test_a_snippet_starts_and_ends_on_whole_words():
    text = "Khiếu nại việc bồi thường " * 6 + "đất đai ở thôn Nà Héc " + "chưa thỏa đáng " * 8

    snippet = highlight(text, parse_query("dat dai"), width=60)

    inner = snippet.strip("…").replace("<mark>", "").replace("</mark>", "")
    words = set(text.split())
    assert inner.split()[0] in words
    assert inner.split()[-1] in words
    assert "<mark>đất</mark>" in snippet
