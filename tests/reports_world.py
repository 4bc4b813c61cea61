"""A fixed set of petitions for the report tests, each step dated by hand.

Commune A (An Bình, registered by its reception officer) and commune B (Bình Minh,
registered by its leader). Local times are Asia/Ho_Chi_Minh; the figures the tests expect
are counted from the table in each test, not from the code under test.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from cases.models import Case, Field
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register

from .factories import PETITIONER, World

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year, month, day, hour=9, minute=0, second=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HCM)


@dataclass
class ReportWorld:
    world: World
    environment: Field
    cases: dict[str, Case]


def _register(world, actor, *, kind, channel, field, locality, at, group_size=1, join=None):
    representatives = (PetitionerData(full_name="Lý Văn Đại diện"),) if group_size >= 5 else ()
    petition = petition_register(
        actor=actor,
        data=PetitionInput(
            kind=kind,
            channel=channel,
            subject="Phản ánh về việc thu hồi đất",
            content="Đề nghị xem xét.",
            locality=locality,
            field=field,
            petitioner=PETITIONER,
            representatives=representatives,
            group_size=group_size,
            received_at=at,
            duplicate_of=join,
            forwarded_from="",
        ),
    )
    return petition.case


def _steps(case, steps):
    for name, actor, data, at in steps:
        case = case_transition(case=case, actor=actor, name=name, data=data, at=at)
    return case


def _resolve(world, leader, outcome, day, at_hour=10):
    return (
        "resolve",
        leader,
        {
            "outcome": outcome,
            "decision_number": "01/QĐ-UBND",
            "decision_date": day.isoformat(),
            "public_summary": "Đã giải quyết.",
        },
        local(day.year, day.month, day.day, at_hour),
    )


def _to_verifying(world, leader, handler, accepted: date):
    return [
        ("accept", leader, {}, local(accepted.year, accepted.month, accepted.day, 8)),
        (
            "assign",
            leader,
            {"handler": handler.username},
            local(accepted.year, accepted.month, accepted.day, 9),
        ),
    ]


def build_report_world(world: World) -> ReportWorld:
    w = world
    land = w.field
    environment = Field.objects.create(code="moi-truong", name="Môi trường", sort_order=2)
    a, b = w.locality, w.other_locality
    reg_a, reg_b = w.reception, w.other_leader
    cases = {}

    # A1: complaint in person, accepted 06/01, resolved 20/01 (due 05/02: on time), responded.
    c = _register(
        w,
        reg_a,
        kind="complaint",
        channel="in_person",
        field=land,
        locality=a,
        at=local(2026, 1, 5),
    )
    cases["A1"] = _steps(
        c,
        [
            *_to_verifying(w, w.leader, w.handler, date(2026, 1, 6)),
            ("submit_report", w.handler, {"findings": "Đúng."}, local(2026, 1, 15)),
            _resolve(w, w.leader, "upheld", date(2026, 1, 20)),
            ("respond", w.reception, {"method": "post"}, local(2026, 1, 22)),
        ],
    )
    # A2: complaint by post, received and accepted in December 2025 (due 21/01/2026),
    # decided 25/02 (late, rejected), never answered: response due 02/03.
    c = _register(
        w, reg_a, kind="complaint", channel="post", field=land, locality=a, at=local(2025, 12, 20)
    )
    cases["A2"] = _steps(
        c,
        [
            *_to_verifying(w, w.leader, w.handler, date(2025, 12, 22)),
            ("submit_report", w.handler, {"findings": "Sai."}, local(2026, 2, 10)),
            _resolve(w, w.leader, "rejected", date(2026, 2, 25)),
        ],
    )
    # A3: denunciation of a group of 6 in person on 12/02, just before Tết; still received:
    # 7 working days skip Tết (16–20/02), so it is due 02/03, not 23/02.
    cases["A3"] = _register(
        w,
        reg_a,
        kind="denunciation",
        channel="in_person",
        field=environment,
        locality=a,
        at=local(2026, 2, 12, 15),
        group_size=6,
    )
    # A4: feedback by email in the last second of the quarter.
    cases["A4"] = _register(
        w,
        reg_a,
        kind="feedback",
        channel="email",
        field=land,
        locality=a,
        at=local(2026, 3, 31, 23, 59, 59),
    )
    # A5: feedback by email at 00:00 on 01/04 (still 31/03 in UTC): outside Q1.
    cases["A5"] = _register(
        w,
        reg_a,
        kind="feedback",
        channel="email",
        field=land,
        locality=a,
        at=local(2026, 4, 1, 0, 0, 0),
    )
    # A6: complaint by phone at 06:30 on 01/01 (still 31/12/2025 in UTC), forwarded 02/01.
    c = _register(
        w,
        reg_a,
        kind="complaint",
        channel="phone",
        field=land,
        locality=a,
        at=local(2026, 1, 1, 6, 30),
    )
    cases["A6"] = _steps(
        c,
        [
            ("forward", w.reception, {"to_agency": "Sở Tư pháp"}, local(2026, 1, 2)),
        ],
    )
    # A7: recommendation on the portal 15/01, guided 16/01.
    c = _register(
        w,
        reg_a,
        kind="recommendation",
        channel="portal",
        field=environment,
        locality=a,
        at=local(2026, 1, 15),
    )
    cases["A7"] = _steps(c, [("guide", w.reception, {"note": "Gửi Sở."}, local(2026, 1, 16))])
    # A8: complaint in person 02/02, archived 03/02.
    c = _register(
        w,
        reg_a,
        kind="complaint",
        channel="in_person",
        field=land,
        locality=a,
        at=local(2026, 2, 2),
    )
    cases["A8"] = _steps(
        c,
        [
            ("archive", w.reception, {"reason": "unclear"}, local(2026, 2, 3)),
        ],
    )
    # A9: complaint in person 02/03, accepted 03/03, withdrawn 10/03.
    c = _register(
        w,
        reg_a,
        kind="complaint",
        channel="in_person",
        field=land,
        locality=a,
        at=local(2026, 3, 2),
    )
    cases["A9"] = _steps(
        c,
        [
            ("accept", w.leader, {}, local(2026, 3, 3)),
            ("withdraw", w.leader, {"note": "Rút đơn."}, local(2026, 3, 10)),
        ],
    )
    # A10: complaint by post 12/01, accepted 13/01 (due 12/02), still being verified;
    # a second petition about it comes in person on 05/03.
    c = _register(
        w, reg_a, kind="complaint", channel="post", field=land, locality=a, at=local(2026, 1, 12)
    )
    cases["A10"] = _steps(c, _to_verifying(w, w.leader, w.handler, date(2026, 1, 13)))
    _register(
        w,
        reg_a,
        kind="complaint",
        channel="in_person",
        field=land,
        locality=a,
        at=local(2026, 3, 5),
        join=cases["A10"],
    )
    # A11: complaint by post 05/02, accepted 06/02 (due 08/03, a Sunday: 09/03), decided
    # 05/03 (partly upheld, on time), responded 06/03.
    c = _register(
        w, reg_a, kind="complaint", channel="post", field=land, locality=a, at=local(2026, 2, 5)
    )
    cases["A11"] = _steps(
        c,
        [
            *_to_verifying(w, w.leader, w.handler, date(2026, 2, 6)),
            ("submit_report", w.handler, {"findings": "Đúng một phần."}, local(2026, 3, 2)),
            _resolve(w, w.leader, "partly_upheld", date(2026, 3, 5)),
            ("respond", w.reception, {"method": "post"}, local(2026, 3, 6)),
        ],
    )

    # B1: complaint in person 20/01 at commune B, accepted 21/01 (due 20/02, in Tết: 23/02).
    c = _register(
        w,
        reg_b,
        kind="complaint",
        channel="in_person",
        field=land,
        locality=b,
        at=local(2026, 1, 20),
    )
    cases["B1"] = _steps(c, [("accept", w.other_leader, {}, local(2026, 1, 21))])
    # B2: feedback by phone 16/03 (due after 10 working days: 27/03), still received.
    cases["B2"] = _register(
        w,
        reg_b,
        kind="feedback",
        channel="phone",
        field=environment,
        locality=b,
        at=local(2026, 3, 16),
    )
    for key, case in cases.items():
        cases[key] = Case.objects.get(pk=case.pk)
    return ReportWorld(world=w, environment=environment, cases=cases)
