"""The portal's form takes where a feedback is seen: typed, or filled by "use my location"."""

import re
from decimal import Decimal

from django.test import Client

from cases.models import Petition

from .public_helpers import portal_form as form


def test_a_feedback_sent_with_a_point_keeps_it(world, settings):
    settings.PORTAL_UNIT = world.commune.code

    Client().post("/portal/submit/", form(world, latitude="22.801234", longitude="104.981234"))

    petition = Petition.objects.get()
    assert (petition.latitude, petition.longitude) == (Decimal("22.801234"), Decimal("104.981234"))


def test_a_point_outside_viet_nam_is_refused_on_the_form_in_vietnamese(world, settings):
    settings.PORTAL_UNIT = world.commune.code

    response = Client().post(
        "/portal/submit/", form(world, latitude="13.756300", longitude="100.501800")
    )

    assert response.status_code == 400
    assert "Điểm 13.756300, 100.501800 không thuộc Việt Nam." in response.content.decode()
    assert not Petition.objects.exists()


def test_half_a_point_is_refused(world, settings):
    settings.PORTAL_UNIT = world.commune.code

    response = Client().post("/portal/submit/", form(world, latitude="22.8"))

    assert response.status_code == 400
    assert "Ghi cả vĩ độ và kinh độ, hoặc để trống cả hai." in response.content.decode()


def test_the_location_button_comes_from_a_static_script_the_csp_allows(world):
    response = Client().get("/portal/submit/")

    html = response.content.decode()
    assert 'id="use-location"' in html
    assert '<script src="/static/portal/location.js"></script>' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
