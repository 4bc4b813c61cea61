from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from .. import permissions as can
from .choices import (
    OPEN_STATUSES,
    PUBLIC_REPORT_KINDS,
    ArchiveReason,
    Complexity,
    Kind,
    Outcome,
    ResponseMethod,
    Status,
)

SUSPENDABLE = [Status.ACCEPTED, Status.VERIFYING, Status.PROPOSED]
WITHDRAWABLE = [s for s in OPEN_STATUSES if s != Status.RESOLVED]


def _is_public_report(case: "Case") -> bool:
    return case.kind in PUBLIC_REPORT_KINDS


def _is_published(case: "Case") -> bool:
    return bool(case.public_description)


def _may_be_accepted(case: "Case") -> bool:
    # Anonymous denunciations are not handled (Luật Tố cáo 2018, Điều 25): archive or forward.
    return not (case.kind == Kind.DENUNCIATION and case.is_anonymous)


def _may_request_report(case: "Case") -> bool:
    # Follow-up is of a unit of this system, once, and only while its answer has not come.
    return (
        case.forwarded_to_unit_id is not None
        and case.report_requested_on is None
        and case.report_received_on is None
    )


class Case(ConcurrentTransitionMixin, models.Model):
    """The matter being handled; its petitions are the submissions about it.

    `status` changes only through the transition methods below, called by
    `cases.services.case_transition`, which also checks permission, writes the event log
    and recomputes the due dates in the same database transaction.
    """

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED, protected=True
    )
    unit = models.ForeignKey(
        "cases.Unit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    locality = models.ForeignKey(
        "cases.Locality", verbose_name=_("locality"), on_delete=models.PROTECT, related_name="cases"
    )
    field = models.ForeignKey(
        "cases.Field", verbose_name=_("field"), on_delete=models.PROTECT, related_name="cases"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    subject = models.CharField(_("subject"), max_length=500)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complexity = models.CharField(
        _("complexity"), max_length=16, choices=Complexity.choices, default=Complexity.NORMAL
    )
    is_remote_area = models.BooleanField(_("remote or hard-to-reach area"), default=False)
    is_second_time = models.BooleanField(_("second-time complaint"), default=False)
    previous_case = models.ForeignKey(
        "self",
        verbose_name=_("first-time case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_cases",
    )

    received_at = models.DateTimeField(_("received at"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)
    # Forwarding to a unit of this system (docs/lifecycle.md#transitions): the unit, and the
    # case received there, which names this one back.
    forwarded_to_unit = models.ForeignKey(
        "cases.Unit",
        verbose_name=_("forwarded to unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_from_case = models.OneToOneField(
        "self",
        verbose_name=_("forwarded from case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_to_case",
    )
    # Follow-up (theo dõi, đôn đốc): the forwarding unit asked for a report of the result,
    # due by `report_due_on`; `report_received_on` is the day the receiving unit's answer came.
    report_requested_on = models.DateField(_("report requested on"), null=True, blank=True)
    report_due_on = models.DateField(_("report due"), null=True, blank=True)
    report_received_on = models.DateField(_("report received on"), null=True, blank=True)
    archive_reason = models.CharField(
        _("archive reason"), max_length=32, choices=ArchiveReason.choices, blank=True
    )
    findings = models.TextField(_("verification findings"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    public_summary = models.TextField(_("public summary of the outcome"), blank=True)
    # Set by a handler on a recommendation or feedback: what the public may read of it and
    # where; empty while it is not published (docs/open311.md).
    public_description = models.TextField(_("published description"), blank=True)
    public_place = models.CharField(_("published place"), max_length=500, blank=True)
    response_method = models.CharField(
        _("response sent by"), max_length=16, choices=ResponseMethod.choices, blank=True
    )
    suspended_from_status = models.CharField(
        _("status before suspension"), max_length=16, choices=Status.choices, blank=True
    )

    processing_due_on = models.DateField(_("processing due"), null=True, blank=True)
    resolution_due_on = models.DateField(_("resolution due"), null=True, blank=True)
    response_due_on = models.DateField(_("response due"), null=True, blank=True)
    # The due date of the step the case is at now, and the first day it counts as due soon.
    due_on = models.DateField(_("due date"), null=True, blank=True)
    due_soon_on = models.DateField(_("due soon from"), null=True, blank=True)

    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        permissions = [("handle_case", _("Can handle this case as its assigned handler"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=[Status.VERIFYING, Status.PROPOSED])
                | models.Q(handler__isnull=False),
                name="case_handler_while_verifying",
            ),
            models.CheckConstraint(
                condition=models.Q(is_second_time=False) | models.Q(kind=Kind.COMPLAINT),
                name="case_second_time_only_complaints",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="case_status_due"),
            models.Index(fields=["unit", "status"], name="case_unit_status"),
            models.Index(
                fields=["report_due_on"],
                condition=models.Q(report_due_on__isnull=False, report_received_on__isnull=True),
                name="case_follow_up_due",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def state_fields(self):
        # django-fsm finds them by testing every field of the model, on each instance made
        # (every row read, every case imported): the one state field is known.
        return (self._meta.get_field("status"),)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_label(self) -> str:
        return self.get_status_display()

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on is not None and today > self.due_on

    @property
    def awaits_report(self) -> bool:
        """Whether the forwarding unit still waits for the receiving unit's answer."""
        return self.report_requested_on is not None and self.report_received_on is None

    def is_follow_up_overdue(self, today) -> bool:
        return self.awaits_report and self.report_due_on is not None and today > self.report_due_on

    def is_due_soon(self, today) -> bool:
        return (
            self.is_open
            and self.due_soon_on is not None
            and self.due_soon_on <= today <= self.due_on
        )

    # Transitions (docs/lifecycle.md#transitions). Each sets only this case's own fields; the
    # service does the rest.

    @transition(
        field=status,
        source=Status.RECEIVED,
        target=Status.RECEIVED,
        permission=can.reception_or_leader,
    )
    def classify(self, *, today, note="", kind=None, field=None, locality=None, unit=None):
        self.kind = kind or self.kind
        self.field = field or self.field
        self.locality = locality or self.locality
        self.unit = unit or self.unit
        if self.kind not in PUBLIC_REPORT_KINDS:
            # Only recommendations and feedback are ever published.
            self.public_description = self.public_place = ""

    @transition(
        field=status,
        source=Status.RECEIVED,
        target=Status.ACCEPTED,
        permission=can.leader,
        conditions=[_may_be_accepted],
    )
    def accept(self, *, today, note="", complexity="", remote_area=None):
        self.accepted_on = today
        self.complexity = complexity or self.complexity
        if remote_area is not None:
            self.is_remote_area = remote_area

    @transition(
        field=status,
        source=Status.RECEIVED,
        target=Status.FORWARDED,
        permission=can.reception_or_leader,
    )
    def forward(self, *, today, to_agency="", to_unit=None, request_report=False, note=""):
        """Forward to an outside agency by name, or to a unit of this system.

        Receiving the new case in `to_unit` is the service's part (`cases.services`).
        """
        self.forwarded_to = to_unit.name if to_unit else to_agency
        self.forwarded_to_unit = to_unit
        if request_report:
            self.report_requested_on = today
        self.closed_on = today

    @transition(
        field=status,
        source=Status.FORWARDED,
        target=Status.FORWARDED,
        permission=can.reception_or_leader,
        conditions=[_may_request_report],
    )
    def request_report(self, *, today, note=""):
        """Ask the receiving unit for a report of the result (theo dõi, đôn đốc)."""
        self.report_requested_on = today

    @transition(
        field=status,
        source=Status.RECEIVED,
        target=Status.GUIDED,
        permission=can.reception_or_leader,
    )
    def guide(self, *, today, note):
        self.closed_on = today

    @transition(
        field=status,
        source=Status.RECEIVED,
        target=Status.ARCHIVED,
        permission=can.reception_or_leader,
    )
    def archive(self, *, today, reason, note=""):
        self.archive_reason = reason
        self.closed_on = today

    @transition(
        field=status, source=Status.ACCEPTED, target=Status.VERIFYING, permission=can.leader
    )
    def assign(self, *, today, handler, note=""):
        self.handler = handler

    @transition(
        field=status, source=Status.VERIFYING, target=Status.VERIFYING, permission=can.leader
    )
    def reassign(self, *, today, handler, note=""):
        self.handler = handler

    @transition(
        field=status,
        source=Status.VERIFYING,
        target=Status.PROPOSED,
        permission=can.assigned_handler,
    )
    def submit_report(self, *, today, findings, note=""):
        self.findings = findings

    @transition(
        field=status, source=Status.PROPOSED, target=Status.VERIFYING, permission=can.leader
    )
    def send_back(self, *, today, reason, note=""):
        """Return the report to the handler; the reason is kept in the event log."""

    @transition(field=status, source=Status.PROPOSED, target=Status.RESOLVED, permission=can.leader)
    def resolve(self, *, today, outcome, decision_number, decision_date, public_summary, note=""):
        self.outcome = outcome
        self.decision_number = decision_number
        self.decided_on = decision_date
        self.public_summary = public_summary

    @transition(
        field=status,
        source=Status.RESOLVED,
        target=Status.RESPONDED,
        permission=can.assigned_handler_or_reception,
    )
    def respond(self, *, today, response_method, note=""):
        self.response_method = response_method
        self.responded_on = today

    @transition(
        field=status,
        source=Status.RESPONDED,
        target=Status.CLOSED,
        permission=can.reception_or_leader,
    )
    def close(self, *, today, note=""):
        self.closed_on = today

    @transition(
        field=status,
        source=WITHDRAWABLE,
        target=Status.WITHDRAWN,
        permission=can.may_record_withdrawal,
    )
    def withdraw(self, *, today, note):
        self.closed_on = today

    @transition(field=status, source=SUSPENDABLE, target=Status.SUSPENDED, permission=can.leader)
    def suspend(self, *, today, reason, note=""):
        self.suspended_from_status = self.status

    @transition(
        field=status,
        source=Status.SUSPENDED,
        target=RETURN_VALUE(*SUSPENDABLE),
        permission=can.leader,
    )
    def resume(self, *, today, note=""):
        previous, self.suspended_from_status = self.suspended_from_status, ""
        return previous

    @transition(
        field=status, source=Status.SUSPENDED, target=Status.TERMINATED, permission=can.leader
    )
    def terminate(self, *, today, reason, note=""):
        self.closed_on = today

    @transition(
        field=status,
        source="*",
        target=None,
        permission=can.may_publish,
        conditions=[_is_public_report],
    )
    def publish(self, *, today, public_description, public_place="", note=""):
        """Let the public read this description and place, with the petition's point and link."""
        self.public_description = public_description
        self.public_place = public_place

    @transition(
        field=status,
        source="*",
        target=None,
        permission=can.may_publish,
        conditions=[_is_published],
    )
    def unpublish(self, *, today, note=""):
        self.public_description = self.public_place = ""

    @transition(field=status, source=SUSPENDABLE, target=None, permission=can.leader)
    def extend(self, *, today, days, reason, complexity="", note=""):
        """Extend the resolution deadline; the service records the extension."""
        self.complexity = complexity or self.complexity
