"""A fixed set of petitions for the report tests, each step dated by hand.

Commune A (An Bình, registered by its reception officer) and commune B (Bình Minh,
registered by its leader). Times are local (Asia/Ho_Chi_Minh); the figures the tests expect
are counted by hand from the table below, not from the code under test.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from cases.models import Case, Field
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register

from .factories import PETITIONER, World

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year, month, day, hour=9, minute=0, second=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HCM)


@dataclass(frozen=True)
class Spec:
    """One petition: where, what, when, and the steps then taken on its case."""

    key: str
    commune: str  # "A" or "B"
    kind: str
    channel: str
    field: str  # "land" or "environment"
    at: datetime
    steps: tuple = ()
    group_size: int = 1
    joins: str = ""  # the key of the open case this petition joins


def verify(accepted: datetime, decided: datetime, outcome: str) -> tuple:
    """Accept, assign, report and resolve, the decision dated the day it is taken."""
    return (
        ("accept", "leader", {}, accepted),
        ("assign", "leader", {"handler": "handler"}, accepted.replace(hour=10)),
        ("submit_report", "handler", {"findings": "Đã xác minh."}, decided.replace(hour=8)),
        (
            "resolve",
            "leader",
            {
                "outcome": outcome,
                "decision_number": "01/QĐ-UBND",
                "decision_date": decided.date().isoformat(),
                "public_summary": "Đã giải quyết.",
            },
            decided,
        ),
    )


RESPOND = ("respond", "reception", {"method": "post"})

SPECS = [
    # A1: accepted 06/01 (due 05/02), decided 20/01 (on time, upheld), answered 22/01.
    Spec("A1", "A", "complaint", "in_person", "land", local(2026, 1, 5),
         (*verify(local(2026, 1, 6), local(2026, 1, 20), "upheld"),
          (*RESPOND, local(2026, 1, 22)))),
    # A2: received and accepted in December 2025 (due 21/01/2026), decided 25/02 (late,
    # rejected) and never answered: its answer was due 02/03.
    Spec("A2", "A", "complaint", "post", "land", local(2025, 12, 20),
         verify(local(2025, 12, 22), local(2026, 2, 25), "rejected")),
    # A3: a group of six denounces on 12/02, just before Tết; 7 working days skip Tết
    # (16–20/02), so it is due 02/03, not 23/02. Never processed.
    Spec("A3", "A", "denunciation", "in_person", "environment", local(2026, 2, 12, 15),
         group_size=6),
    # A4: feedback in the last second of the quarter (due 14/04).
    Spec("A4", "A", "feedback", "email", "land", local(2026, 3, 31, 23, 59, 59)),
    # A5: feedback at 00:00 on 01/04 (still 31/03 in UTC): outside Q1.
    Spec("A5", "A", "feedback", "email", "land", local(2026, 4, 1, 0, 0, 0)),
    # A6: 06:30 on 01/01 (still 31/12/2025 in UTC), forwarded 02/01.
    Spec("A6", "A", "complaint", "phone", "land", local(2026, 1, 1, 6, 30),
         (("forward", "reception", {"to_agency": "Sở Tư pháp"}, local(2026, 1, 2)),)),
    Spec("A7", "A", "recommendation", "portal", "environment", local(2026, 1, 15),
         (("guide", "reception", {"note": "Gửi Sở."}, local(2026, 1, 16)),)),
    Spec("A8", "A", "complaint", "in_person", "land", local(2026, 2, 2),
         (("archive", "reception", {"reason": "unclear"}, local(2026, 2, 3)),)),
    Spec("A9", "A", "complaint", "in_person", "land", local(2026, 3, 2),
         (("accept", "leader", {}, local(2026, 3, 3)),
          ("withdraw", "leader", {"note": "Rút đơn."}, local(2026, 3, 10)))),
    # A10: accepted 13/01 (due 12/02), still being verified.
    Spec("A10", "A", "complaint", "post", "land", local(2026, 1, 12),
         (("accept", "leader", {}, local(2026, 1, 13)),
          ("assign", "leader", {"handler": "handler"}, local(2026, 1, 13, 10)))),
    # A second petition about A10, in person on 05/03.
    Spec("A10+", "A", "complaint", "in_person", "land", local(2026, 3, 5), joins="A10"),
    # A11: accepted 06/02 (due 08/03, a Sunday: 09/03), decided 05/03 (on time, partly
    # upheld), answered 06/03.
    Spec("A11", "A", "complaint", "post", "land", local(2026, 2, 5),
         (*verify(local(2026, 2, 6), local(2026, 3, 5), "partly_upheld"),
          (*RESPOND, local(2026, 3, 6)))),
    # B1: accepted 21/01 (due 20/02, a Tết day: 23/02), still accepted.
    Spec("B1", "B", "complaint", "in_person", "land", local(2026, 1, 20),
         (("accept", "leader", {}, local(2026, 1, 21)),)),
    # B2: feedback (due after 10 working days: 30/03), never processed.
    Spec("B2", "B", "feedback", "phone", "environment", local(2026, 3, 16)),
]  # fmt: skip


@dataclass
class ReportWorld:
    world: World
    environment: Field
    cases: dict[str, Case]


def build_report_world(world: World) -> ReportWorld:
    w = world
    fields = {
        "land": w.field,
        "environment": Field.objects.create(code="moi-truong", name="Môi trường", sort_order=2),
    }
    # Commune A's reception officer and handler; commune B's leader registers and acts alone.
    people = {
        "A": {"locality": w.locality, "registrar": w.reception, "leader": w.leader,
              "reception": w.reception, "handler": w.handler},
        "B": {"locality": w.other_locality, "registrar": w.other_leader, "leader": w.other_leader,
              "reception": w.other_leader, "handler": w.other_handler},
    }  # fmt: skip
    cases = {}
    for spec in SPECS:
        side = people[spec.commune]
        petition = petition_register(
            actor=side["registrar"],
            data=PetitionInput(
                kind=spec.kind,
                channel=spec.channel,
                subject="Phản ánh về việc thu hồi đất",
                content="Đề nghị xem xét.",
                locality=side["locality"],
                field=fields[spec.field],
                petitioner=PETITIONER,
                representatives=(
                    (PetitionerData(full_name="Lý Văn Đại"),) if spec.group_size >= 5 else ()
                ),
                group_size=spec.group_size,
                received_at=spec.at,
                duplicate_of=cases.get(spec.joins),
            ),
        )
        case = petition.case
        for name, actor, data, at in spec.steps:
            case = case_transition(case=case, actor=side[actor], name=name, data=data, at=at)
        if not spec.joins:
            cases[spec.key] = case
    return ReportWorld(
        world=w,
        environment=fields["environment"],
        cases={key: Case.objects.get(pk=case.pk) for key, case in cases.items()},
    )
