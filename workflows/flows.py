"""How each kind of case travels from receipt to response (docs/lifecycle.md#flows).

The graphs only: each step is completed by a transition of the case, and the gateways
route on the status that transition left the case in. Side exits (withdraw, suspend,
resume, terminate, extend) are events applied by `workflows.sync`.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases import permissions as can
from cases.models import Kind, Status
from cases.permissions import Role

from .models import CaseProcess, CaseTask
from .nodes import CaseStep, step_left_case_in

RECEPTION_OR_LEADER = (Role.RECEPTION, Role.LEADER)


class CaseFlowMixin:
    """What every case flow shares besides its graph: the models, the lock, the start."""

    process_class = CaseProcess
    task_class = CaseTask
    # One case's events are applied one at a time; PostgreSQL row locks make that cheap.
    lock_impl = lock.select_for_update_lock

    def start_case(self, activation, *, case, sequence: int):
        activation.process.case = case
        activation.process.artifact = case
        activation.process.synced_sequence = sequence
        return activation.process

    def handler_of(self, activation):
        return activation.process.case.handler


# The nodes every flow shares, made fresh for each: viewflow binds a node to one flow class.
# Each flow keeps the same attribute names, which viewflow stores as its tasks' names.


def start_node():
    return flow.StartHandle(this.start_case).Next(this.process_petition)


def process_petition_step(*, transitions: list[str], title, description):
    return (
        CaseStep(status=Status.RECEIVED, transitions=transitions)
        .Annotation(title=title, description=description)
        .Permission(can.reception_or_leader, roles=RECEPTION_OR_LEADER)
        .Next(this.check_processing)
    )


def check_processing_switch():
    return flow.Switch().Case(this.assign, step_left_case_in(Status.ACCEPTED)).Default(this.end)


def assign_step():
    return (
        CaseStep(status=Status.ACCEPTED, transitions=["assign"])
        .Annotation(title=_("Assign a handler"))
        .Permission(can.leader, roles=[Role.LEADER])
        .Next(this.verify)
    )


def verify_step(title):
    return (
        CaseStep(status=Status.VERIFYING, transitions=["submit_report"])
        .Annotation(title=title)
        .Assign(this.handler_of)
        .Permission(can.assigned_handler, roles=[Role.HANDLER])
        .Next(this.review)
    )


def review_step(title):
    return (
        CaseStep(status=Status.PROPOSED, transitions=["resolve", "send_back"])
        .Annotation(title=title)
        .Permission(can.leader, roles=[Role.LEADER])
        .Next(this.check_review)
    )


def check_review_switch():
    return (
        flow.Switch()
        .Case(this.respond, step_left_case_in(Status.RESOLVED))
        .Case(this.verify, step_left_case_in(Status.VERIFYING))
        .Default(this.end)
    )


def respond_step(title, *, then=None):
    """The answer to the petitioner; then the end, or the step `then` names."""
    return (
        CaseStep(status=Status.RESOLVED, transitions=["respond"])
        .Annotation(title=title)
        .Permission(can.assigned_handler_or_reception, roles=[Role.RECEPTION, Role.HANDLER])
        .Next(then or this.end)
    )


class ComplaintFlow(CaseFlowMixin, flow.Flow):
    """Complaint (khiếu nại)

    Luật Khiếu nại 2011: accept within 10 days, resolve within 30 (45, 60 or 70 for
    complex, remote or second-time cases), answer, and close once the appeal window ends.
    """

    process_title = _("Complaint")

    start = start_node()
    process_petition = process_petition_step(
        transitions=["accept", "forward", "guide", "archive"],
        title=_("Process the petition"),
        description=_("Classify, then accept, forward, guide or archive."),
    )
    check_processing = check_processing_switch()
    assign = assign_step()
    verify = verify_step(_("Verify and report"))
    review = review_step(_("Decide or send back"))
    check_review = check_review_switch()
    respond = respond_step(_("Send the decision to the complainant"), then=this.close)
    close = (
        CaseStep(status=Status.RESPONDED, transitions=["close"])
        .Annotation(
            title=_("Close after the appeal window"),
            description=_("The complainant may complain a second time within 30 days."),
        )
        .Permission(can.reception_or_leader, roles=RECEPTION_OR_LEADER)
        .Next(this.end)
    )
    end = flow.End()


class DenunciationFlow(CaseFlowMixin, flow.Flow):
    """Denunciation (tố cáo)

    Luật Tố cáo 2018: initial handling within 7 working days, resolution within 30 days
    with up to two extensions by complexity, the denouncer's identity protected throughout.
    """

    process_title = _("Denunciation")

    start = start_node()
    process_petition = process_petition_step(
        # Guidance is for complaints; a denunciation outside our competence is forwarded.
        transitions=["accept", "forward", "archive"],
        title=_("Process the denunciation"),
        description=_("Check the denouncer and our competence; accept, forward or archive."),
    )
    check_processing = check_processing_switch()
    assign = assign_step()
    verify = verify_step(_("Verify and report"))
    review = review_step(_("Conclude or send back"))
    check_review = check_review_switch()
    respond = respond_step(_("Notify the denouncer of the conclusion"))
    end = flow.End()


class RecommendationFlow(CaseFlowMixin, flow.Flow):
    """Recommendation or feedback (kiến nghị, phản ánh)

    No formal acceptance rules, but a handler, an answer and the agency's deadline.
    """

    process_title = _("Recommendation or feedback")

    start = start_node()
    process_petition = process_petition_step(
        transitions=["accept", "forward", "guide", "archive"],
        title=_("Take up the recommendation or feedback"),
        description=_("Take it up, or forward, guide or archive it."),
    )
    check_processing = check_processing_switch()
    assign = assign_step()
    verify = verify_step(_("Look into it and report"))
    review = review_step(_("Approve the answer or send back"))
    check_review = check_review_switch()
    respond = respond_step(_("Answer the citizen"))
    end = flow.End()


FLOWS = {
    Kind.COMPLAINT: ComplaintFlow,
    Kind.DENUNCIATION: DenunciationFlow,
    Kind.RECOMMENDATION: RecommendationFlow,
    Kind.FEEDBACK: RecommendationFlow,
}


def flow_for(kind: str) -> type[flow.Flow]:
    return FLOWS[kind]
