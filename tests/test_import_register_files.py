"""import_register reads CSV in its encodings and headers it does not know, with a mapping file."""

import json
import unicodedata
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from cases.models import Case, Field, Petition

from .register_samples import HEADERS, sample_rows, write_csv, write_xlsx
from .test_import_register import places

ENGLISH = {
    "Số đơn": "No.",
    "Ngày nhận đơn": "Received",
    "Họ và tên": "Name",
    "Loại đơn": "Type",
    "Lĩnh vực": "Area",
    "Nội dung": "Text",
    "Địa bàn": "Commune",
    "Đơn vị xử lý": "Office",
    "Tình trạng": "Stage",
    "Ngày thụ lý": "Accepted",
    "Cán bộ xử lý": "Officer",
    "Ngày quyết định": "Decided",
    "Số quyết định": "Decision",
    "Kết quả giải quyết": "Result",
    "Ngày trả lời": "Answered",
    "Ngày kết thúc": "Closed",
    "Nơi chuyển đến": "Sent to",
    "Lý do lưu đơn": "Why archived",
}
MAPPING = {
    "No.": "external_number",
    "Received": "received_on",
    "Name": "full_name",
    "Type": "kind",
    "Area": "field",
    "Text": "content",
    "Commune": "locality",
    "Office": "unit",
    "Stage": "status",
    "Accepted": "accepted_on",
    "Officer": "handler",
    "Decided": "decided_on",
    "Decision": "decision_number",
    "Result": "outcome",
    "Answered": "responded_on",
    "Closed": "closed_on",
    "Sent to": "forwarded_to",
    "Why archived": "archive_reason",
}


def rows(world, count=30):
    today = timezone.localdate()
    return [
        row.cells
        for row in sample_rows(places(world), count, today=today, cells_may_be_dates=False)
    ]


def run(*args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("import_register", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


# Grave, acute, tilde, hook above and dot below: the five tones Windows-1258 combines.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Vietnamese Windows does: tone marks as combining characters."""
    encoded = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            encoded += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in decomposed if mark in TONE_MARKS)
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            encoded += (base + tone).encode("cp1258")
    return bytes(encoded)


def test_a_utf8_csv_with_a_byte_order_mark_imports_like_the_workbook(world, tmp_path):
    path = tmp_path / "so.csv"
    write_csv(path, rows(world))
    output = run(path, "--commit")
    assert "Rows read: 30; valid: 30; imported: 30" in output
    assert Case.objects.count() == 30


def test_a_semicolon_separated_windows_1258_csv_is_read(world, tmp_path):
    plain = tmp_path / "plain.csv"
    write_csv(plain, rows(world, 10), encoding="utf-8", delimiter=";")
    path = tmp_path / "so-1258.csv"
    path.write_bytes(to_cp1258(plain.read_text(encoding="utf-8")))
    output = run(path, "--commit")
    assert "imported: 10" in output
    assert Petition.objects.filter(content__contains="Xã").exists()


def test_headers_of_another_agency_are_read_through_a_json_mapping_file(world, tmp_path):
    data = [{ENGLISH.get(key, key): value for key, value in row.items()} for row in rows(world)]
    path = tmp_path / "register.xlsx"
    write_xlsx(path, data, headers=list(ENGLISH.values()), title=None)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    output = run(path, "--mapping", mapping, "--commit")
    assert "imported: 30" in output
    assert Case.objects.count() == 30


def test_a_toml_mapping_file_works_too(world, tmp_path):
    data = [{ENGLISH.get(key, key): value for key, value in row.items()} for row in rows(world)]
    path = tmp_path / "register.csv"
    write_csv(path, data, headers=list(ENGLISH.values()))
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        "\n".join(f'"{header}" = "{column}"' for header, column in MAPPING.items()),
        encoding="utf-8",
    )
    output = run(path, "--mapping", mapping)
    assert "Rows read: 30; valid: 30" in output


def test_a_mapping_to_a_column_we_do_not_have_is_refused(world, tmp_path):
    path = tmp_path / "so.csv"
    write_csv(path, rows(world, 1))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"No.": "serial"}), encoding="utf-8")
    try:
        run(path, "--mapping", mapping)
    except CommandError as error:
        assert "unknown columns: serial" in str(error)
    else:
        raise AssertionError("the mapping was accepted")


def test_a_file_that_is_neither_excel_nor_csv_is_refused(world, tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(b"\x00\x01binary")
    try:
        run(path)
    except CommandError as error:
        assert "Upload an Excel workbook (.xlsx) or a CSV file." in str(error)
    else:
        raise AssertionError("the file was accepted")


def test_headers_are_matched_without_diacritics_case_or_spacing(world, tmp_path):
    folded = {header: header.upper() for header in HEADERS}
    folded["Ngày nhận đơn"] = "ngay  nhan don"
    folded["Lĩnh vực"] = "LINH VUC"
    data = [{folded[key]: value for key, value in row.items()} for row in rows(world, 5)]
    path = tmp_path / "so.csv"
    write_csv(path, data, headers=list(folded.values()))
    assert "valid: 5" in run(path)


def test_fields_are_found_by_abbreviation_and_part_of_their_name(world, tmp_path):
    Field.objects.create(code="boi-thuong-gpmb", name="Bồi thường, giải phóng mặt bằng")
    data = rows(world, 3)
    data[0]["Lĩnh vực"] = "GPMB"
    data[1]["Lĩnh vực"] = "giải phóng mặt bằng"
    data[2]["Lĩnh vực"] = "boi-thuong-gpmb"
    path = tmp_path / "so.csv"
    write_csv(path, data)
    assert "imported: 3" in run(path, "--commit")
    assert set(Case.objects.values_list("field__code", flat=True)) == {"boi-thuong-gpmb"}
