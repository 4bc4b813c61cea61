"""The periodic report as an Excel workbook: a summary sheet and one sheet per breakdown.

Totals are SUM formulas over the cells above them, so that the file stays right when an
officer corrects a figure by hand; openpyxl writes the formulas and Excel computes them.
"""

import re
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .layout import (
    BREAKDOWNS,
    FORWARDING_COLUMNS,
    RECEPTION_DAYS_COLUMNS,
    SECTIONS,
    reception_days_rows,
)
from .selectors import PeriodicReport

FIRST_ROW = 5  # below the title, the unit and period, a blank row and the headings
BOLD = Font(bold=True)


def _sheet_title(text: str) -> str:
    # Excel refuses these characters and names longer than 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def _heading(sheet: Worksheet, report: PeriodicReport, title: str, columns: list[str]) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{report.unit.name} · {report.period.label()}"])
    sheet.append([])
    sheet.append(columns)
    for cell in sheet[FIRST_ROW - 1]:
        cell.font = BOLD


def _total_row(sheet: Worksheet, columns: str, last: int) -> int:
    """Append a "Total" row with a SUM over each column's data rows; return its number."""
    row = sheet.max_row + 1
    sheet.cell(row=row, column=1, value=_("Total")).font = BOLD
    for column in columns:
        formula = f"=SUM({column}{FIRST_ROW}:{column}{last})" if last >= FIRST_ROW else 0
        sheet[f"{column}{row}"] = formula
        sheet[f"{column}{row}"].font = BOLD
    return row


def _table(workbook: Workbook, report, *, tab: str, title: str, columns: list, rows) -> Worksheet:
    """Add a sheet holding one table: the heading, then a row a line, its first column wide."""
    sheet = workbook.create_sheet(_sheet_title(tab))
    _heading(sheet, report, title, [str(column) for column in columns])
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 40
    return sheet


def report_xlsx(report: PeriodicReport) -> bytes:
    """Return the report as an .xlsx file (never any person's identity: figures only)."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_title(_("Summary"))
    totals = {}
    for attribute, title, heading in BREAKDOWNS:
        sheet = _table(
            workbook,
            report,
            tab=str(title),
            title=str(title),
            columns=[heading, _("Code"), _("Number")],
            rows=([line.label, line.code, line.count] for line in getattr(report, attribute)),
        )
        total = _total_row(sheet, "C", sheet.max_row)
        totals[attribute] = f"='{sheet.title}'!C{total}"
        sheet.column_dimensions["B"].width = 22
    months = _table(
        workbook,
        report,
        tab=_("By month"),
        title=_("Received and decided by month"),
        columns=[_("Month"), _("Received"), _("Decided"), _("Decided late")],
        rows=(
            [f"{month.month:%m/%Y}", month.received, month.resolved, month.resolved_overdue]
            for month in report.months
        ),
    )
    _total_row(months, "BCD", months.max_row)
    _table(
        workbook,
        report,
        tab=_("Forwarding by unit"),
        title=_("Forwarding by unit"),
        columns=[_("Unit"), *(heading for _name, heading in FORWARDING_COLUMNS)],
        rows=(
            [line.unit.name, *(getattr(line, name) for name, _h in FORWARDING_COLUMNS)]
            for line in report.forwarding_by_unit
        ),
    )
    days = _table(
        workbook,
        report,
        tab=_("Reception days"),
        title=_("Leaders' reception days against the legal minimum"),
        columns=[label for _name, label in RECEPTION_DAYS_COLUMNS],
        rows=(
            [row[name] for name, _label in RECEPTION_DAYS_COLUMNS]
            for row in reception_days_rows(report)
        ),
    )
    days.column_dimensions["B"].width = 45

    _heading(
        summary,
        report,
        _("PERIODIC REPORT ON CITIZEN RECEPTION AND PETITIONS"),
        [_("Figure"), _("Number")],
    )
    # The breakdowns' totals stand for the figures they break down, as formulas.
    linked = {"received": totals["by_kind"], "resolved": totals["by_outcome"]}
    for title, rows in SECTIONS:
        summary.append([str(title)])
        summary.cell(row=summary.max_row, column=1).font = BOLD
        for attribute, label in rows:
            summary.append([str(label), linked.get(attribute, getattr(report, attribute))])
    summary.column_dimensions["A"].width = 55
    summary.column_dimensions["B"].width = 14
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
