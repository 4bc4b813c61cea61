"""The documents the staff pages issue, each as a PDF and as a Word file an office edits.

Every document is an administrative letter (`common.letters.OfficialLetter`), drawn as PDF by
`common.pdf` and filled into a Word template by `common.docx`: the administrator's template
for that kind if one is in place (`staff.models.DocumentTemplate`), else the bundled one.
A template also receives the named values of `document_values`, the same names for every
kind, so that an office may word its own letter. No document shows a denouncer to a reader
who may not see them: the sender's name comes from the identity revealed to that reader.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.deadlines import compute_deadlines
from cases.identity import Identity
from cases.models import Case, Kind, Petition, Status, Unit
from cases.permissions import may_prepare_verification_file
from common.docx import bundled_template, render_docx
from common.letters import OfficialLetter
from common.pdf import official_letter_pdf

from .models import DocumentKind, DocumentTemplate

logger = logging.getLogger(__name__)

NEXT_STEPS = {
    Kind.COMPLAINT: gettext_lazy(
        "The agency examines the complaint and decides whether to accept it for handling "
        "(thụ lý), forwards it or tells you which agency is competent. Once it is accepted, "
        "the law sets the time allowed to resolve it."
    ),
    Kind.DENUNCIATION: gettext_lazy(
        "The agency records and classifies the denunciation, checks its competence and "
        "decides whether to accept it. Your identity is protected by the Law on Denunciation."
    ),
    Kind.RECOMMENDATION: gettext_lazy(
        "The agency examines the recommendation, assigns it to an officer and answers you."
    ),
    Kind.FEEDBACK: gettext_lazy(
        "The agency examines the feedback, assigns it to an officer and answers you."
    ),
}

# The symbol of each kind of document in its number (Nghị định 30/2020/NĐ-CP, Phụ lục III):
# TB thông báo, PC phiếu chuyển, HD hướng dẫn; a receipt and a file take none.
SYMBOLS = {
    DocumentKind.ACCEPTANCE: "TB",
    DocumentKind.FORWARDING_SLIP: "PC",
    DocumentKind.FORWARDING_NOTICE: "TB",
    DocumentKind.GUIDANCE: "HD",
    DocumentKind.LETTER: "TB",
}
BLANK = "……"

# The values every template receives besides the letter's parts, whatever its kind.
VALUE_NAMES = (
    "reference",
    "tracking_code",
    "kind",
    "subject",
    "received_on",
    "handling_unit",
    "status",
    "petitioner_name",
    "petitioner_address",
    "forwarded_to",
    "forwarded_on",
    "report_due_on",
    "archive_reason",
    "guidance",
    "outcome",
    "decision_number",
    "decision_date",
    "public_summary",
)


def next_steps(kind: str) -> str:
    return str(NEXT_STEPS[kind])


def _show(day: date | None) -> str:
    return formats.date_format(day, "d/m/Y") if day else BLANK


# --- The sender, as the reader may see them --------------------------------------------------


@dataclass(frozen=True)
class Sender:
    """Who sent a petition, as one reader may be shown it: a name and an address."""

    name: str
    address: str

    @classmethod
    def of(cls, petition: Petition | None, identity: Identity | None) -> "Sender":
        """Return the sender revealed by `identity`, or what a reader who may not see it gets."""
        if petition is None or petition.is_anonymous:
            return cls(_("Anonymous"), "")
        if identity is None:
            return cls(_("(identity protected)"), "")
        person = identity.addressee
        if person is None:
            return cls(_("Group of %(count)d people") % {"count": petition.group_size}, "")
        return cls(person.full_name, person.address)


def document_values(case: Case, petition: Petition | None, sender: Sender) -> dict[str, str]:
    """Return the named values a template may print, for any kind of document."""
    forward_day = case.closed_on if case.status == Status.FORWARDED else None
    values = {
        "reference": case.reference,
        "tracking_code": petition.tracking_code if petition else "",
        "kind": case.get_kind_display(),
        "subject": case.subject,
        "received_on": _show(timezone.localdate(case.received_at)),
        "handling_unit": case.unit.name,
        "status": case.status_label,
        "petitioner_name": sender.name,
        "petitioner_address": sender.address,
        "forwarded_to": case.forwarded_to,
        "forwarded_on": _show(forward_day) if forward_day else "",
        "report_due_on": _show(case.report_due_on) if case.report_due_on else "",
        "archive_reason": case.get_archive_reason_display() if case.archive_reason else "",
        "guidance": _guidance_note(case),
        "outcome": case.get_outcome_display() if case.outcome else "",
        "decision_number": case.decision_number,
        "decision_date": _show(case.decided_on) if case.decided_on else "",
        "public_summary": case.public_summary,
    }
    return values


def sample_values() -> dict[str, str]:
    """Return a value for every name, to check an administrator's template with."""
    return {name: BLANK for name in VALUE_NAMES}


def sample_letter() -> OfficialLetter:
    """Return a letter with every part filled, to check an administrator's template with."""
    return OfficialLetter(
        issuer=BLANK,
        issuer_parent=BLANK,
        number=BLANK,
        place=BLANK,
        day=timezone.localdate(),
        title=BLANK,
        summary=BLANK,
        addressee=BLANK,
        body=(BLANK,),
        signer_title=BLANK,
        signer_name=BLANK,
        recipients=(BLANK,),
        qr_text="https://example.vn/",
    )


def _guidance_note(case: Case) -> str:
    if case.status != Status.GUIDED:
        return ""
    event = case.events.filter(action="guide").order_by("-sequence").first()
    return event.note if event else ""


# --- The letter's frame ------------------------------------------------------------------------


def _place(unit: Unit) -> str:
    """Return the place the unit writes its letters from, its own or the nearest above it."""
    while unit is not None:
        if unit.place_name:
            return unit.place_name
        unit = unit.parent
    return BLANK


def _number(unit: Unit, kind: str) -> str:
    symbol = SYMBOLS.get(kind)
    if symbol is None:
        return BLANK
    return f"{BLANK}/{symbol}-{unit.abbreviation}" if unit.abbreviation else f"{BLANK}/{symbol}"


def _letter(
    kind: str,
    unit: Unit,
    *,
    title: str,
    body: list[str],
    summary: str = "",
    addressee: str = "",
    recipients: tuple[str, ...] = (),
    signer_title: str = "",
    signer_name: str | None = None,
    qr_text: str = "",
) -> OfficialLetter:
    head = unit.head
    return OfficialLetter(
        issuer=unit.name,
        issuer_parent=unit.parent.name if unit.parent_id else "",
        number=_number(unit, kind),
        place=_place(unit),
        day=timezone.localdate(),
        title=title,
        summary=summary,
        addressee=addressee,
        body=tuple(text for text in body if text),
        signer_title=signer_title or _("Head of the unit"),
        signer_name=signer_name
        if signer_name is not None
        else head.get_full_name()
        if head
        else "",
        recipients=(*recipients, _("Archive: records office")),
        qr_text=qr_text,
    )


def _received(case: Case, petition: Petition | None, sender: Sender) -> str:
    return _(
        "On %(date)s %(unit)s received the %(kind)s of %(name)s about: %(subject)s "
        "(tracking code %(code)s, case %(reference)s)."
    ) % {
        "reference": case.reference,
        "date": _show(timezone.localdate(petition.received_at if petition else case.received_at)),
        "unit": case.unit.name,
        "kind": case.get_kind_display().lower(),
        "name": sender.name,
        "subject": case.subject,
        "code": petition.tracking_code if petition else BLANK,
    }


# --- Each document -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """What a petition's receipt says, for the HTML print view, the PDF and the DOCX alike."""

    petition: Petition
    case: Case
    status_url: str
    petitioner_name: str
    subject: str
    next_steps: str
    due_on: date | None
    deadline_explanation: str

    @property
    def received_at(self):
        return timezone.localtime(self.petition.received_at)


def build_receipt(petition: Petition, *, status_url: str, identity: Identity | None) -> Receipt:
    """Return the receipt of a petition; the time limit comes from the deadline engine.

    `identity` is the sender as revealed to the user, or None where it stays hidden.
    """
    case = petition.case
    deadlines = compute_deadlines(case)
    step = deadlines.processing if case.status == Status.RECEIVED else None
    step = step or deadlines.resolution or deadlines.response
    if petition.petitioner_id is None:
        name = (
            _("Anonymous")
            if petition.is_anonymous
            else _("Group of %(count)d people") % {"count": petition.group_size}
        )
    elif identity is not None:
        name = identity.petitioner.full_name
    else:
        name = _("(protected)")
    return Receipt(
        petition=petition,
        case=case,
        status_url=status_url,
        petitioner_name=name,
        subject=identity.subject if identity is not None else petition.subject,
        next_steps=next_steps(case.kind),
        due_on=case.due_on,
        deadline_explanation=step.explain() if step else "",
    )


def _received_by(petition: Petition) -> str:
    if petition.received_by is None:
        return _("the online portal")
    return petition.received_by.get_full_name()


def receipt_letter(receipt: Receipt) -> OfficialLetter:
    petition, case = receipt.petition, receipt.case
    rows = [
        (_("Tracking code"), petition.tracking_code),
        (_("Received at"), formats.date_format(receipt.received_at, "d/m/Y H:i")),
        (_("Kind"), case.get_kind_display()),
        (_("Channel"), petition.get_channel_display()),
        (_("From"), receipt.petitioner_name),
        (_("Subject"), receipt.subject),
        (_("Case"), case.reference),
        (_("Handling unit"), case.unit.name),
        (_("What happens next"), receipt.next_steps),
        (_("Time limit"), receipt.deadline_explanation),
    ]
    return _letter(
        DocumentKind.RECEIPT,
        case.unit,
        title=_("RECEIPT OF A PETITION"),
        body=[
            *(f"{label}: {value}" for label, value in rows),
            _("Check the status at %(url)s") % {"url": receipt.status_url},
        ],
        recipients=(receipt.petitioner_name,),
        signer_title=_("Received by"),
        signer_name=_received_by(petition),
        qr_text=receipt.status_url,
    )


def acceptance_letter(case: Case, petition: Petition | None, sender: Sender) -> OfficialLetter:
    """The notice that the case was accepted for handling, or refused (an archived case)."""
    kind = case.get_kind_display().lower()
    if case.status == Status.ARCHIVED:
        summary = _("On not accepting a %(kind)s") % {"kind": kind}
        decision = _("%(unit)s does not accept it for handling, for this reason: %(reason)s.") % {
            "unit": case.unit.name,
            "reason": case.get_archive_reason_display(),
        }
        limit = ""
    else:
        summary = _("On accepting a %(kind)s for handling") % {"kind": kind}
        decision = _(
            "%(unit)s accepted it for handling on %(date)s, under the case reference %(reference)s."
        ) % {"unit": case.unit.name, "date": _show(case.accepted_on), "reference": case.reference}
        resolution = compute_deadlines(case).resolution
        limit = (
            _("The time limit for resolving it: %(limit)s") % {"limit": resolution.explain()}
            if resolution
            else ""
        )
    return _letter(
        DocumentKind.ACCEPTANCE,
        case.unit,
        title=_("NOTICE"),
        summary=summary,
        addressee=sender.name,
        body=[_received(case, petition, sender), decision, limit],
        recipients=(sender.name,),
    )


def forwarding_slip_letter(case: Case, petition: Petition | None, sender: Sender) -> OfficialLetter:
    """The slip that goes with the petition to the unit or agency it is forwarded to."""
    count = case.petitions.count()
    report = ""
    if case.report_requested_on:
        report = _("Please report the result to %(unit)s by %(date)s.") % {
            "unit": case.unit.name,
            "date": _show(case.report_due_on),
        }
    return _letter(
        DocumentKind.FORWARDING_SLIP,
        case.unit,
        title=_("PETITION FORWARDING SLIP"),
        addressee=case.forwarded_to,
        body=[
            _received(case, petition, sender),
            _(
                "The matter is outside the competence of %(unit)s, which forwards it to "
                "%(to)s to examine and handle within its competence."
            )
            % {"unit": case.unit.name, "to": case.forwarded_to},
            report,
            ngettext(
                "Enclosed: %(count)d petition and the documents that came with it.",
                "Enclosed: %(count)d petitions and the documents that came with them.",
                count,
            )
            % {"count": count},
        ],
        recipients=(case.forwarded_to, sender.name),
    )


def _follow_after_forwarding(case: Case, petition: Petition | None) -> str:
    """The code follows a petition forwarded inside the system; one that left it stops at the
    forwarding step (docs/tracking-codes.md#the-code-follows-the-petition)."""
    code = petition.tracking_code if petition else BLANK
    if case.forwarded_to_unit_id:
        return _("You can follow it with the same tracking code: %(code)s.") % {"code": code}
    return _(
        "The tracking code %(code)s shows that it was forwarded; %(to)s will tell you how it is "
        "handled from now on."
    ) % {"code": code, "to": case.forwarded_to}


def forwarding_notice_letter(
    case: Case, petition: Petition | None, sender: Sender
) -> OfficialLetter:
    """The notice telling the petitioner where the petition went (for a denunciation, the
    notice Luật Tố cáo 2018, Điều 24 requires)."""
    return _letter(
        DocumentKind.FORWARDING_NOTICE,
        case.unit,
        title=_("NOTICE"),
        summary=_("On forwarding a petition"),
        addressee=sender.name,
        body=[
            _received(case, petition, sender),
            _(
                "The matter is outside the competence of %(unit)s, which on %(date)s forwarded "
                "your petition to %(to)s, competent to examine and handle it."
            )
            % {"unit": case.unit.name, "date": _show(case.closed_on), "to": case.forwarded_to},
            _follow_after_forwarding(case, petition),
        ],
        recipients=(sender.name, case.forwarded_to),
    )


def guidance_letter(case: Case, petition: Petition | None, sender: Sender) -> OfficialLetter:
    return _letter(
        DocumentKind.GUIDANCE,
        case.unit,
        title=_("GUIDANCE"),
        summary=_("On where to send the %(kind)s") % {"kind": case.get_kind_display().lower()},
        addressee=sender.name,
        body=[
            _received(case, petition, sender),
            _("The matter is not within the competence of %(unit)s.") % {"unit": case.unit.name},
            _guidance_note(case),
        ],
        recipients=(sender.name,),
    )


def response_letter(case: Case, petition: Petition | None, sender: Sender) -> OfficialLetter:
    """The letter that tells the petitioner the outcome (thông báo kết quả)."""
    if case.status in (Status.RESOLVED, Status.RESPONDED, Status.CLOSED):
        outcome = [
            _("Decision or conclusion no. %(number)s of %(date)s: %(outcome)s.")
            % {
                "number": case.decision_number or "—",
                "date": _show(case.decided_on),
                "outcome": case.get_outcome_display() or "—",
            },
            case.public_summary,
        ]
    elif case.status == Status.FORWARDED:
        outcome = [
            _("Your petition is outside our competence and was forwarded to %(agency)s.")
            % {"agency": case.forwarded_to}
        ]
    else:
        outcome = [
            _("Your petition is being handled; its current status is: %(status)s.")
            % {"status": case.status_label}
        ]
    return _letter(
        DocumentKind.LETTER,
        case.unit,
        title=_("NOTICE OF THE RESULT OF HANDLING A PETITION"),
        addressee=sender.name,
        body=[
            _received(case, petition, sender),
            _("Address: %(address)s") % {"address": sender.address or "—"},
            *outcome,
        ],
        recipients=(sender.name,),
    )


def _verification_sender(petition: Petition) -> str:
    """Who sent a petition, as a file for verifiers may say it: never a denouncer."""
    if petition.identity_protected or petition.case.kind == Kind.DENUNCIATION:
        return _("(identity removed)")
    people = [petition.petitioner] if petition.petitioner else []
    people += list(petition.representatives.all())
    if not people:
        return _("Anonymous")
    return "; ".join(
        f"{person.full_name}, {person.address}" if person.address else person.full_name
        for person in people
    )


def _attachments(petition: Petition) -> str:
    files = list(petition.attachments.all())
    if not files:
        return "—"
    if petition.identity_protected:
        # The letter and its handwriting identify the denouncer
        # (docs/denouncer-protection.md#scans-and-attachments).
        return ngettext(
            "%(count)d file withheld with the identity",
            "%(count)d files withheld with the identity",
            len(files),
        ) % {"count": len(files)}
    return ", ".join(item.original_name for item in files)


def verification_file_letter(case: Case, petitions: list[Petition]) -> OfficialLetter:
    """The case's petitions for the verifiers, every denouncer's identity removed.

    A protected petition's subject and content are stored with the identity redacted, so
    they are printed as stored; its attachments are withheld.
    """
    rows = [
        (_("Case"), case.reference),
        (_("Kind"), case.get_kind_display()),
        (_("Subject"), case.subject),
        (_("Handling unit"), case.unit.name),
        (_("Field"), case.field.name),
        (_("Locality"), case.locality.name),
        (_("Received at"), _show(timezone.localdate(case.received_at))),
    ]
    for petition in petitions:
        rows += [
            (_("Petition"), petition.tracking_code),
            (_("Received at"), _show(timezone.localdate(petition.received_at))),
            (_("Channel"), petition.get_channel_display()),
            (_("From"), _verification_sender(petition)),
            (_("Subject"), petition.subject),
            (_("Content"), petition.content),
            (_("Attachments"), _attachments(petition)),
        ]
    return _letter(
        DocumentKind.VERIFICATION_FILE,
        case.unit,
        title=_("FILE FOR VERIFICATION"),
        summary=_("The denouncer's name, address, contact, ID number and handwriting are removed."),
        body=[f"{label}: {value}" for label, value in rows],
        recipients=(_("The officer assigned to verify"),),
        signer_title=_("Prepared by"),
    )


# --- Which documents a case has, and their files ---------------------------------------------

# Each case document: who is named in it (None: a file with no sender) and its letter.
CASE_LETTERS = {
    DocumentKind.ACCEPTANCE: acceptance_letter,
    DocumentKind.FORWARDING_SLIP: forwarding_slip_letter,
    DocumentKind.FORWARDING_NOTICE: forwarding_notice_letter,
    DocumentKind.GUIDANCE: guidance_letter,
    DocumentKind.LETTER: response_letter,
}


def case_documents(case: Case, user) -> list[str]:
    """Return the kinds of document this case has now, that the user may download."""
    kinds = []
    if case.accepted_on is not None or case.status == Status.ARCHIVED:
        kinds.append(DocumentKind.ACCEPTANCE)
    if case.status == Status.FORWARDED:
        kinds += [DocumentKind.FORWARDING_SLIP, DocumentKind.FORWARDING_NOTICE]
    if case.status == Status.GUIDED:
        kinds.append(DocumentKind.GUIDANCE)
    # The letter tells the outcome: there is none to tell before a decision.
    if case.decided_on is not None:
        kinds.append(DocumentKind.LETTER)
    if may_prepare_verification_file(case, user):
        kinds.append(DocumentKind.VERIFICATION_FILE)
    return kinds


@dataclass(frozen=True)
class Issued:
    """A document ready to be written in either format."""

    kind: str
    letter: OfficialLetter
    values: dict

    def pdf(self) -> bytes:
        return official_letter_pdf(self.letter)

    def docx(self) -> bytes:
        """Fill the administrator's template, or the bundled one if none is in place."""
        custom = DocumentTemplate.objects.filter(kind=self.kind).first()
        if custom is not None:
            try:
                return render_docx(bytes(custom.template), self.letter, self.values)
            except Exception:
                # It rendered with sample values when it was uploaded; the bundled one still
                # gives the office a letter, and the log tells the administrator.
                logger.exception("The %s template failed; the bundled one was used.", self.kind)
        return render_docx(bundled_template(), self.letter, self.values)


def issue(kind: str, case: Case, petition: Petition | None, sender: Sender) -> Issued:
    return Issued(
        kind, CASE_LETTERS[kind](case, petition, sender), document_values(case, petition, sender)
    )


def issue_receipt(receipt: Receipt, sender: Sender) -> Issued:
    return Issued(
        DocumentKind.RECEIPT,
        receipt_letter(receipt),
        document_values(receipt.case, receipt.petition, sender),
    )


def issue_verification_file(case: Case, petitions: list[Petition]) -> Issued:
    # The file names no sender: its values say so too.
    removed = Sender(_("(identity removed)"), "")
    first = petitions[0] if petitions else None
    return Issued(
        DocumentKind.VERIFICATION_FILE,
        verification_file_letter(case, petitions),
        document_values(case, first, removed),
    )
