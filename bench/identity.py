"""What protecting a denouncer costs: median petition_register for a complaint and for a
denunciation (encrypted apart, texts redacted), and median identity_reveal.

It writes 600 petitions, so it runs only on a scratch database whose name says so:

    createdb tiepdan_identity_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiepdan_identity_bench \
        .venv/bin/python manage.py migrate
    LOG_LEVEL=WARNING DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiepdan_identity_bench \
        .venv/bin/python manage.py shell < bench/identity.py
"""

import statistics
import sys
import time

from django.contrib.auth.models import Group
from django.db import connection

from cases.identity import identity_reveal
from cases.models import Field, Locality, Unit, User
from cases.services import PetitionerData, PetitionInput, petition_register

if not any(word in connection.settings_dict["NAME"] for word in ("bench", "dev")):
    sys.exit("Run this on a scratch database whose name holds 'bench' or 'dev'.")

unit, _ = Unit.objects.get_or_create(code="m-unit", defaults={"name": "Đơn vị đo"})
place, _ = Locality.objects.get_or_create(
    code="m-xa", defaults={"name": "Xã đo", "level": "commune"}
)
field, _ = Field.objects.get_or_create(code="m-dat", defaults={"name": "Đất đai"})
user, _ = User.objects.get_or_create(username="m-reception", defaults={"unit": unit})
user.groups.add(Group.objects.get(name="reception"))
leader, _ = User.objects.get_or_create(username="m-leader", defaults={"unit": unit})
leader.groups.add(Group.objects.get(name="leader"))


def data(kind, n):
    return PetitionInput(
        kind=kind,
        channel="in_person",
        subject=f"Việc số {n} của Nguyễn Văn Đo",
        content=f"Tôi là Nguyễn Văn Đo, điện thoại 0912{n:06d}, trình bày việc số {n}.",
        locality=place,
        field=field,
        petitioner=PetitionerData(
            full_name="Nguyễn Văn Đo",
            phone=f"0912{n:06d}",
            address="Thôn 1",
            id_number=f"00119{n:07d}",
        ),
    )


COUNT = 300
register_ms = {"complaint": [], "denunciation": []}
denounced = []
# Alternated, so that the machine's other load weighs on both kinds alike.
for n in range(COUNT):
    for kind in register_ms:
        start = time.perf_counter()
        petition = petition_register(actor=user, data=data(kind, n))
        register_ms[kind].append((time.perf_counter() - start) * 1000)
        if kind == "denunciation":
            denounced.append(petition)
reveal_ms = []
for petition in denounced:
    start = time.perf_counter()
    identity_reveal(user=leader, petition=petition, purpose="case_page")
    reveal_ms.append((time.perf_counter() - start) * 1000)
complaint, denunciation = (statistics.median(register_ms[k]) for k in register_ms)
print(f"petition_register median: complaint {complaint:.1f} ms, denunciation {denunciation:.1f} ms")
print(f"identity_reveal median (decrypt + one access row): {statistics.median(reveal_ms):.1f} ms")
