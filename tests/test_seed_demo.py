"""`manage.py seed_demo`: the demo organisation, its logins and about 500 cases with histories."""

from collections import defaultdict
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cases.geo import in_viet_nam
from cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    Kind,
    Locality,
    Petition,
    Unit,
    User,
)
from cases.selectors import cases_visible_to
from open311.models import ApiKey
from open311.selectors import key_find

from .open311_support import post_request

DEMO_PASSWORD = "tiepdan-demo"
DEMO_LOGINS = ["reception", "handler", "leader", "inspector", "admin"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = StringIO()
        call_command("seed_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    models = [Unit, Locality, User, Case, Petition, CaseEvent, ApiKey]
    return {model.__name__: model.objects.count() for model in models}


def event_numbers_by_case() -> dict[int, list[int]]:
    numbers = defaultdict(list)
    for case_id, sequence in CaseEvent.objects.values_list("case_id", "sequence"):
        numbers[case_id].append(sequence)
    return numbers


def test_the_five_demo_logins_authenticate_with_the_demo_password(seeded, db):
    for username in DEMO_LOGINS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert admin.unit.code == "ubnd-tinh"
    assert "leader" in seeded and "handler2" in seeded


def test_about_500_cases_cover_every_kind_and_many_states(seeded, db):
    assert 450 <= Case.objects.count() <= 550
    assert set(Case.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert Case.objects.values("status").distinct().count() >= 6


def test_some_demo_cases_are_overdue(seeded, db):
    today = timezone.localdate()
    assert Case.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today).exists()


def test_every_demo_case_numbers_its_events_from_1_to_its_version(seeded, db):
    numbers = event_numbers_by_case()
    for case_id, version in Case.objects.values_list("pk", "version"):
        assert sorted(numbers[case_id]) == list(range(1, version + 1)), case_id


def test_demo_petitions_include_duplicates_groups_anonymous_and_second_time_complaints(seeded, db):
    assert CaseEvent.objects.filter(action="petition_joined").exists()
    assert Petition.objects.filter(group_size__gte=Petition.GROUP_MIN_SIZE).exists()
    assert Case.objects.filter(is_anonymous=True).exists()
    second = Case.objects.filter(is_second_time=True, previous_case__isnull=False)
    assert second.exists()
    assert all(case.previous_case.kind == Kind.COMPLAINT for case in second)


def test_the_province_leader_sees_every_demo_case(seeded, db):
    leader = User.objects.get(username="leader")
    assert cases_visible_to(leader).count() == Case.objects.count()


def test_running_seed_demo_again_changes_nothing(seeded, db):
    before = counts()
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert counts() == before
    assert "no demo cases added" in output.getvalue()


def test_the_demo_administrator_configures_but_sees_no_case_content(seeded, db, client):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/cases/deadlinerule/").status_code == 200
    assert client.get("/admin/cases/unit/").status_code == 200
    assert client.get("/admin/cases/case/").status_code == 403
    assert client.get("/admin/cases/petition/").status_code == 403
    assert client.get("/api/v1/cases/").json()["count"] == 0


def test_the_demo_open311_key_is_issued_and_printed_with_the_logins(seeded, db):
    assert key_find("tiepdan-demo-open311").is_active
    assert "Open311 API key: tiepdan-demo-open311" in seeded


def test_every_demo_commune_has_its_centre_in_viet_nam(seeded, db):
    communes = Locality.objects.filter(level=Locality.Level.COMMUNE)
    assert communes.count() == 10
    assert all(in_viet_nam(commune.latitude, commune.longitude) for commune in communes)


def test_a_request_with_the_demo_key_reaches_the_nearest_demo_commune(seeded, db):
    answer = post_request(
        {
            "api_key": "tiepdan-demo-open311",
            "service_code": "feedback-moi-truong",
            "lat": "21.8880",
            "long": "105.1570",
            "description": "Rác thải đổ bừa bãi ven suối Mỹ Lâm.",
        }
    )

    [request] = answer.json()
    case = Case.objects.get(reference=request["service_request_id"])
    assert case.locality.code == "xa-my-lam"
    assert case.unit.code == "ban-tiep-cong-dan"
