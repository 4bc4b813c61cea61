"""The documents the staff pages print: the petition receipt, the response letter and the
file for verifiers, drawn with the PDF toolkit of common.pdf."""

from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from cases.deadlines import compute_deadlines
from cases.identity import Identity
from cases.models import Case, Kind, Petition, Status
from common.pdf import QRCode, label_rows, pdf_document, pdf_escape, pdf_styles, show_date

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


def next_steps(kind: str) -> str:
    return str(NEXT_STEPS[kind])


@dataclass(frozen=True)
class Receipt:
    """What a petition's receipt says, for the HTML print view and the PDF alike."""

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


def receipt_pdf(receipt: Receipt) -> bytes:
    styles = pdf_styles()
    petition, case = receipt.petition, receipt.case
    code_block = Table(
        [
            [
                [
                    Paragraph(pdf_escape(_("Tracking code")), styles["small"]),
                    Paragraph(pdf_escape(petition.tracking_code), styles["code"]),
                    Paragraph(
                        pdf_escape(_("Check the status at %(url)s") % {"url": receipt.status_url}),
                        styles["small"],
                    ),
                ],
                QRCode(receipt.status_url),
            ]
        ],
        colWidths=[None, 36 * mm],
    )
    code_block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [
        Paragraph(pdf_escape(case.unit.name.upper()), styles["center"]),
        Spacer(1, 4 * mm),
        Paragraph(pdf_escape(_("RECEIPT OF A PETITION")), styles["title"]),
        Spacer(1, 6 * mm),
        code_block,
        Spacer(1, 4 * mm),
        label_rows(
            [
                (_("Received at"), formats.date_format(receipt.received_at, "d/m/Y H:i")),
                (_("Kind"), case.get_kind_display()),
                (_("Channel"), petition.get_channel_display()),
                (_("From"), receipt.petitioner_name),
                (_("Subject"), receipt.subject),
                (_("Case"), case.reference),
                (_("Handling unit"), case.unit.name),
            ],
            styles,
        ),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{pdf_escape(_('What happens next'))}</b>", styles["body"]),
        Paragraph(pdf_escape(receipt.next_steps), styles["body"]),
        Paragraph(f"<b>{pdf_escape(_('Time limit'))}</b>", styles["body"]),
        Paragraph(pdf_escape(receipt.deadline_explanation), styles["body"]),
        Spacer(1, 10 * mm),
        Paragraph(
            pdf_escape(_("Received by: %(name)s") % {"name": _received_by(petition)}),
            styles["body"],
        ),
    ]
    return pdf_document(story, title=_("Receipt %(code)s") % {"code": petition.tracking_code})


def _received_by(petition: Petition) -> str:
    if petition.received_by is None:
        return _("the online portal")
    return petition.received_by.get_full_name()


def response_letter_pdf(case: Case, *, addressee: str, address: str, signer: str) -> bytes:
    """Return the letter that tells the petitioner the outcome (thông báo kết quả)."""
    styles = pdf_styles()
    today = timezone.localdate()
    if case.status in (Status.RESOLVED, Status.RESPONDED, Status.CLOSED):
        outcome = [
            Paragraph(
                pdf_escape(
                    _("Decision or conclusion no. %(number)s of %(date)s: %(outcome)s.")
                    % {
                        "number": case.decision_number or "—",
                        "date": show_date(case.decided_on),
                        "outcome": case.get_outcome_display() or "—",
                    }
                ),
                styles["body"],
            ),
            Paragraph(pdf_escape(case.public_summary), styles["body"]),
        ]
    elif case.status == Status.FORWARDED:
        outcome = [
            Paragraph(
                pdf_escape(
                    _("Your petition is outside our competence and was forwarded to %(agency)s.")
                    % {"agency": case.forwarded_to}
                ),
                styles["body"],
            )
        ]
    else:
        outcome = [
            Paragraph(
                pdf_escape(
                    _("Your petition is being handled; its current status is: %(status)s.")
                    % {"status": case.status_label}
                ),
                styles["body"],
            )
        ]
    first = case.petitions.order_by("received_at").first()
    story = [
        Paragraph(pdf_escape(case.unit.name.upper()), styles["body"]),
        Paragraph(
            pdf_escape(_("Reference: %(reference)s") % {"reference": case.reference}),
            styles["small"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(pdf_escape(_("NOTICE OF THE RESULT OF HANDLING A PETITION")), styles["title"]),
        Spacer(1, 6 * mm),
        Paragraph(pdf_escape(_("To: %(name)s") % {"name": addressee}), styles["body"]),
        Paragraph(
            pdf_escape(_("Address: %(address)s") % {"address": address or "—"}), styles["body"]
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            pdf_escape(
                _(
                    "On %(date)s %(unit)s received your %(kind)s about: %(subject)s "
                    "(tracking code %(code)s)."
                )
                % {
                    "date": show_date(timezone.localdate(case.received_at)),
                    "unit": case.unit.name,
                    "kind": case.get_kind_display().lower(),
                    "subject": case.subject,
                    "code": first.tracking_code if first else "—",
                }
            ),
            styles["body"],
        ),
        *outcome,
        Spacer(1, 10 * mm),
        Paragraph(pdf_escape(_("Date: %(date)s") % {"date": show_date(today)}), styles["body"]),
        Paragraph(pdf_escape(signer), styles["body"]),
    ]
    return pdf_document(story, title=_("Letter %(reference)s") % {"reference": case.reference})


def _sender(petition: Petition) -> str:
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


def verification_file_pdf(case: Case, petitions: list[Petition]) -> bytes:
    """Return the case's petitions for the verifiers, every denouncer's identity removed.

    A protected petition's subject and content are stored with the identity redacted, so
    they are printed as stored; its attachments are withheld.
    """
    styles = pdf_styles()
    story = [
        Paragraph(pdf_escape(case.unit.name.upper()), styles["body"]),
        Spacer(1, 4 * mm),
        Paragraph(pdf_escape(_("FILE FOR VERIFICATION")), styles["title"]),
        Paragraph(
            pdf_escape(
                _("The denouncer's name, address, contact, ID number and handwriting are removed.")
            ),
            styles["center"],
        ),
        Spacer(1, 6 * mm),
        label_rows(
            [
                (_("Case"), case.reference),
                (_("Kind"), case.get_kind_display()),
                (_("Subject"), case.subject),
                (_("Handling unit"), case.unit.name),
                (_("Field"), case.field.name),
                (_("Locality"), case.locality.name),
                (_("Received at"), show_date(timezone.localdate(case.received_at))),
            ],
            styles,
        ),
    ]
    for petition in petitions:
        story += [
            Spacer(1, 6 * mm),
            Paragraph(
                f"<b>{pdf_escape(_('Petition %(code)s') % {'code': petition.tracking_code})}</b>",
                styles["body"],
            ),
            label_rows(
                [
                    (_("Received at"), show_date(timezone.localdate(petition.received_at))),
                    (_("Channel"), petition.get_channel_display()),
                    (_("From"), _sender(petition)),
                    (_("Subject"), petition.subject),
                    (_("Content"), petition.content),
                    (_("Attachments"), _attachments(petition)),
                ],
                styles,
            ),
        ]
    return pdf_document(
        story, title=_("Verification file %(reference)s") % {"reference": case.reference}
    )
