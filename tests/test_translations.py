from pathlib import Path

import polib
import pytest

from cases.models import Status

from .factories import case_in

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_vietnamese_translation():
    untranslated = [entry.msgid for entry in polib.pofile(str(CATALOGUE)) if not entry.translated()]
    assert untranslated == []


@pytest.mark.parametrize(
    ("language", "label"), [("vi", "Đã trả lời công dân"), ("en", "Responded to the citizen")]
)
def test_the_public_status_label_follows_the_visitors_language(world, api, language, label):
    case = case_in(world, Status.RESPONDED)
    code = case.petitions.get().tracking_code
    response = api().get(f"/api/v1/track/{code}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.json()["status_label"] == label


def test_vietnamese_is_served_when_the_visitor_names_no_language(world, api):
    case = case_in(world, Status.RECEIVED)
    code = case.petitions.get().tracking_code
    assert api().get(f"/api/v1/track/{code}/").json()["status_label"] == "Đã tiếp nhận"
