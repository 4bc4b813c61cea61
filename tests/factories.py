"""Builders for the shared test world: one province, two communes, a user per role."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from cases.models import Case, Field, InspectionGrant, Locality, Status, Unit, User
from cases.permissions import Role
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    province: Unit
    commune: Unit
    other_commune: Unit
    locality: Locality
    other_locality: Locality
    field: Field
    reception: User
    handler: User
    second_handler: User
    other_handler: User
    leader: User
    other_leader: User
    province_leader: User
    inspector: User
    administrator: User

    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def make_user(username: str, *, unit: Unit | None, role: Role | None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, unit=unit, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def build_world() -> World:
    province = Unit.objects.create(
        code="ubnd-tinh", name="UBND tỉnh Hà Giang", kind=Unit.Kind.PEOPLES_COMMITTEE
    )
    commune = Unit.objects.create(code="ubnd-xa-a", name="UBND xã An Bình", parent=province)
    other_commune = Unit.objects.create(code="ubnd-xa-b", name="UBND xã Bình Minh", parent=province)
    root = Locality.objects.create(code="tinh", name="Tỉnh Hà Giang", level=Locality.Level.PROVINCE)
    locality = Locality.objects.create(
        code="xa-an-binh", name="Xã An Bình", level="commune", parent=root
    )
    other_locality = Locality.objects.create(
        code="xa-binh-minh", name="Xã Bình Minh", level="commune", parent=root
    )
    field = Field.objects.create(code="dat-dai", name="Đất đai")
    inspector = make_user("inspector", unit=province, role=Role.INSPECTOR)
    InspectionGrant.objects.create(inspector=inspector, unit=commune)
    return World(
        province=province,
        commune=commune,
        other_commune=other_commune,
        locality=locality,
        other_locality=other_locality,
        field=field,
        reception=make_user("reception", unit=commune, role=Role.RECEPTION),
        handler=make_user("handler", unit=commune, role=Role.HANDLER),
        second_handler=make_user("handler2", unit=commune, role=Role.HANDLER),
        other_handler=make_user("other_handler", unit=other_commune, role=Role.HANDLER),
        leader=make_user("leader", unit=commune, role=Role.LEADER),
        other_leader=make_user("other_leader", unit=other_commune, role=Role.LEADER),
        province_leader=make_user("province_leader", unit=province, role=Role.LEADER),
        inspector=inspector,
        administrator=make_user(
            "administrator", unit=province, role=Role.ADMINISTRATOR, is_staff=True
        ),
    )


PETITIONER = PetitionerData(
    full_name="Nguyễn Thị Hoa",
    phone="0912345678",
    address="Thôn 3, xã An Bình",
    id_number="001190012345",
    email="hoa@example.vn",
)


def register(
    world: World,
    *,
    kind: str = "complaint",
    anonymous: bool = False,
    received_at: datetime | None = None,
    subject: str = "Khiếu nại về bồi thường giải phóng mặt bằng",
    content: str = "Đề nghị xem xét lại quyết định thu hồi đất.",
    files=(),
    **extra,
) -> Case:
    petition = petition_register(
        actor=world.reception,
        files=files,
        data=PetitionInput(
            kind=kind,
            channel="in_person",
            subject=subject,
            content=content,
            locality=world.locality,
            field=world.field,
            petitioner=None if anonymous else PETITIONER,
            received_at=received_at,
            **extra,
        ),
    )
    return petition.case


def resolve_data(decided: date | None = None) -> dict:
    return {
        "outcome": "partly_upheld",
        "decision_number": "15/QĐ-UBND",
        "decision_date": (decided or timezone.localdate()).isoformat(),
        "public_summary": "Khiếu nại đúng một phần.",
    }


# How to bring a new case to each state: (transition, who takes it, its fields).
def path_to(world: World, status: str) -> list[tuple[str, User, dict]]:
    accept = [("accept", world.leader, {})]
    verifying = [*accept, ("assign", world.leader, {"handler": world.handler.username})]
    proposed = [*verifying, ("submit_report", world.handler, {"findings": "Đã xác minh."})]
    resolved = [*proposed, ("resolve", world.leader, resolve_data())]
    responded = [*resolved, ("respond", world.reception, {"method": "post"})]
    paths = {
        Status.RECEIVED: [],
        Status.ACCEPTED: accept,
        Status.VERIFYING: verifying,
        Status.PROPOSED: proposed,
        Status.RESOLVED: resolved,
        Status.RESPONDED: responded,
        Status.CLOSED: [*responded, ("close", world.reception, {})],
        Status.FORWARDED: [
            ("forward", world.reception, {"to_agency": "Sở Tài nguyên và Môi trường"})
        ],
        Status.GUIDED: [("guide", world.reception, {"note": "Hướng dẫn gửi đến UBND tỉnh."})],
        Status.ARCHIVED: [("archive", world.reception, {"reason": "unclear"})],
        Status.WITHDRAWN: [("withdraw", world.leader, {"note": "Công dân rút đơn."})],
        Status.SUSPENDED: [
            *verifying,
            ("suspend", world.leader, {"reason": "Chờ kết quả giám định."}),
        ],
        Status.TERMINATED: [
            *verifying,
            ("suspend", world.leader, {"reason": "Chờ kết quả giám định."}),
            ("terminate", world.leader, {"reason": "Người khiếu nại đã chết."}),
        ],
    }
    return paths[status]


def case_in(world: World, status: str, **register_kwargs) -> Case:
    case = register(world, **register_kwargs)
    for name, actor, data in path_to(world, status):
        case = case_transition(case=case, actor=actor, name=name, data=data)
    assert case.status == status
    return case
