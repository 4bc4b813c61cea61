"""The case state machine against a reference model written from docs/lifecycle.md#transitions.

Hypothesis takes random sequences of transitions by random people (a reception officer, the
handler, the unit's leader, another unit's leader) on a complaint or a denunciation. After
every step:
- the case's state is the model's;
- the event log replays, step by step, to that state, with the model's actions;
- the stored due dates equal a fresh recomputation (cases.deadlines);
- the flow agrees with the case (workflows.selectors.flow_disagreement, as sync_flows --check);
- a refused transition changed nothing.
"""

from dataclasses import dataclass, field

import pytest
from django.test import TestCase
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from cases.deadlines import apply_deadlines, compute_deadlines
from cases.exceptions import CaseError
from cases.models import Case, CaseExtension, CaseSuspension, Kind, Status
from cases.services import case_transition
from workflows.selectors import flow_disagreement

from .factories import build_world, case_in, register, resolve_data

ROLES = ("reception", "handler", "leader", "other_leader")
OPEN_BEFORE_ANSWER = {Status.ACCEPTED, Status.VERIFYING, Status.PROPOSED}
WITHDRAWABLE = {Status.RECEIVED, *OPEN_BEFORE_ANSWER, Status.SUSPENDED}


@dataclass(frozen=True)
class Rule:
    """One row of docs/lifecycle.md#transitions: from which states, to which, and who."""

    sources: frozenset
    target: str | None  # None: the state it came from (or, for resume, was suspended from)
    who: frozenset  # the roles that may take it; "handler" means the assigned one


def _rule(sources, target, *who) -> Rule:
    return Rule(
        frozenset(sources if isinstance(sources, set) else {sources}), target, frozenset(who)
    )


RECEPTION_OR_LEADER = ("reception", "leader")
LIFECYCLE = {
    "accept": _rule(Status.RECEIVED, Status.ACCEPTED, "leader"),
    "forward": _rule(Status.RECEIVED, Status.FORWARDED, *RECEPTION_OR_LEADER),
    "guide": _rule(Status.RECEIVED, Status.GUIDED, *RECEPTION_OR_LEADER),
    "archive": _rule(Status.RECEIVED, Status.ARCHIVED, *RECEPTION_OR_LEADER),
    "assign": _rule(Status.ACCEPTED, Status.VERIFYING, "leader"),
    "reassign": _rule(Status.VERIFYING, Status.VERIFYING, "leader"),
    "submit_report": _rule(Status.VERIFYING, Status.PROPOSED, "handler"),
    "send_back": _rule(Status.PROPOSED, Status.VERIFYING, "leader"),
    "resolve": _rule(Status.PROPOSED, Status.RESOLVED, "leader"),
    "respond": _rule(Status.RESOLVED, Status.RESPONDED, "handler", "reception"),
    "close": _rule(Status.RESPONDED, Status.CLOSED, *RECEPTION_OR_LEADER),
    "withdraw": _rule(WITHDRAWABLE, Status.WITHDRAWN, *RECEPTION_OR_LEADER),
    "suspend": _rule(OPEN_BEFORE_ANSWER, Status.SUSPENDED, "leader"),
    "resume": _rule(Status.SUSPENDED, None, "leader"),
    "terminate": _rule(Status.SUSPENDED, Status.TERMINATED, "leader"),
    "extend": _rule(OPEN_BEFORE_ANSWER, None, "leader"),
}


MAIN_PATH = {
    Status.RECEIVED: "accept",
    Status.ACCEPTED: "assign",
    Status.VERIFYING: "submit_report",
    Status.PROPOSED: "resolve",
    Status.RESOLVED: "respond",
    Status.RESPONDED: "close",
}


@dataclass
class Model:
    kind: str
    state: str = Status.RECEIVED
    handler: str | None = None
    suspended_from: str | None = None
    actions: list[str] = field(default_factory=lambda: ["received"])

    def may(self, name: str, role: str, data: dict) -> bool:
        rule = LIFECYCLE[name]
        if self.state not in rule.sources:
            return False
        who = rule.who
        if name == "withdraw" and self.kind == Kind.DENUNCIATION:
            who = frozenset({"leader"})  # a denunciation's withdrawal is the leader's
        if role == "handler":
            return "handler" in who and self.handler == "handler"
        if role not in who:
            return False
        if name == "reassign":
            return data["handler"] != self.handler
        # The law allows no extension of a complaint, nor of a denunciation of normal complexity.
        return name != "extend"

    def take(self, name: str, data: dict) -> None:
        rule = LIFECYCLE[name]
        if name == "suspend":
            self.suspended_from = self.state
        if name == "resume":
            self.state, self.suspended_from = self.suspended_from, None
        elif rule.target is not None:
            self.state = rule.target
        if name == "terminate":
            self.suspended_from = None
        if name in ("assign", "reassign"):
            self.handler = data["handler"]
        self.actions.append(name)


def body(name: str, handler: str) -> dict:
    today = timezone.localdate()
    return {
        "forward": {"to_agency": "Sở Tài nguyên và Môi trường"},
        "guide": {"note": "Hướng dẫn gửi đến UBND tỉnh."},
        "archive": {"reason": "unclear"},
        "assign": {"handler": handler},
        "reassign": {"handler": handler},
        "submit_report": {"findings": "Đã xác minh."},
        "send_back": {"reason": "Cần xác minh thêm."},
        "resolve": resolve_data(today),
        "respond": {"method": "post"},
        "withdraw": {"note": "Công dân rút đơn."},
        "suspend": {"reason": "Chờ kết quả giám định."},
        "terminate": {"reason": "Người khiếu nại đã chết."},
        "extend": {"days": 10, "reason": "Vụ việc phức tạp."},
    }.get(name, {})


def snapshot(case: Case) -> tuple:
    """Everything a transition may write, to tell that a refused one wrote nothing."""
    stored = Case.objects.get(pk=case.pk)
    return (
        stored.version,
        stored.status,
        stored.handler_id,
        stored.suspended_from_status,
        stored.events.count(),
        CaseSuspension.objects.filter(case=stored).count(),
        CaseExtension.objects.filter(case=stored).count(),
        *(getattr(stored, name) for name in ("due_on", "processing_due_on", "resolution_due_on")),
    )


def replayed(case: Case) -> tuple[str | None, list[str]]:
    """Replay the event log: each change starts where the one before ended."""
    state, actions = None, []
    for event in case.events.order_by("sequence"):
        if event.from_status:
            assert event.from_status == state, (event.sequence, event.from_status, state)
        state = event.to_status
        actions.append(event.action)
    return state, actions


def machine_for(world):
    people = {role: getattr(world, role) for role in ROLES}
    handlers = {"handler": world.handler.username, "handler2": world.second_handler.username}

    class CaseLifecycle(RuleBasedStateMachine):
        @initialize(kind=st.sampled_from([Kind.COMPLAINT, Kind.DENUNCIATION]))
        def receive(self, kind):
            with TestCase.captureOnCommitCallbacks(execute=True):
                self.case = register(world, kind=kind)
            self.model = Model(kind=kind)

        @rule(data=st.data(), handler=st.sampled_from(["handler", "handler", "handler2"]))
        def act(self, data, handler):
            # Mostly a transition the state has (three in four along the main path), by someone
            # it names, so that sequences reach the later states; sometimes anything by
            # anyone, to be refused. One list each: Hypothesis merges a union of samples.
            fitting = sorted(n for n, r in LIFECYCLE.items() if self.model.state in r.sources)
            step = MAIN_PATH.get(self.model.state)
            main = [step] * 3 * len(fitting) if step else []
            name = data.draw(
                st.sampled_from((fitting + main) * 4 + sorted(LIFECYCLE)), label="name"
            )
            who = sorted(LIFECYCLE[name].who)
            role = data.draw(st.sampled_from(who * 4 + list(ROLES)), label="role")
            fields = body(name, handlers[handler])
            before = snapshot(self.case)
            expected = self.model.may(name, role, {"handler": handler})
            try:
                with TestCase.captureOnCommitCallbacks(execute=True):
                    case_transition(case=self.case, actor=people[role], name=name, data=fields)
            except CaseError as refusal:
                assert not expected, f"{name} by {role} in {self.model.state}: {refusal!r}"
                assert snapshot(self.case) == before, f"refused {name} changed the case"
            else:
                assert expected, f"{name} by {role} in {self.model.state} was allowed"
                self.model.take(name, {"handler": handler})
            self.case = Case.objects.get(pk=self.case.pk)

        @invariant()
        def the_state_is_the_models(self):
            assert self.case.status == self.model.state

        @invariant()
        def the_event_log_replays_to_it(self):
            state, actions = replayed(self.case)
            assert state == self.case.status
            assert actions == self.model.actions
            assert self.case.version == len(actions)

        @invariant()
        def the_due_dates_are_a_fresh_recomputation(self):
            fresh = Case.objects.get(pk=self.case.pk)
            assert apply_deadlines(fresh, compute_deadlines(fresh)) == []

        @invariant()
        def flow_and_case_agree(self):
            assert flow_disagreement(self.case) == ""

    return CaseLifecycle


@pytest.mark.django_db
def test_random_transitions_by_random_people_follow_the_lifecycle():
    world = build_world()

    run_state_machine_as_test(
        machine_for(world),
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.mark.django_db
def test_a_case_suspended_again_on_the_day_it_resumed_keeps_counting(world):
    # Found by the machine above: two suspensions begun on one day broke the due dates' sort.
    case = case_in(world, Status.VERIFYING)
    for name in ("suspend", "resume", "suspend"):
        case = case_transition(case=case, actor=world.leader, name=name, data=body(name, ""))

    assert case.status == Status.SUSPENDED
    assert CaseSuspension.objects.filter(case=case, ended_on__isnull=True).count() == 1
