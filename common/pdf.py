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
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .letters import (
    OfficialLetter,
    addressee_line,
    national_motto,
    number_line,
    recipients_label,
)

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
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            alignment=TA_CENTER,
        ),
        "justified": ParagraphStyle("justified", parent=body, alignment=TA_JUSTIFY),
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


def _cell(lines, style) -> list[Paragraph]:
    return [Paragraph(line, style) for line in lines if line]


def official_letter_pdf(letter: OfficialLetter) -> bytes:
    """Return an administrative document as an A4 PDF in the layout `common.letters` names."""
    styles = pdf_styles()
    heading, small = styles["heading"], styles["small"]
    motto, slogan = national_motto()
    header = Table(
        [
            [
                _cell(
                    [
                        pdf_escape(letter.issuer_parent.upper()),
                        f"<b>{pdf_escape(letter.issuer.upper())}</b>",
                        pdf_escape(number_line(letter.number)),
                    ],
                    heading,
                ),
                _cell(
                    [
                        f"<b>{pdf_escape(motto)}</b>",
                        f"<b><u>{pdf_escape(slogan)}</u></b>",
                        f"<i>{pdf_escape(letter.place_and_date)}</i>",
                    ],
                    heading,
                ),
            ]
        ],
        colWidths=[70 * mm, None],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        header,
        Spacer(1, 8 * mm),
        Paragraph(f"<b>{pdf_escape(letter.title)}</b>", styles["title"]),
        *_cell(
            [f"<b>{pdf_escape(letter.summary)}</b>"] if letter.summary else [], styles["center"]
        ),
        Spacer(1, 4 * mm),
        *_cell(
            [pdf_escape(addressee_line(letter.addressee))] if letter.addressee else [],
            styles["center"],
        ),
        *(Paragraph(pdf_escape(text), styles["justified"]) for text in letter.body),
    ]
    if letter.qr_text:
        story.append(QRCode(letter.qr_text))
    signature = Table(
        [
            [
                _cell(
                    [f"<b><i>{pdf_escape(recipients_label())}</i></b>"]
                    + [f"- {pdf_escape(item)}" for item in letter.recipients],
                    small,
                ),
                _cell(
                    [
                        f"<b>{pdf_escape(letter.signer_title.upper())}</b>",
                        "<br/><br/><br/>",
                        f"<b>{pdf_escape(letter.signer_name)}</b>",
                    ],
                    heading,
                ),
            ]
        ],
        colWidths=[80 * mm, None],
    )
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 8 * mm), signature]
    return pdf_document(story, title=letter.title)
