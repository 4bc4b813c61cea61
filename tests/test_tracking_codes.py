import re

import pytest

from cases import tracking_codes

CODE_SHAPE = re.compile(r"^\d{2}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]$")


def test_a_new_code_has_the_year_ten_random_symbols_and_a_check_symbol():
    code = tracking_codes.generate(2026)
    assert CODE_SHAPE.match(code)
    assert code.startswith("26-")
    assert tracking_codes.normalize(code) == code


@pytest.mark.parametrize("sample", range(200))
def test_every_single_mistyped_symbol_is_rejected(sample):
    symbols = tracking_codes.generate(2026).replace("-", "")
    for position, original in enumerate(symbols):
        for replacement in tracking_codes.ALPHABET:
            if replacement == original:
                continue
            mistyped = symbols[:position] + replacement + symbols[position + 1 :]
            assert not tracking_codes.is_valid(mistyped), (symbols, position, replacement)


def test_lower_case_spaces_and_missing_hyphens_are_accepted():
    code = tracking_codes.generate(2026)
    typed = " " + code.lower().replace("-", " ") + " "
    assert tracking_codes.normalize(typed) == code
    assert tracking_codes.normalize(code.replace("-", "")) == code


def test_letters_that_look_like_digits_read_as_those_digits():
    payload = "26" + "0011ABCDEF"
    code = tracking_codes.format_code(payload + tracking_codes.check_symbol(payload))
    typed = code.replace("00", "oO", 1).replace("11", "iL", 1)
    assert tracking_codes.normalize(typed) == code


@pytest.mark.parametrize(
    "text", ["", "26", "hello", "26-ABCDE-FGHJK", "26-ABCDE-FGHJK-U", "XX-ABCDE-FGHJK-0"]
)
def test_malformed_input_is_rejected(text):
    with pytest.raises(tracking_codes.InvalidTrackingCode):
        tracking_codes.normalize(text)


def test_codes_are_unique_over_100000_generated():
    codes = {tracking_codes.generate(2026) for _ in range(100_000)}
    assert len(codes) == 100_000
