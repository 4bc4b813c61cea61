import datetime
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from cases.models import (
    Attachment,
    CalendarDay,
    Case,
    CaseEvent,
    CaseExtension,
    CaseGroupObjectPermission,
    CaseSequence,
    CaseSuspension,
    CaseUserObjectPermission,
    DeadlineRule,
    Field,
    IdentityAccess,
    InspectionGrant,
    Locality,
    Petition,
    Petitioner,
    ReceptionSession,
    Status,
    Unit,
    User,
)
from common.docx import bundled_template
from open311.models import ApiKey
from open311.services import api_key_issue
from staff.models import DocumentKind, DocumentTemplate

pytestmark = pytest.mark.django_db

REGISTERED = list(admin.site._registry)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def make_case(*, unit, locality, field, reference="KN-2026-000001", subject="Đất đai", **extra):
    return Case.objects.create(
        reference=reference,
        kind="complaint",
        unit=unit,
        locality=locality,
        field=field,
        subject=subject,
        received_at=timezone.now(),
        **extra,
    )


class FormFields(HTMLParser):
    """Collect what a browser would submit from a page's form, as (name, value) pairs."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def submitted_form(response, **changes):
    """Return the POST data of the page's form as a browser sends it, with some changes."""
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return data


@pytest.fixture
def superuser():
    return User.objects.create_superuser("root", "root@example.com", "secret")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def unit():
    return Unit.objects.create(code="u", name="U")


@pytest.fixture
def locality():
    return Locality.objects.create(code="l", name="L", level="commune")


@pytest.fixture
def field():
    return Field.objects.create(code="f", name="F")


@pytest.fixture
def case(unit, locality, field):
    return make_case(unit=unit, locality=locality, field=field)


@pytest.fixture
def every_model_row(superuser, unit, locality, field, case):
    """Create one row of every model the admin shows."""
    Unit.objects.create(code="u-child", name="U child", parent=unit)
    petitioner = Petitioner.objects.create(full_name="Nguyễn Văn A", phone="0900000000")
    petition = Petition.objects.create(
        case=case,
        tracking_code="26-K7Q3-M9XP-4",
        channel="post",
        subject="Đất đai",
        content="Nội dung",
        petitioner=petitioner,
        received_by=superuser,
    )
    petition.representatives.add(petitioner)
    Attachment.objects.create(
        petition=petition, file="attachments/2026/01/scan.pdf", original_name="scan.pdf"
    )
    CaseEvent.objects.create(case=case, sequence=1, action="register", to_status="received")
    IdentityAccess.objects.create(
        user=superuser, case=case, petition=petition, purpose=IdentityAccess.Purpose.CASE_PAGE
    )
    CaseExtension.objects.create(
        case=case, days=30, reason="Phức tạp", granted_by=superuser, granted_on=timezone.localdate()
    )
    CaseSuspension.objects.create(
        case=case, started_on=timezone.localdate(), reason="Chờ giám định"
    )
    CaseSequence.objects.create(year=2026, kind="complaint", last_value=1)
    CalendarDay.objects.create(
        date=datetime.date(2026, 1, 3), day_type=CalendarDay.DayType.WORKING_DAY, name="Làm bù"
    )
    DeadlineRule.objects.create(
        kind="complaint",
        step=DeadlineRule.Step.RESOLUTION,
        days=30,
        day_count=DeadlineRule.DayCount.CALENDAR,
        anchor=DeadlineRule.Anchor.ACCEPTED,
        effective_from=datetime.date(2012, 7, 1),
        citation="Luật Khiếu nại 2011, Điều 28",
    )
    InspectionGrant.objects.create(inspector=superuser, unit=unit)
    group = Group.objects.get_or_create(name="handler")[0]
    handle_case = Permission.objects.get(codename="handle_case")
    CaseUserObjectPermission.objects.create(
        user=superuser, permission=handle_case, content_object=case
    )
    CaseGroupObjectPermission.objects.create(
        group=group, permission=handle_case, content_object=case
    )
    Token.objects.create(user=superuser)
    # Accounts: a lockout counter, a failed sign-in and an authenticator (the audit trail
    # fills itself from the rows above).
    AccessAttempt.objects.create(
        username="reception", ip_address="192.0.2.1", failures_since_start=1, user_agent=""
    )
    AccessFailureLog.objects.create(username="reception", ip_address="192.0.2.1", user_agent="")
    TOTPDevice.objects.create(user=superuser, name="tiepdan", confirmed=False)
    api_key_issue(actor=superuser, api_key=ApiKey(name="Ứng dụng Phản ánh hiện trường"))
    # A leader's reception session and an office's own Word template.
    start = timezone.now()
    ReceptionSession.objects.create(
        unit=unit,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Trụ sở UBND",
        presiding=superuser,
    )
    DocumentTemplate.objects.create(
        kind=DocumentKind.LETTER, template=bundled_template(), file_name="mau.docx"
    )


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_changelist_opens_for_a_superuser(superuser_client, every_model_row, model):
    response = superuser_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_add_page_opens_where_adding_is_allowed(superuser_client, superuser, model):
    request = RequestFactory().get("/")
    request.user = superuser
    allowed = admin.site._registry[model].has_add_permission(request)

    response = superuser_client.get(admin_url(model, "add"))

    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_change_page_opens_for_a_superuser(superuser_client, every_model_row, model):
    changelist = superuser_client.get(admin_url(model, "changelist")).context["cl"]

    response = superuser_client.get(changelist.url_for_result(changelist.result_list[0]))

    assert response.status_code == 200


def add_case_with_its_own_relations(number):
    """Add a case whose unit, locality, field, handler and every row about it are new."""
    unit = Unit.objects.create(code=f"u{number}", name=f"U{number}")
    handler = User.objects.create_user(f"handler{number}", unit=unit)
    case = make_case(
        reference=f"KN-2026-10000{number}",
        unit=unit,
        locality=Locality.objects.create(code=f"l{number}", name=f"L{number}", level="commune"),
        field=Field.objects.create(code=f"f{number}", name=f"F{number}"),
        handler=handler,
    )
    Petition.objects.create(
        case=case,
        tracking_code=f"26-0000-000{number}-X",
        channel="post",
        subject="x",
        content="x",
        received_by=handler,
    )
    CaseEvent.objects.create(case=case, sequence=1, action="register", actor=handler)
    InspectionGrant.objects.create(inspector=handler, unit=unit)
    CaseUserObjectPermission.objects.create(
        user=handler, permission=Permission.objects.get(codename="handle_case"), content_object=case
    )


@pytest.mark.parametrize(
    "model", [Case, Petition, CaseEvent, CaseUserObjectPermission, User, InspectionGrant]
)
def test_changelist_queries_do_not_grow_with_its_rows(superuser_client, every_model_row, model):
    url = admin_url(model, "changelist")
    add_case_with_its_own_relations(1)
    with CaptureQueriesContext(connection) as few:
        superuser_client.get(url)
    for number in range(2, 6):
        add_case_with_its_own_relations(number)
    with CaptureQueriesContext(connection) as many:
        superuser_client.get(url)

    assert len(many) == len(few)


def test_case_change_page_has_no_status_input(superuser_client, every_model_row, case):
    response = superuser_client.get(admin_url(Case, "change", case.pk))

    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
    assert 'name="status"' not in response.content.decode()


def test_posting_a_case_changes_nothing(superuser_client, superuser, every_model_row, case):
    url = admin_url(Case, "change", case.pk)
    data = submitted_form(
        superuser_client.get(url),
        subject="Bồi thường giải phóng mặt bằng",
        status=Status.CLOSED,
        handler=str(superuser.pk),
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.subject == "Đất đai"
    assert case.status == Status.RECEIVED
    assert case.handler is None


def test_cases_cannot_be_added_or_deleted_in_the_admin(superuser_client, case):
    assert superuser_client.get(admin_url(Case, "add")).status_code == 403
    assert (
        superuser_client.post(admin_url(Case, "delete", case.pk), {"post": "yes"}).status_code
        == 403
    )
    assert Case.objects.filter(pk=case.pk).exists()


def test_case_event_change_page_has_no_save_button_and_ignores_posts(superuser_client, case):
    event = CaseEvent.objects.create(case=case, sequence=1, action="register", note="original")
    url = admin_url(CaseEvent, "change", event.pk)

    page = superuser_client.get(url)
    response = superuser_client.post(url, {"action": "accept", "note": "rewritten", "_save": "1"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    event.refresh_from_db()
    assert (event.action, event.note) == ("register", "original")


def test_case_changelist_search_finds_by_reference_and_tracking_code(
    superuser_client, unit, locality, field, case
):
    other = make_case(
        unit=unit, locality=locality, field=field, reference="KN-2026-000002", subject="Môi trường"
    )
    Petition.objects.create(
        case=other, tracking_code="26-ABCD-EFGH-J", channel="post", subject="x", content="x"
    )
    url = admin_url(Case, "changelist")

    by_reference = superuser_client.get(url, {"q": "KN-2026-000001"}).context["cl"]
    by_tracking_code = superuser_client.get(url, {"q": "26-ABCD-EFGH-J"}).context["cl"]

    assert list(by_reference.result_list) == [case]
    assert list(by_tracking_code.result_list) == [other]


def test_deadline_filter_sorts_open_cases_into_overdue_due_soon_and_on_time(
    superuser_client, unit, locality, field
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    dates = {"unit": unit, "locality": locality, "field": field}
    overdue = make_case(reference="A-1", due_on=today - day, due_soon_on=today - 4 * day, **dates)
    due_soon = make_case(reference="A-2", due_on=today + day, due_soon_on=today - day, **dates)
    on_time = make_case(reference="A-3", due_on=today + 9 * day, due_soon_on=today + day, **dates)
    make_case(reference="A-4", status=Status.CLOSED, due_on=today - day, **dates)
    url = admin_url(Case, "changelist")

    def filtered(value):
        return set(superuser_client.get(url, {"deadline": value}).context["cl"].result_list)

    assert filtered("overdue") == {overdue}
    assert filtered("due_soon") == {due_soon}
    assert filtered("on_time") == {on_time}


def test_staff_sees_in_the_admin_only_the_cases_they_may_open(client, case, unit):
    staff = User.objects.create_user("staff", password="secret", is_staff=True, unit=unit)
    staff.user_permissions.add(Permission.objects.get(codename="view_case"))
    client.force_login(staff)
    url = admin_url(Case, "changelist")

    without_role = client.get(url).context["cl"].result_count
    staff.groups.add(Group.objects.get_or_create(name="leader")[0])
    as_leader = client.get(url).context["cl"].result_count

    assert (without_role, as_leader) == (0, 1)


def test_petitioners_are_shown_to_superusers_only(client, every_model_row, unit):
    staff = User.objects.create_user("staff", password="secret", is_staff=True, unit=unit)
    staff.groups.add(Group.objects.get_or_create(name="leader")[0])
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_petitioner", "view_petition"])
    )
    client.force_login(staff)
    petition = Petition.objects.get()

    directory = client.get(admin_url(Petitioner, "changelist"))
    petition_page = client.get(admin_url(Petition, "change", petition.pk))

    assert directory.status_code == 403
    assert petition_page.status_code == 200
    assert petition.tracking_code in petition_page.content.decode()
    assert "Nguyễn Văn A" not in petition_page.content.decode()


def test_an_administrator_cannot_make_anyone_a_superuser(client, unit):
    administrator = User.objects.create_user("admin", password="secret", is_staff=True)
    administrator.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client.force_login(administrator)
    url = admin_url(User, "change", administrator.pk)
    data = submitted_form(client.get(url), is_superuser="on", unit=str(unit.pk))

    response = client.post(url, data)

    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.unit == unit
    assert not administrator.is_superuser
