"""The demo province: units, localities, fields and staff with one shared password."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from cases.models import (
    Field,
    InspectionGrant,
    Level,
    Locality,
    Unit,
    User,
)
from cases.permissions import Role
from cases.services import Repeat, SessionInput, reception_session_schedule

from .vocabulary import person_name

SEED = 2026
PASSWORD = "tiepdan-demo"

# --- The organisation -------------------------------------------------------------------

PROVINCE_UNIT = "ubnd-tinh"
INSPECTORATE = "thanh-tra-tinh"
RECEPTION_OFFICE = "ban-tiep-cong-dan"
PROVINCE_LOCALITY = "tuyen-quang"
# Communes replaced districts on this day; older records name the district.
REFORM_DAY = date(2025, 7, 1)

PROVINCIAL_UNITS = [
    (INSPECTORATE, "Thanh tra tỉnh Tuyên Quang", Unit.Kind.INSPECTORATE),
    (RECEPTION_OFFICE, "Ban Tiếp công dân tỉnh Tuyên Quang", Unit.Kind.RECEPTION_OFFICE),
    ("so-tai-nguyen-moi-truong", "Sở Tài nguyên và Môi trường", Unit.Kind.DEPARTMENT),
    ("so-xay-dung", "Sở Xây dựng", Unit.Kind.DEPARTMENT),
    ("so-lao-dong-thuong-binh-xa-hoi", "Sở Lao động – Thương binh và Xã hội", Unit.Kind.DEPARTMENT),
]
FORMER_DISTRICTS = {"yen-son": "Huyện Yên Sơn", "chiem-hoa": "Huyện Chiêm Hóa"}


@dataclass(frozen=True)
class CommuneSpec:
    slug: str
    name: str
    population: int
    former_district: str
    # Latitude and longitude of the commune's centre, read off a public map to about 1 km: the
    # demo's stand-in for the official boundaries a deployment loads (docs/open311.md).
    centre: tuple[str, str]
    is_remote: bool = False


COMMUNES = [
    CommuneSpec("my-lam", "Mỹ Lâm", 24_310, "yen-son", ("21.8870", "105.1560")),
    CommuneSpec("thai-binh", "Thái Bình", 18_945, "yen-son", ("21.7960", "105.2890")),
    CommuneSpec("nhu-khe", "Nhữ Khê", 15_620, "yen-son", ("21.7330", "105.1480")),
    CommuneSpec("xuan-van", "Xuân Vân", 16_880, "yen-son", ("21.9290", "105.2720")),
    CommuneSpec("hung-loi", "Hùng Lợi", 9_470, "yen-son", ("22.0150", "105.0520"), is_remote=True),
    CommuneSpec("chiem-hoa", "Chiêm Hóa", 27_150, "chiem-hoa", ("22.1480", "105.2700")),
    CommuneSpec("kim-binh", "Kim Bình", 13_260, "chiem-hoa", ("22.2000", "105.2280")),
    CommuneSpec("hoa-an", "Hòa An", 14_730, "chiem-hoa", ("22.1300", "105.3230")),
    CommuneSpec("tan-my", "Tân Mỹ", 11_890, "chiem-hoa", ("22.2340", "105.1980")),
    CommuneSpec(
        "minh-quang", "Minh Quang", 8_640, "chiem-hoa", ("22.3010", "105.1010"), is_remote=True
    ),
]

FIELDS = [
    ("dat-dai", "Đất đai"),
    ("boi-thuong-giai-phong-mat-bang", "Bồi thường, giải phóng mặt bằng"),
    ("moi-truong", "Môi trường"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội"),
    ("can-bo-cong-chuc", "Cán bộ, công chức"),
    ("tu-phap", "Tư pháp"),
    ("xay-dung", "Xây dựng"),
    ("khac", "Khác"),
]


@dataclass(frozen=True)
class StaffSpec:
    username: str
    role: Role
    unit_code: str
    last_name: str
    first_name: str


PROVINCIAL_STAFF = [
    StaffSpec("reception", Role.RECEPTION, RECEPTION_OFFICE, "Nguyễn Thị", "Lan"),
    StaffSpec("handler", Role.HANDLER, RECEPTION_OFFICE, "Trần Văn", "Hùng"),
    StaffSpec("handler2", Role.HANDLER, RECEPTION_OFFICE, "Lê Thị Thu", "Hà"),
    StaffSpec("leader", Role.LEADER, PROVINCE_UNIT, "Phạm Quốc", "Toàn"),
    StaffSpec("inspector", Role.INSPECTOR, INSPECTORATE, "Hoàng Minh", "Đức"),
    StaffSpec("admin", Role.ADMINISTRATOR, PROVINCE_UNIT, "Vũ Thanh", "Bình"),
]


# The symbols the provincial units sign their letters with ("Số: …/TB-BTCD").
UNIT_ABBREVIATIONS = {
    INSPECTORATE: "TTr",
    RECEPTION_OFFICE: "BTCD",
    "so-tai-nguyen-moi-truong": "STNMT",
    "so-xay-dung": "SXD",
    "so-lao-dong-thuong-binh-xa-hoi": "SLĐTBXH",
}
# Leaders' reception days (Luật Tiếp công dân 2013): the province chair on the 15th of each
# month at the reception office, each commune chair every Tuesday at the commune's office.
RECEPTION_DAYS_BEFORE, RECEPTION_DAYS_AHEAD = timedelta(days=182), timedelta(days=92)


# --- Organisation set-up ------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A commune where matters arise, and the district that held it before the reform."""

    commune: Locality
    former_district: Locality
    is_remote: bool

    @property
    def name(self) -> str:
        """The commune's name as written inside a sentence ("xã Mỹ Lâm")."""
        return f"xã {self.commune.name.removeprefix('Xã ')}"

    def locality_on(self, day: date) -> Locality:
        return self.commune if day >= REFORM_DAY else self.former_district


@dataclass(frozen=True)
class Office:
    """A unit that handles cases and the staff who act on them."""

    unit: Unit
    places: tuple[Place, ...]
    leader: User
    handlers: tuple[User, ...]
    # Communes have no reception officer: their leader registers and dispatches petitions.
    reception: User | None

    @property
    def registrar(self) -> User:
        return self.reception or self.leader


@dataclass(frozen=True)
class DemoOrganisation:
    province_office: Office
    commune_offices: tuple[Office, ...]
    fields: dict[str, Field]
    staff: tuple[StaffSpec, ...]
    units: dict[str, Unit]


def ensure_organisation() -> DemoOrganisation:
    """Create the demo units, localities, fields and staff unless they exist; return them."""
    with transaction.atomic():
        if not Unit.objects.filter(code=PROVINCE_UNIT).exists():
            _create_units()
            _create_localities()
            Field.objects.bulk_create(
                Field(code=code, name=name, sort_order=index)
                for index, (code, name) in enumerate(FIELDS)
            )
            _create_staff()
            _schedule_reception_days()
        _place_communes()
    return _load_organisation()


def _place_communes() -> None:
    """Give the demo communes their centre points, also in a database seeded before they had any."""
    for commune in COMMUNES:
        latitude, longitude = commune.centre
        Locality.objects.filter(code=f"xa-{commune.slug}", latitude__isnull=True).update(
            latitude=latitude, longitude=longitude
        )


def _staff_specs() -> list[StaffSpec]:
    """Return every demo login: the provincial staff, then a leader and a handler per commune."""
    rng = random.Random(SEED)
    specs = list(PROVINCIAL_STAFF)
    for commune in COMMUNES:
        for role in (Role.LEADER, Role.HANDLER):
            last_name, first_name = person_name(rng)
            specs.append(
                StaffSpec(
                    f"{role}-xa-{commune.slug}",
                    role,
                    f"ubnd-xa-{commune.slug}",
                    last_name,
                    first_name,
                )
            )
    return specs


def _create_units() -> None:
    province = Unit.objects.create(
        code=PROVINCE_UNIT,
        name="UBND tỉnh Tuyên Quang",
        kind=Unit.Kind.PEOPLES_COMMITTEE,
        level=Level.PROVINCE,
        place_name="Tuyên Quang",
        abbreviation="UBND",
    )
    for code, name, kind in PROVINCIAL_UNITS:
        Unit.objects.create(
            code=code,
            name=name,
            kind=kind,
            parent=province,
            level=Level.PROVINCE,
            abbreviation=UNIT_ABBREVIATIONS.get(code, ""),
        )
    for commune in COMMUNES:
        Unit.objects.create(
            code=f"ubnd-xa-{commune.slug}",
            name=f"UBND xã {commune.name}",
            kind=Unit.Kind.PEOPLES_COMMITTEE,
            parent=province,
            level=Level.COMMUNE,
            place_name=commune.name,
            abbreviation="UBND",
        )


def _create_localities() -> None:
    province = Locality.objects.create(
        code=PROVINCE_LOCALITY,
        name="Tỉnh Tuyên Quang",
        level=Locality.Level.PROVINCE,
        population=1_865_270,
    )
    for slug, name in FORMER_DISTRICTS.items():
        Locality.objects.create(
            code=f"huyen-{slug}",
            name=name,
            level=Locality.Level.DISTRICT,
            parent=province,
            valid_to=REFORM_DAY - timedelta(days=1),
        )
    for commune in COMMUNES:
        Locality.objects.create(
            code=f"xa-{commune.slug}",
            name=f"Xã {commune.name}",
            level=Locality.Level.COMMUNE,
            parent=province,
            valid_from=REFORM_DAY,
            population=commune.population,
        )


def _create_staff() -> None:
    units = {unit.code: unit for unit in Unit.objects.all()}
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    # One slow hash shared by every demo login keeps the set-up fast.
    password = make_password(PASSWORD)
    specs = _staff_specs()
    users = User.objects.bulk_create(
        User(
            username=spec.username,
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@tiepdan.example",
            unit=units[spec.unit_code],
            # Administrators configure through the admin; no superuser sees case content.
            is_staff=spec.role == Role.ADMINISTRATOR,
        )
        for spec in specs
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[spec.role].pk)
        for user, spec in zip(users, specs, strict=True)
    )
    inspector = next(user for user in users if user.username == "inspector")
    InspectionGrant.objects.create(inspector=inspector, unit=units[PROVINCE_UNIT])


def _schedule_reception_days() -> None:
    """Make each People's Committee's leader its head and schedule their reception days."""
    today = date.today()
    first, last = today - RECEPTION_DAYS_BEFORE, today + RECEPTION_DAYS_AHEAD
    heads = {"leader": PROVINCE_UNIT} | {
        f"leader-xa-{commune.slug}": f"ubnd-xa-{commune.slug}" for commune in COMMUNES
    }
    for username, unit_code in heads.items():
        leader = User.objects.get(username=username)
        unit = Unit.objects.get(code=unit_code)
        unit.head = leader
        unit.save(update_fields=["head"])
        if unit.level == Level.PROVINCE:
            start, repeat = first.replace(day=15), Repeat.MONTHLY
            place = "Trụ sở Tiếp công dân tỉnh, số 1 đường 17/8"
        else:
            start, repeat = first + timedelta(days=(1 - first.weekday()) % 7), Repeat.WEEKLY
            place = f"Trụ sở {unit.name}"
        zone = timezone.get_current_timezone()
        reception_session_schedule(
            actor=leader,
            data=SessionInput(
                unit=unit,
                starts_at=datetime.combine(start, time(7, 30), tzinfo=zone),
                ends_at=datetime.combine(start, time(11, 30), tzinfo=zone),
                place=place,
                presiding=leader,
                repeat=repeat,
                repeat_until=last,
            ),
        )


def _load_organisation() -> DemoOrganisation:
    specs = _staff_specs()
    units = {unit.code: unit for unit in Unit.objects.all()}
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[spec.username for spec in specs]
        ).select_related("unit")
    }
    fields = {item.code: item for item in Field.objects.filter(code__in=dict(FIELDS))}
    try:
        province_office, commune_offices = _offices(units, users)
    except KeyError as missing:
        raise CommandError(
            f"Unit {PROVINCE_UNIT} exists but the demo organisation lacks {missing}."
        ) from missing
    if len(fields) != len(FIELDS):
        raise CommandError("The demo fields are incomplete.")
    return DemoOrganisation(province_office, commune_offices, fields, tuple(specs), units)


def _offices(units: dict[str, Unit], users: dict[str, User]) -> tuple[Office, tuple[Office, ...]]:
    """Return the provincial reception office and the commune People's Committees."""
    localities = {locality.code: locality for locality in Locality.objects.all()}
    places = [
        Place(
            commune=localities[f"xa-{commune.slug}"],
            former_district=localities[f"huyen-{commune.former_district}"],
            is_remote=commune.is_remote,
        )
        for commune in COMMUNES
    ]
    province_office = Office(
        unit=units[RECEPTION_OFFICE],
        places=tuple(places),
        leader=users["leader"],
        handlers=(users["handler"], users["handler2"]),
        reception=users["reception"],
    )
    commune_offices = tuple(
        Office(
            unit=units[f"ubnd-xa-{commune.slug}"],
            places=(place,),
            leader=users[f"leader-xa-{commune.slug}"],
            handlers=(users[f"handler-xa-{commune.slug}"],),
            reception=None,
        )
        for commune, place in zip(COMMUNES, places, strict=True)
    )
    return province_office, commune_offices


# --- Petitions and the steps their cases take -------------------------------------------------
