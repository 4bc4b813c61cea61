"""Plan a realistic case history and carry it out through the services, as staff would."""

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cases.deadlines import WorkingCalendar
from cases.importing import Step
from cases.models import (
    ArchiveReason,
    Case,
    Channel,
    Complexity,
    Kind,
    Outcome,
    ResponseMethod,
    Status,
    User,
)
from cases.models.case import WITHDRAWABLE
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register

from .organisation import DemoOrganisation, Office, Place
from .vocabulary import (
    ANONYMOUS_CHANNELS,
    ANONYMOUS_DENUNCIATION_FATES,
    ANONYMOUS_SHARE,
    ARCHIVE_REASONS,
    BENEFITS,
    CHANNELS,
    COMPANIES,
    COMPETENT_AGENCIES,
    COMPLEXITIES,
    DECISION_SUFFIXES,
    DUPLICATE_SHARE,
    EXTENSION_DAYS,
    EXTENSION_REASON,
    FATES,
    FINDINGS,
    FORWARDING_AGENCIES,
    GROUP_SHARE,
    GUIDANCE,
    KINDS,
    OFFICIALS,
    OUTCOMES,
    PROJECTS,
    PROVINCE_SHARE,
    PUBLIC_SUMMARIES,
    RIVERS,
    ROADS,
    SCENARIOS,
    SEND_BACK_REASON,
    STALLED_SHARE,
    VILLAGES,
    Scenario,
    person_name,
)


class OfficeHours:
    """Working days and office-hour times in the local time zone."""

    def __init__(self, calendar: WorkingCalendar, rng: random.Random):
        self.calendar, self.rng = calendar, rng
        # Read once: the current time zone is a context-local lookup, slow in a loop.
        self.zone = timezone.get_current_timezone()

    def at(self, day: date) -> datetime:
        minutes = self.rng.randrange(7 * 60, 17 * 60, 5)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.zone)

    def after(self, day: date, working_days: int) -> date:
        return self.calendar.nth_working_day_after(day, working_days)[0]


@dataclass
class CasePlan:
    """A petition, the other petitions that joined its case, and the steps the case took."""

    office: Office
    petition: PetitionInput
    duplicates: list[PetitionInput] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.steps[-1].to_status if self.steps else Status.RECEIVED


class _Walk:
    """The steps of one case in time order, each some working days after the one before."""

    def __init__(self, hours: OfficeHours, received_at: datetime, received_on: date):
        self.hours = hours
        self.received_at, self.received_on = received_at, received_on
        self.steps: list[Step] = []
        self._rewind()

    @property
    def status(self) -> str:
        return self.steps[-1].to_status if self.steps else Status.RECEIVED

    def wait(self, working_days: int) -> None:
        self.day = self.hours.after(self.day, working_days)
        self.at = self.hours.at(self.day)

    def take(self, name: str, actor: User, to_status: str, **data) -> None:
        self.steps.append(Step(name, actor, self.at, self.day, data, self.status, to_status))

    def keep(self, count: int) -> None:
        """Keep only the first `count` steps and continue from the last of them."""
        del self.steps[count:]
        self._rewind()

    def _rewind(self) -> None:
        last = self.steps[-1] if self.steps else None
        self.at = last.at if last else self.received_at
        self.day = last.on if last else self.received_on


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def _introduced(petitioner: PetitionerData, body: str) -> str:
    return f"Tôi là {petitioner.full_name}, trú tại {petitioner.address}. {body}"


class CasePlanner:
    """Draw petitions and the histories of their cases from one seeded generator.

    Histories follow the state machine of docs/lifecycle.md#transitions with the actor each
    step requires; steps that would fall after `now` are not taken, so recent cases are still
    open.
    """

    def __init__(
        self,
        organisation: DemoOrganisation,
        *,
        rng: random.Random,
        calendar: WorkingCalendar,
        now: datetime,
        working_days: int,
    ):
        self.organisation, self.rng, self.now = organisation, rng, now
        self.hours = OfficeHours(calendar, rng)
        today = timezone.localdate(now)
        self.days = [
            day
            for day in (today - timedelta(days=offset) for offset in range(1, 2 * working_days))
            if calendar.is_working_day(day)
        ][:working_days]
        self.scenarios = {kind: [s for s in SCENARIOS if s.kind == kind] for kind in KINDS.items}

    def plan(self) -> CasePlan:
        rng = self.rng
        office = self._office()
        place = rng.choice(office.places)
        kind = KINDS.draw(rng)
        received_on = rng.choice(self.days)
        received_at = self.hours.at(received_on)
        scenario = rng.choice(self.scenarios[kind])
        details = self._details(place)
        petition = self._petition(scenario, details, place, received_at, received_on)
        walk = _Walk(self.hours, received_at, received_on)
        self._walk(walk, kind, office, place, anonymous=petition.petitioner is None)
        plan = CasePlan(office, petition, steps=self._taken(walk))
        if rng.random() < DUPLICATE_SHARE:
            plan.duplicates.append(self._duplicate(plan, place, scenario.body.format_map(details)))
        return plan

    def plan_second_time(self, first: Case, petitioner: PetitionerData) -> CasePlan | None:
        """Plan a complaint to the province against a commune's first decision, if lodged by now."""
        # Within the 30 days the law allows after the first decision (Luật Khiếu nại 2011, Điều 33).
        lodged_on = self.hours.after(first.responded_on, self.rng.randint(4, 18))
        received_at = self.hours.at(lodged_on)
        if received_at >= self.now:
            return None
        body = (
            f"Ngày {first.decided_on:%d/%m/%Y}, Chủ tịch {first.unit.name} ban hành Quyết định số "
            f"{first.decision_number} giải quyết khiếu nại lần đầu của tôi về nội dung: "
            f"{first.subject[0].lower()}{first.subject[1:]}. Tôi không đồng ý với quyết định này "
            "và đề nghị Chủ tịch UBND tỉnh giải quyết khiếu nại lần hai."
        )
        petition = PetitionInput(
            kind=Kind.COMPLAINT,
            channel=Channel.IN_PERSON,
            subject=f"Khiếu nại lần hai: {first.subject}",
            content=_introduced(petitioner, body),
            locality=first.locality,
            field=first.field,
            petitioner=petitioner,
            received_at=received_at,
            is_second_time=True,
            previous_case=first,
        )
        office = self.organisation.province_office
        walk = _Walk(self.hours, received_at, lodged_on)
        self._handle(walk, Kind.COMPLAINT, office, remote=first.is_remote_area)
        return CasePlan(office, petition, steps=self._taken(walk))

    # Petitions.

    def _office(self) -> Office:
        if self.rng.random() < PROVINCE_SHARE:
            return self.organisation.province_office
        return self.rng.choice(self.organisation.commune_offices)

    def _petition(
        self,
        scenario: Scenario,
        details: dict[str, str],
        place: Place,
        received_at: datetime,
        received_on: date,
    ) -> PetitionInput:
        rng = self.rng
        anonymous = rng.random() < ANONYMOUS_SHARE.get(scenario.kind, 0)
        group = scenario.collective and not anonymous and rng.random() < GROUP_SHARE
        group_size = rng.randint(5, 40) if group else 1
        representatives = (
            tuple(self._person(place) for _ in range(rng.randint(1, 2))) if group else ()
        )
        petitioner = None
        if not anonymous:
            petitioner = representatives[0] if group else self._person(place)
        channel = rng.choice(ANONYMOUS_CHANNELS) if anonymous else self._channel()
        body = scenario.body.format_map(details)
        if group:
            content = (
                f"Chúng tôi gồm {group_size} hộ dân ở {details['village']}, {place.name}, cử "
                f"{petitioner.full_name} làm người đại diện. {body}"
            )
        else:
            content = _introduced(petitioner, body) if petitioner else body
        return PetitionInput(
            kind=scenario.kind,
            channel=channel,
            subject=scenario.subject.format_map(details),
            content=content,
            locality=place.locality_on(received_on),
            field=self.organisation.fields[scenario.field],
            petitioner=petitioner,
            representatives=representatives,
            group_size=group_size,
            received_at=received_at,
            forwarded_from=self._forwarded_from(channel),
        )

    def _channel(self) -> str:
        return CHANNELS.draw(self.rng)

    def _forwarded_from(self, channel: str) -> str:
        return self.rng.choice(FORWARDING_AGENCIES) if channel == Channel.FORWARDED else ""

    def _details(self, place: Place) -> dict[str, str]:
        rng = self.rng
        village = rng.choice(VILLAGES)
        return {
            "commune": place.name,
            "village": village,
            "village_cap": _capitalised(village),
            "project": rng.choice(PROJECTS),
            "company": rng.choice(COMPANIES),
            "road": rng.choice(ROADS),
            "river": rng.choice(RIVERS),
            "official": rng.choice(OFFICIALS),
            "benefit": rng.choice(BENEFITS),
            "suspect": " ".join(person_name(rng)),
            "parcel": f"thửa đất số {rng.randint(12, 980)}, tờ bản đồ số {rng.randint(1, 48)}",
            "area": f"{rng.randrange(120, 4800, 10):,}".replace(",", "."),
            "small_area": str(rng.randint(15, 250)),
            "price": str(rng.randrange(45, 380, 5)),
            "amount": str(rng.randrange(15, 900, 5)),
            "small_amount": str(rng.randint(2, 15)),
            "months": str(rng.randint(2, 9)),
            "since": str(rng.randint(1986, 2008)),
        }

    def _person(self, place: Place) -> PetitionerData:
        rng = self.rng
        last_name, first_name = person_name(rng)
        born = rng.randint(1948, 2000)
        # Citizen ID: province 008, a digit for century and sex, year of birth, six digits.
        century_and_sex = rng.randint(0, 1) + (2 if born >= 2000 else 0)
        return PetitionerData(
            full_name=f"{last_name} {first_name}",
            phone=f"0{rng.choice('389')}{rng.randint(0, 99_999_999):08d}",
            address=f"{_capitalised(rng.choice(VILLAGES))}, {place.name}, tỉnh Tuyên Quang",
            id_number=f"008{century_and_sex}{born % 100:02d}{rng.randint(0, 999_999):06d}",
        )

    def _duplicate(self, plan: CasePlan, place: Place, body: str) -> PetitionInput:
        """Return another person's petition on the matter, joining before the first step."""
        received_at = plan.petition.received_at
        first_step_at = plan.steps[0].at if plan.steps else self.now
        person = self._person(place)
        channel = self._channel()
        return replace(
            plan.petition,
            channel=channel,
            petitioner=person,
            representatives=(),
            group_size=1,
            content=_introduced(person, body),
            received_at=received_at + (first_step_at - received_at) / 2,
            forwarded_from=self._forwarded_from(channel),
        )

    # Histories.

    def _taken(self, walk: _Walk) -> list[Step]:
        """Return the steps already taken by now."""
        walk.keep(sum(1 for step in walk.steps if step.at < self.now))
        return walk.steps

    def _walk(
        self, walk: _Walk, kind: str, office: Office, place: Place, *, anonymous: bool
    ) -> None:
        """Take the steps of one fate: handled, withdrawn, forwarded, guided or archived."""
        rng = self.rng
        if anonymous and kind == Kind.DENUNCIATION:
            fate = ANONYMOUS_DENUNCIATION_FATES.draw(rng)
        else:
            fate = FATES[kind].draw(rng)
        if fate in ("handle", "withdraw"):
            self._handle(walk, kind, office, remote=place.is_remote)
        if fate == "withdraw":
            self._withdraw(walk, office)
        elif fate != "handle":
            self._dispatch(walk, fate, kind, office, anonymous=anonymous)
        if rng.random() < STALLED_SHARE:
            walk.keep(min(len(walk.steps), rng.randint(0, 2)))

    def _dispatch(
        self, walk: _Walk, fate: str, kind: str, office: Office, *, anonymous: bool
    ) -> None:
        rng = self.rng
        walk.wait(rng.randint(1, 8))
        if fate == "forward":
            walk.take(
                "forward",
                office.registrar,
                Status.FORWARDED,
                to_agency=rng.choice(COMPETENT_AGENCIES),
            )
        elif fate == "guide":
            walk.take("guide", office.registrar, Status.GUIDED, note=rng.choice(GUIDANCE))
        else:
            reason = ArchiveReason.ANONYMOUS if anonymous else rng.choice(ARCHIVE_REASONS[kind])
            walk.take("archive", office.registrar, Status.ARCHIVED, reason=reason)

    def _withdraw(self, walk: _Walk, office: Office) -> None:
        """Withdraw the petition at some point before the decision."""
        statuses = [Status.RECEIVED, *(step.to_status for step in walk.steps)]
        walk.keep(
            self.rng.choice(
                [count for count, status in enumerate(statuses) if status in WITHDRAWABLE]
            )
        )
        walk.wait(self.rng.randint(1, 10))
        note = "Công dân có đơn xin rút toàn bộ nội dung đơn."
        walk.take("withdraw", office.registrar, Status.WITHDRAWN, note=note)

    def _handle(self, walk: _Walk, kind: str, office: Office, *, remote: bool) -> None:
        """Accept, verify, decide and answer, with the detours a real case sometimes takes."""
        rng, leader = self.rng, office.leader
        outcome = OUTCOMES[kind].draw(rng)
        complexity = self._complexity(kind)
        walk.wait(rng.randint(1, 9))
        walk.take("accept", leader, Status.ACCEPTED, complexity=complexity, remote_area=remote)
        handler = self._assign(walk, office)
        if rng.random() < 0.05 and not self._suspension(walk, leader):
            return
        if kind in EXTENSION_DAYS and rng.random() < 0.2:
            self._extend(walk, kind, leader, complexity)
        self._verify(walk, handler, leader, outcome)
        self._decide_and_answer(walk, kind, office, handler, outcome)

    def _assign(self, walk: _Walk, office: Office) -> User:
        """Assign a handler, sometimes replaced later; return the one who verifies."""
        rng = self.rng
        handler = rng.choice(office.handlers)
        walk.wait(rng.randint(1, 3))
        walk.take("assign", office.leader, Status.VERIFYING, handler=handler)
        if len(office.handlers) > 1 and rng.random() < 0.08:
            handler = next(other for other in office.handlers if other != handler)
            walk.wait(rng.randint(3, 8))
            walk.take(
                "reassign",
                office.leader,
                Status.VERIFYING,
                handler=handler,
                note="Cán bộ được phân công trước đi học tập trung dài hạn.",
            )
        return handler

    def _extend(self, walk: _Walk, kind: str, leader: User, complexity: str) -> None:
        data = {"days": EXTENSION_DAYS[kind], "reason": EXTENSION_REASON}
        if kind == Kind.DENUNCIATION and complexity == Complexity.NORMAL:
            # Only a complex denunciation may be extended (Luật Tố cáo 2018, Điều 30).
            data["complexity"] = Complexity.COMPLEX
        walk.wait(self.rng.randint(10, 15))
        walk.take("extend", leader, Status.VERIFYING, **data)

    def _decide_and_answer(
        self, walk: _Walk, kind: str, office: Office, handler: User, outcome: str
    ) -> None:
        rng = self.rng
        walk.wait(rng.randint(2, 6))
        walk.take(
            "resolve",
            office.leader,
            Status.RESOLVED,
            outcome=outcome,
            decision_number=f"{rng.randint(15, 3200)}/{DECISION_SUFFIXES[kind]}",
            decision_date=walk.day,
            public_summary=PUBLIC_SUMMARIES[kind][outcome],
        )
        walk.wait(rng.randint(1, 3))
        responder = rng.choice([handler, office.reception]) if office.reception else handler
        walk.take("respond", responder, Status.RESPONDED, method=rng.choice(list(ResponseMethod)))
        # A complaint closes after the window for a second-time complaint (30 days).
        walk.wait(rng.randint(22, 26) if kind == Kind.COMPLAINT else rng.randint(1, 5))
        walk.take("close", office.registrar, Status.CLOSED)

    def _complexity(self, kind: str) -> str:
        if kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
            return Complexity.NORMAL
        return COMPLEXITIES.draw(self.rng)

    def _suspension(self, walk: _Walk, leader: User) -> bool:
        """Suspend the case; return whether it resumed rather than ended."""
        rng = self.rng
        walk.wait(rng.randint(3, 10))
        walk.take(
            "suspend",
            leader,
            Status.SUSPENDED,
            reason="Chờ kết quả giám định của cơ quan chuyên môn.",
        )
        walk.wait(rng.randint(10, 30))
        if rng.random() < 0.3:
            walk.take(
                "terminate",
                leader,
                Status.TERMINATED,
                reason="Tòa án đã thụ lý vụ án hành chính về cùng nội dung.",
            )
            return False
        walk.take("resume", leader, Status.VERIFYING)
        return True

    def _verify(self, walk: _Walk, handler: User, leader: User, outcome: str) -> None:
        rng = self.rng
        walk.wait(rng.randint(8, 20))
        walk.take("submit_report", handler, Status.PROPOSED, findings=FINDINGS[outcome])
        if rng.random() < 0.1:
            walk.wait(rng.randint(1, 4))
            walk.take(
                "send_back",
                leader,
                Status.VERIFYING,
                reason=SEND_BACK_REASON,
            )
            walk.wait(rng.randint(3, 8))
            walk.take("submit_report", handler, Status.PROPOSED, findings=FINDINGS[outcome])


def carry_out(plan: CasePlan) -> Case:
    """Register the plan's petitions and take its steps through the services, as staff would."""
    office = plan.office
    case = petition_register(actor=office.registrar, data=plan.petition, unit=office.unit).case
    for duplicate in plan.duplicates:
        petition_register(
            actor=office.registrar, data=replace(duplicate, duplicate_of=case), unit=office.unit
        )
    for step in plan.steps:
        case = case_transition(
            case=case, actor=step.actor, name=step.name, data=step.data, at=step.at
        )
    return case


def second_time_candidates(
    organisation: DemoOrganisation, done: list[tuple[Case, CasePlan]]
) -> list[tuple[Case, CasePlan]]:
    """Commune complaints answered with a decision the complainant may contest."""
    communes = {office.unit.pk for office in organisation.commune_offices}
    return [
        (case, plan)
        for case, plan in done
        if case.kind == Kind.COMPLAINT
        and case.unit_id in communes
        and case.status in (Status.RESPONDED, Status.CLOSED)
        and case.outcome != Outcome.UPHELD
    ]
