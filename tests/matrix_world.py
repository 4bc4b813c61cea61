"""The data the permission matrix and the leak test request: one case of each kind, in
verification by the commune's handler, received at the commune's desk with a scanned letter."""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import ReceptionSession
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register
from workflows.selectors import case_open_task

from .access_matrix import Probe
from .factories import World, build_world

# One transparent pixel: a real PNG, as an upload check reads it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

# A denouncer no page, export, mail or log line may name to those who must not see them.
DENOUNCER = PetitionerData(
    full_name="Khổng Thị Xuyến Thơm",
    phone="0987001234",
    address="Số 17 ngõ Quỳnh Lâm, thôn Khuổi Nặm",
    id_number="079188004321",
    email="xuyen.thom@example.vn",
)
COMPLAINANT = PetitionerData(
    full_name="Lò Văn Khiếu", phone="0912000111", address="Thôn 2", id_number="001190000111"
)


@dataclass
class MatrixWorld:
    world: World
    cases: dict
    codes: dict
    attachments: dict
    tasks: dict
    # Per kind, a case forwarded by the commune's desk to the other commune (a report asked)
    # and one guided: the documents of those states.
    forwarded: dict
    guided: dict
    # A leader's reception session of the commune.
    session: ReceptionSession

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self.world, role)

    def call(self, name: str, probe: Probe, *, role: str, kind: str):
        """Request the URL as the role, with a client of its own."""
        # Rate limits have their own tests; here every request counts alone.
        cache.clear()
        client = Client()
        user = self.user(role)
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=probe.kwargs(self, kind))
        data = probe.data(self, kind)
        if probe.json:
            return getattr(client, probe.method)(
                url, json.dumps(data), content_type="application/json"
            )
        return getattr(client, probe.method)(url, data)


def _received(world: World, kind: str, petitioner: PetitionerData, files=()):
    return petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind=kind,
            channel="in_person",
            subject=f"Đơn về việc thu hồi đất của {petitioner.full_name}",
            content=f"Tôi là {petitioner.full_name}, số điện thoại {petitioner.phone}.",
            locality=world.locality,
            field=world.field,
            petitioner=petitioner,
        ),
        files=files,
    )


def _case_of(world: World, kind: str, petitioner: PetitionerData):
    petition = _received(
        world,
        kind,
        petitioner,
        files=[SimpleUploadedFile("thu-tay.png", PNG, content_type="image/png")],
    )
    case = case_transition(case=petition.case, actor=world.leader, name="accept")
    case = case_transition(
        case=case, actor=world.leader, name="assign", data={"handler": world.handler.username}
    )
    return case, petition


def _ended(world: World, kind: str, petitioner: PetitionerData, name: str, data: dict):
    case = _received(world, kind, petitioner).case
    return case_transition(case=case, actor=world.reception, name=name, data=data)


FORWARD = {"request_report": True}
GUIDE = {"note": "Đề nghị gửi đơn đến Tòa án nhân dân tỉnh."}


def build_matrix_world(committed) -> MatrixWorld:
    """Build the cases; `committed()` runs what waits for the commit, so flows follow them."""
    world = build_world()
    people = {"complaint": COMPLAINANT, "denunciation": DENOUNCER}
    forward = {**FORWARD, "to_unit": world.other_commune.code}
    with committed():
        built = {kind: _case_of(world, kind, person) for kind, person in people.items()}
        forwarded = {
            kind: _ended(world, kind, person, "forward", forward) for kind, person in people.items()
        }
        guided = {
            kind: _ended(world, kind, person, "guide", GUIDE) for kind, person in people.items()
        }
    start = timezone.now() + timedelta(days=1)
    session = ReceptionSession.objects.create(
        unit=world.commune,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Trụ sở UBND xã",
        presiding=world.leader,
    )
    return MatrixWorld(
        world=world,
        cases={kind: case for kind, (case, _) in built.items()},
        codes={kind: petition.tracking_code for kind, (_, petition) in built.items()},
        attachments={kind: petition.attachments.get().pk for kind, (_, petition) in built.items()},
        tasks={kind: case_open_task(case).pk for kind, (case, _) in built.items()},
        forwarded=forwarded,
        guided=guided,
        session=session,
    )
