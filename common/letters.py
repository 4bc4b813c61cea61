"""The parts of a Vietnamese administrative document, shared by the PDF and DOCX toolkits.

Nghị định 30/2020/NĐ-CP (công tác văn thư) lays a document out the same way whatever it
says: the issuing body and its number and symbol on the left, the national motto and the
place and date on the right, the title and what it is about, the text, then the recipients
(nơi nhận) beside the signature. `OfficialLetter` holds those parts; `common.pdf` draws it
and `common.docx` fills a Word template with it. Nothing here knows what the letter is for.
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class OfficialLetter:
    issuer: str
    # The body the issuer belongs to (cơ quan chủ quản), printed above it; may be empty.
    issuer_parent: str
    # "……/TB-UBND": the number is left blank for the records office to give.
    number: str
    place: str
    day: date
    title: str
    # What it is about (trích yếu), under the title.
    summary: str
    # "Kính gửi" line; empty for a document addressed to no one (a file, a receipt).
    addressee: str
    body: tuple[str, ...]
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    # A link to print as a QR code as well (a receipt's status page); empty for none.
    qr_text: str = ""

    @property
    def place_and_date(self) -> str:
        # Days below 10 and the months January and February take a leading zero.
        month = f"{self.day.month:02d}" if self.day.month < 3 else str(self.day.month)
        return _("%(place)s, %(day)s/%(month)s/%(year)s") % {
            "place": self.place,
            "day": f"{self.day.day:02d}",
            "month": month,
            "year": self.day.year,
        }

    def context(self) -> dict:
        """Return the letter as a template's variables: its fields and the printed date line."""
        values = asdict(self)
        values["day"] = f"{self.day:%d/%m/%Y}"
        values["body"] = list(self.body)
        values["recipients"] = list(self.recipients)
        values["place_and_date"] = self.place_and_date
        return values


def national_motto() -> tuple[str, str]:
    """Return the national name and motto (Quốc hiệu and Tiêu ngữ) as every document heads."""
    return _("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence – Freedom – Happiness")


def number_line(number: str) -> str:
    return _("No. %(number)s") % {"number": number}


def addressee_line(addressee: str) -> str:
    return _("To: %(addressee)s") % {"addressee": addressee}


def recipients_label() -> str:
    return _("Recipients:")
