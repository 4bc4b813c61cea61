"""The file for verifiers: the case's petitions with every denouncer removed.

What it holds: docs/denouncer-protection.md#the-file-for-verifiers.
"""

import pytest

from cases.models import IdentityAccess

from .identity_support import denunciation_in, get, leaks, more_staff, text_of


def url(case) -> str:
    return f"/staff/cases/{case.reference}/verification-file/pdf/"


@pytest.fixture
def case(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return denunciation_in(world)


@pytest.mark.parametrize("username", ["leader", "handler", "province_leader"])
def test_the_verification_file_holds_the_matter_and_none_of_the_denouncer(world, case, username):
    response = get(getattr(world, username), url(case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response)
    assert leaks(text) == []
    assert case.reference in text
    assert "Hà Văn Tùng" in text
    assert "1 tệp" in text or "1 file" in text
    assert not IdentityAccess.objects.exists()


def test_those_who_do_not_act_on_verification_get_403_and_others_404(world, case):
    staff = more_staff(world)

    assert get(world.inspector, url(case)).status_code == 403
    assert get(world.reception, url(case)).status_code == 403
    assert get(world.second_handler, url(case)).status_code == 404
    assert get(world.other_leader, url(case)).status_code == 404
    assert get(staff["other_reception"], url(case)).status_code == 404


def test_the_case_page_offers_the_file_to_the_leader_only(world, case):
    offered = text_of(get(world.leader, f"/staff/cases/{case.reference}/"))
    not_offered = text_of(get(world.inspector, f"/staff/cases/{case.reference}/"))

    assert url(case) in offered
    assert url(case) not in not_offered
