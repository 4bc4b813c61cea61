"""Who sees a denouncer: the receiving officer, the assigned handler and the leader of the
resolving unit, each view logged once; everyone else gets the redaction, and no log.

The rule: docs/denouncer-protection.md#who-may-see-a-denouncer.
"""

from types import SimpleNamespace

import pytest

from cases.models import IdentityAccess, Status

from .identity_support import (
    DENOUNCER,
    SCAN,
    denunciation_in,
    get,
    leaks,
    more_staff,
    text_of,
)


@pytest.fixture
def setting(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Decided, so that the response letter exists (it is offered only after a decision).
    case = denunciation_in(world, Status.RESOLVED)
    petition = case.petitions.get()
    urls = {
        "case_page": f"/staff/cases/{case.reference}/",
        "api": f"/api/v1/cases/{case.reference}/",
        "response_letter": f"/staff/cases/{case.reference}/letter/pdf/",
        "attachment": f"/staff/cases/{case.reference}/attachments/{petition.attachments.get().pk}/",
        "receipt": f"/staff/receipts/{petition.tracking_code}/",
        "receipt_pdf": f"/staff/receipts/{petition.tracking_code}/pdf/",
        "reception_book": "/staff/book/",
        "book_xlsx": "/staff/book/xlsx/",
    }
    return SimpleNamespace(case=case, urls=urls, users={**world.users(), **more_staff(world)})


ALLOWED = [
    ("reception", "case_page"),
    ("handler", "case_page"),
    ("leader", "case_page"),
    ("reception", "api"),
    ("handler", "api"),
    ("leader", "api"),
    ("reception", "response_letter"),
    ("handler", "response_letter"),
    ("leader", "response_letter"),
    ("reception", "receipt"),
    ("leader", "receipt"),
    ("reception", "reception_book"),
    ("leader", "reception_book"),
]


@pytest.mark.parametrize(("username", "view"), ALLOWED)
def test_the_three_allowed_roles_see_the_denouncer_and_each_view_is_logged_once(
    setting, username, view
):
    case, urls, users = setting.case, setting.urls, setting.users
    user = users[username]

    response = get(user, urls[view])

    assert response.status_code == 200
    assert DENOUNCER.full_name in text_of(response)
    logged = IdentityAccess.objects.values_list("user", "case", "purpose")
    purpose = "receipt" if view.startswith("receipt") else view
    assert list(logged) == [(user.pk, case.pk, purpose)]


def test_the_receipt_pdf_names_the_denouncer_to_the_officer_who_received_it(setting):
    urls, users = setting.urls, setting.users

    response = get(users["reception"], urls["receipt_pdf"])

    assert DENOUNCER.full_name in text_of(response)
    assert IdentityAccess.objects.get().purpose == "receipt"


@pytest.mark.parametrize("username", ["reception", "handler", "leader"])
def test_the_allowed_roles_download_the_decrypted_scan_and_the_download_is_logged(
    setting, username
):
    urls, users = setting.urls, setting.users

    response = get(users[username], urls["attachment"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCAN
    assert list(IdentityAccess.objects.values_list("user__username", "purpose")) == [
        (username, "attachment")
    ]


def test_the_case_page_shows_the_allowed_the_petition_as_it_was_written(setting):
    urls, users = setting.urls, setting.users

    html = text_of(get(users["handler"], urls["case_page"]))

    assert "0987 001 122" in html
    assert "Hà Văn Tùng" in html


# Everyone else: a leader of the parent unit, an inspector, another reception officer of the
# same unit, and people who cannot open the case at all.
DENIED = [
    "province_leader",
    "inspector",
    "second_reception",
    "second_handler",
    "other_handler",
    "other_leader",
    "other_reception",
    "administrator",
]


@pytest.mark.parametrize("username", DENIED)
@pytest.mark.parametrize(
    "view",
    [
        "case_page",
        "api",
        "response_letter",
        "receipt",
        "receipt_pdf",
        "reception_book",
        "book_xlsx",
    ],
)
def test_everyone_else_gets_the_redaction_and_no_access_is_logged(setting, username, view):
    urls, users = setting.urls, setting.users

    response = get(users[username], urls[view])

    assert response.status_code in (200, 403, 404)
    assert leaks(text_of(response)) == []
    assert not IdentityAccess.objects.exists()


@pytest.mark.parametrize("username", DENIED)
def test_everyone_else_gets_404_for_the_denouncers_scan(setting, username):
    urls, users = setting.urls, setting.users

    response = get(users[username], urls["attachment"])

    assert response.status_code in (403, 404)
    assert not IdentityAccess.objects.exists()


@pytest.mark.parametrize("username", ["province_leader", "inspector", "second_reception"])
def test_those_who_open_the_case_read_the_matter_with_the_denouncer_redacted(setting, username):
    urls, users = setting.urls, setting.users

    html = text_of(get(users[username], urls["case_page"]))
    body = text_of(get(users[username], urls["api"]))

    assert "Hà Văn Tùng" in html
    assert "Thông tin được giữ bí mật (Luật Tố cáo 2018)" in html
    assert "Tôi là […], trú tại […], điện thoại […]" in html
    assert '"petitioner": {"redacted": true}' in body
    assert "Hà Văn Tùng" in body


def test_the_excel_export_hides_the_denouncer_even_from_the_officer_who_received_it(setting):
    urls, users = setting.urls, setting.users

    response = get(users["reception"], urls["book_xlsx"])

    assert response.status_code == 200
    assert leaks(text_of(response)) == []
    assert not IdentityAccess.objects.exists()


def test_the_resolving_units_leader_reads_who_saw_the_identity_on_the_case_page(setting):
    urls, users = setting.urls, setting.users
    get(users["reception"], urls["receipt"])

    html = text_of(get(users["leader"], urls["case_page"]))
    parent = text_of(get(users["province_leader"], urls["case_page"]))

    assert 'data-testid="identity-accesses"' in html
    section = html.split('data-testid="identity-accesses"')[1].split("</section>")[0]
    assert section.count("<tr><td>") == 2  # the receipt, then this very page view
    assert 'data-testid="identity-accesses"' not in parent
