"""The periodic report as a printable PDF, drawn with the PDF toolkit of common.pdf."""

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from common.pdf import pdf_document, pdf_escape, pdf_styles

from .layout import (
    BREAKDOWNS,
    FORWARDING_COLUMNS,
    RECEPTION_DAYS_COLUMNS,
    SECTIONS,
    reception_days_rows,
)
from .selectors import PeriodicReport

GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.95, 0.96, 0.97)),
    ]
)


def _table(header: list[str], rows: list[tuple[str, object]], styles) -> Table:
    cells = [[Paragraph(pdf_escape(text), styles["small"]) for text in header]]
    cells += [[Paragraph(pdf_escape(label), styles["small"]), str(value)] for label, value in rows]
    table = Table(cells, colWidths=[125 * mm, 40 * mm], repeatRows=1)
    table.setStyle(GRID)
    return table


def report_pdf(report: PeriodicReport) -> bytes:
    """Return the report as an A4 PDF: the summary, then each breakdown with its total."""
    styles = pdf_styles()
    story = [
        Paragraph(
            pdf_escape(_("PERIODIC REPORT ON CITIZEN RECEPTION AND PETITIONS")), styles["title"]
        ),
        Paragraph(pdf_escape(report.unit.name), styles["center"]),
        Paragraph(pdf_escape(report.period.label()), styles["center"]),
        Spacer(1, 12),
    ]
    for title, rows in SECTIONS:
        story.append(Paragraph(f"<b>{pdf_escape(title)}</b>", styles["body"]))
        story.append(
            _table(
                [_("Figure"), _("Number")],
                [(str(label), getattr(report, name)) for name, label in rows],
                styles,
            )
        )
        story.append(Spacer(1, 8))
    for attribute, title, heading in BREAKDOWNS:
        lines = getattr(report, attribute)
        rows = [(line.label, line.count) for line in lines]
        rows.append((_("Total"), sum(line.count for line in lines)))
        story.append(Paragraph(f"<b>{pdf_escape(title)}</b>", styles["body"]))
        story.append(_table([str(heading), _("Number")], rows, styles))
        story.append(Spacer(1, 8))
    for title, columns, rows in (
        (
            _("Forwarding by unit"),
            [("unit", _("Unit")), *FORWARDING_COLUMNS],
            [
                {"unit": line.unit.name, **{n: getattr(line, n) for n, _h in FORWARDING_COLUMNS}}
                for line in report.forwarding_by_unit
            ],
        ),
        (
            _("Leaders' reception days against the legal minimum"),
            RECEPTION_DAYS_COLUMNS,
            reception_days_rows(report),
        ),
    ):
        story.append(Paragraph(f"<b>{pdf_escape(title)}</b>", styles["body"]))
        story.append(_grid(columns, rows, styles))
        story.append(Spacer(1, 8))
    return pdf_document(story, title=str(_("Periodic report")))


def _grid(columns, rows, styles) -> Table:
    cells = [[Paragraph(pdf_escape(heading), styles["small"]) for _name, heading in columns]]
    cells += [
        [Paragraph(pdf_escape(str(row[name])), styles["small"]) for name, _heading in columns]
        for row in rows
    ]
    table = Table(cells, repeatRows=1)
    table.setStyle(GRID)
    return table
