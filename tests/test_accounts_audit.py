"""The audit trail: sign-ins, role and permission changes, grants and exports."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import AuditAction, AuditEntry
from accounts.services import audit_record
from cases.models import InspectionGrant, Status
from cases.permissions import Role
from cases.services import case_transition

from .factories import PASSWORD, case_in, register
from .staff_helpers import client_for
from .test_admin import submitted_form


@pytest.fixture(autouse=True)
def _empty_trail(world):
    # Building the shared world grants roles and an inspection: each test starts after that.
    AuditEntry.objects.all().delete()


def entries(action):
    return list(
        AuditEntry.objects.filter(action=action)
        .order_by("pk")
        .values_list("actor_name", "target", "details")
    )


def test_a_staff_sign_in_and_sign_out_are_recorded_with_the_address(world):
    client = Client(REMOTE_ADDR="203.0.113.7")

    client.post("/staff/login/", {"username": "leader", "password": PASSWORD})
    client.post("/staff/logout/")

    login = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert (login.actor, login.target, login.client_ip) == (world.leader, "leader", "203.0.113.7")
    assert entries(AuditAction.LOGOUT) == [("leader", "leader", {})]


def test_a_failed_sign_in_names_the_username_tried_and_no_password(world):
    Client().post("/staff/login/", {"username": "leader", "password": "not-the-password"})

    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (entry.actor, entry.target, entry.details) == (None, "leader", {"via": "staff"})
    assert "not-the-password" not in str(entry.details)


def test_api_token_sign_ins_are_recorded_as_such(world):
    client = APIClient()
    client.post("/api/v1/auth/token/", {"username": "leader", "password": "wrong"})
    client.post("/api/v1/auth/token/", {"username": "leader", "password": PASSWORD})

    assert entries(AuditAction.LOGIN_FAILED) == [("", "leader", {"via": "api"})]
    assert entries(AuditAction.LOGIN) == [("leader", "leader", {"via": "api"})]


def test_the_client_address_behind_the_proxy_is_the_one_it_forwards(world, settings):
    settings.NUM_PROXIES = 1
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")

    client.post("/staff/login/", {"username": "leader", "password": PASSWORD})

    assert AuditEntry.objects.get(action=AuditAction.LOGIN).client_ip == "203.0.113.9"


def test_adding_and_removing_a_role_is_recorded_from_either_side(world):
    leaders = Group.objects.get(name=Role.LEADER)

    world.handler.groups.add(leaders)
    leaders.user_set.remove(world.handler)
    world.reception.groups.clear()

    assert entries(AuditAction.GROUPS_CHANGED) == [
        ("", "handler", {"added": ["leader"]}),
        ("", "handler", {"removed": ["leader"]}),
        ("", "reception", {"removed": ["reception"]}),
    ]


def test_a_permission_given_to_a_user_is_recorded(world):
    permission = Permission.objects.get(codename="handle_case")

    world.handler.user_permissions.add(permission)

    [(_, target, details)] = entries(AuditAction.PERMISSIONS_CHANGED)
    assert target == "handler"
    assert details["added"] == [str(permission)]


def test_unit_active_flag_and_admin_rights_changes_are_recorded_with_before_and_after(world):
    handler = world.handler
    handler.unit = world.other_commune
    handler.is_active = False
    handler.is_staff = True
    handler.save()

    assert entries(AuditAction.UNIT_CHANGED) == [
        (
            "",
            "handler",
            {"field": "unit_id", "from": world.commune.pk, "to": world.other_commune.pk},
        )
    ]
    assert entries(AuditAction.ACTIVE_CHANGED) == [
        ("", "handler", {"field": "is_active", "from": True, "to": False})
    ]
    assert entries(AuditAction.PRIVILEGES_CHANGED) == [
        ("", "handler", {"field": "is_staff", "from": False, "to": True})
    ]


def test_a_sign_in_alone_records_no_account_change(world):
    Client().post("/staff/login/", {"username": "leader", "password": PASSWORD})

    assert set(AuditEntry.objects.values_list("action", flat=True)) == {AuditAction.LOGIN}


def test_an_administrator_disabling_an_account_in_the_admin_is_the_actor(world):
    superuser = world.administrator
    superuser.is_superuser = True
    superuser.save()
    client = client_for(superuser)
    url = f"/admin/cases/user/{world.handler.pk}/change/"
    form = submitted_form(client.get(url))
    del form["is_active"]  # the box unticked
    AuditEntry.objects.all().delete()

    response = client.post(url, form)

    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(action=AuditAction.ACTIVE_CHANGED)
    assert (entry.actor, entry.target, entry.client_ip) == (superuser, "handler", "127.0.0.1")


def test_assigning_and_reassigning_a_case_records_the_object_permissions(world):
    case = case_in(world, Status.VERIFYING)
    case_transition(
        case=case,
        actor=world.leader,
        name="reassign",
        data={"handler": world.second_handler.username, "reason": "Nghỉ phép"},
    )

    granted = entries(AuditAction.CASE_PERMISSION_GRANTED)
    revoked = entries(AuditAction.CASE_PERMISSION_REVOKED)
    assert [(target, details["user"]) for _, target, details in granted] == [
        (case.reference, "handler"),
        (case.reference, "handler2"),
    ]
    assert [(target, details["user"]) for _, target, details in revoked] == [
        (case.reference, "handler")
    ]
    assert granted[0][2]["permission"] == "handle_case"


def test_the_assigning_leader_is_the_actor_of_a_grant_made_over_http(world):
    case = case_in(world, Status.ACCEPTED)

    response = APIClient()
    response.force_authenticate(world.leader)
    reply = response.post(
        f"/api/v1/cases/{case.reference}/transitions/assign/",
        {"handler": world.handler.username, "version": case.version},
        format="json",
    )

    assert reply.status_code == 200, reply.content
    entry = AuditEntry.objects.get(action=AuditAction.CASE_PERMISSION_GRANTED)
    assert (entry.actor_name, entry.target) == ("leader", case.reference)


def test_inspection_grants_given_and_taken_back_are_recorded(world):
    grant = InspectionGrant.objects.create(inspector=world.inspector, unit=world.other_commune)
    grant.delete()

    assert entries(AuditAction.INSPECTION_GRANTED)[-1] == ("", "inspector", {"unit": "ubnd-xa-b"})
    assert entries(AuditAction.INSPECTION_REVOKED) == [("", "inspector", {"unit": "ubnd-xa-b"})]


def test_the_reception_book_export_is_recorded_without_anyones_name(world):
    register(world)

    response = client_for(world.reception).get("/staff/book/xlsx/")

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == world.reception
    assert entry.target.startswith("reception book ")
    assert entry.details == {"format": "xlsx", "rows": 1, "unit": "UBND xã An Bình"}
    assert "Nguyễn Thị Hoa" not in str(entry.details) + entry.target


def test_audit_record_keeps_the_actors_name_after_the_account_is_gone(world):
    audit_record(actor=world.second_handler, action=AuditAction.EXPORT, target="báo cáo quý")
    world.second_handler.delete()

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor, entry.actor_name) == (None, "handler2")


def test_the_audit_trail_is_read_only_in_the_admin(world):
    superuser = world.administrator
    superuser.is_superuser = True
    superuser.save()
    client = client_for(superuser)
    entry = AuditEntry.objects.first()

    listing = client.get("/admin/accounts/auditentry/?action=login")
    change = client.post(f"/admin/accounts/auditentry/{entry.pk}/change/", {"target": "x"})
    delete = client.post(f"/admin/accounts/auditentry/{entry.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert change.status_code == 403
    assert delete.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk, target=entry.target).exists()
