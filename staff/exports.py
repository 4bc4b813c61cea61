"""The reception book as an Excel workbook (Mẫu 06-TCD's columns)."""

from datetime import date
from io import BytesIO

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .book import BookEntry

COLUMN_WIDTHS = (6, 12, 34, 40, 22, 18, 28, 22, 26)


def reception_book_xlsx(entries: list[BookEntry], *, day: date, unit_name: str) -> bytes:
    """Return the day's reception book as an .xlsx file.

    Exports never carry a denouncer's identity, whoever asks
    (docs/denouncer-protection.md#where-identities-never-appear).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Reception book")[:31]
    sheet.append([_("RECEPTION BOOK")])
    sheet.append([f"{unit_name} · {formats.date_format(day, 'd/m/Y')}"])
    sheet.append([])
    headers = [
        _("No."),
        _("Time"),
        _("Name and address, or group"),
        _("Matter"),
        _("Tracking code"),
        _("Case"),
        _("What was done"),
        _("Received by"),
        _("Presided by"),
    ]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for number, entry in enumerate(entries, start=1):
        sheet.append(
            [
                number,
                formats.time_format(timezone.localtime(entry.petition.received_at), "H:i"),
                entry.people(),
                entry.petition.subject,
                entry.petition.tracking_code,
                entry.petition.case.reference,
                entry.outcome,
                entry.received_by,
                entry.presided_by,
            ]
        )
    for index, width in enumerate(COLUMN_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
