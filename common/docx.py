"""The DOCX toolkit: administrative documents as Word files an office edits before signing.

A document is an `OfficialLetter` (`common.letters`) and, beside it, any named values the
issuing app adds. docxtpl fills a Word template with them: Jinja tags in the document's text,
`{%p … %}` for tags that stand for a whole paragraph. The bundled template is drawn here with
python-docx in the layout of Nghị định 30/2020/NĐ-CP (A4, Times New Roman 13, the issuer and
number left and the national motto right, the recipients beside the signature), in the
active language. An application may let administrators replace it: `check_template` renders
a candidate with sample values and refuses it, with the reason, when it does not render.
"""

import functools
from io import BytesIO

import jinja2
import segno
from django.utils.translation import get_language
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage

from .letters import (
    OfficialLetter,
    addressee_line,
    national_motto,
    number_line,
    recipients_label,
)

FONT = "Times New Roman"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateRefused(Exception):
    """A template that cannot render; `reason` says why, in words an administrator reads."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _paragraph(
    container,
    text: str = "",
    *,
    bold=False,
    italic=False,
    underline=False,
    center=False,
    size=13,
    justify=False,
):
    paragraph = container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif justify:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_after = Pt(3)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        run.font.name = FONT
    return paragraph


def _two_columns(document, widths):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
        # A new cell holds one empty paragraph; the layout adds its own.
        cell._element.remove(cell.paragraphs[0]._element)
    return table.rows[0].cells


@functools.cache
def _bundled_template(language: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)

    motto, slogan = national_motto()
    left, right = _two_columns(document, (Mm(70), Mm(95)))
    _paragraph(left, "{{ issuer_parent|upper }}", center=True, size=12)
    _paragraph(left, "{{ issuer|upper }}", bold=True, center=True, size=12)
    _paragraph(left, number_line("{{ number }}"), center=True)
    _paragraph(right, motto, bold=True, center=True, size=12)
    _paragraph(right, slogan, bold=True, underline=True, center=True)
    _paragraph(right, "{{ place_and_date }}", italic=True, center=True)

    _paragraph(document)
    _paragraph(document, "{{ title }}", bold=True, center=True, size=14)
    _paragraph(document, "{{ summary }}", bold=True, center=True)
    _paragraph(document, "{%p if addressee %}")
    _paragraph(document, addressee_line("{{ addressee }}"), center=True)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{%p for paragraph in body %}")
    _paragraph(document, "{{ paragraph }}", justify=True)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p if qr %}")
    _paragraph(document, "{{ qr }}")
    _paragraph(document, "{%p endif %}")

    _paragraph(document)
    left, right = _two_columns(document, (Mm(80), Mm(85)))
    _paragraph(left, recipients_label(), bold=True, italic=True, size=12)
    _paragraph(left, "{%p for recipient in recipients %}")
    _paragraph(left, "- {{ recipient }};", size=11)
    _paragraph(left, "{%p endfor %}")
    _paragraph(right, "{{ signer_title|upper }}", bold=True, center=True)
    for _blank in range(3):
        _paragraph(right)
    _paragraph(right, "{{ signer_name }}", bold=True, center=True)

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bundled_template() -> bytes:
    """Return the bundled template of an administrative document, in the active language."""
    return _bundled_template(get_language() or "")


def _environment() -> jinja2.Environment:
    # Strict: a name the values lack is an error, not an empty place in a signed letter.
    # Escaped: a value holding "&" or "<" stays text in the document's XML.
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def render_docx(template: bytes, letter: OfficialLetter, values: dict | None = None) -> bytes:
    """Return the template filled with the letter and the named values, as a .docx file."""
    document = DocxTemplate(BytesIO(template))
    context = {**(values or {}), **letter.context()}
    context["qr"] = ""
    if letter.qr_text:
        image = BytesIO()
        segno.make(letter.qr_text, error="m").save(image, kind="png", scale=6, border=2)
        image.seek(0)
        context["qr"] = InlineImage(document, image, width=Mm(30))
    document.render(context, jinja_env=_environment(), autoescape=True)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_template(template: bytes, letter: OfficialLetter, values: dict | None = None) -> None:
    """Render the template with sample values; raise TemplateRefused with the reason if it fails.

    The reason names what went wrong as the library reports it: not a Word file, a tag that
    does not parse (with its line), a name the values do not have.
    """
    try:
        rendered = render_docx(template, letter, values)
        Document(BytesIO(rendered))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRefused(f"{exc.message} (line {exc.lineno})") from exc
    # Whatever a foreign file makes the libraries raise is a reason to refuse it.
    except Exception as exc:
        raise TemplateRefused(f"{type(exc).__name__}: {exc}") from exc
