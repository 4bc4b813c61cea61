"""The PDF toolkit: fonts, styles, QR codes and the page every printed document uses.

reportlab draws with a DejaVu TrueType font (Debian's fonts-dejavu-core), which holds every
Vietnamese letter; a QR code is segno's matrix drawn as vector squares, so no image library
is needed. The documents themselves live with the app that issues them.
"""

import functools
from datetime import date
from io import BytesIO
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


@functools.cache
def _register_fonts() -> None:
    """Register the Vietnamese-capable fonts once per process."""
    folder = Path(settings.PDF_FONT_DIR)
    for name in (FONT, FONT_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def pdf_styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=20, alignment=TA_CENTER
        ),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "code": ParagraphStyle("code", parent=body, fontName=FONT_BOLD, fontSize=18, leading=24),
    }


def pdf_escape(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_date(day: date | None) -> str:
    return formats.date_format(day, "d/m/Y") if day else "—"


class QRCode(Flowable):
    """A QR code drawn as squares, so the PDF needs no image library."""

    def __init__(self, text: str, size: float = 32 * mm):
        super().__init__()
        self.matrix = segno.make(text, error="m").matrix
        self.size = size
        self.width = self.height = size

    def draw(self):
        cells = len(self.matrix)
        cell = self.size / (cells + 8)
        for row, line in enumerate(self.matrix):
            for column, dark in enumerate(line):
                if dark:
                    self.canv.rect(
                        (column + 4) * cell,
                        self.size - (row + 5) * cell,
                        cell,
                        cell,
                        stroke=0,
                        fill=1,
                    )


def qr_svg(text: str) -> str:
    """Return the QR code of `text` as inline SVG for the HTML receipt."""
    return segno.make(text, error="m").svg_inline(scale=4, border=2)


def pdf_document(story, *, title: str) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="tiepdan",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story)
    return buffer.getvalue()


def label_rows(rows, styles) -> Table:
    """Return (label, value) pairs as a two-column table, labels small on the left."""
    table = Table(
        [
            [
                Paragraph(pdf_escape(label), styles["small"]),
                Paragraph(pdf_escape(value), styles["body"]),
            ]
            for label, value in rows
        ],
        colWidths=[50 * mm, None],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table
