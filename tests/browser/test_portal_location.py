"""The portal's "use my location" button, in Chromium under the content security policy."""

import pytest
from django.test import override_settings

from cases.models import Petition

from ..factories import build_world
from .support import in_own_thread

playwright = pytest.importorskip("playwright.sync_api")

POSITION = {"latitude": 22.801234, "longitude": 104.981234}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_use_my_location_fills_the_point_that_is_then_kept(live_server, chromium):
    world = build_world()
    with override_settings(PORTAL_UNIT=world.commune.code):
        refused = in_own_thread(send_feedback, chromium, live_server.url, world)

    assert refused == []
    petition = Petition.objects.get()
    assert (float(petition.latitude), float(petition.longitude)) == (
        POSITION["latitude"],
        POSITION["longitude"],
    )


def send_feedback(chromium, base: str, world) -> list[str]:
    """Send a feedback with the browser's position; return what the CSP refused."""
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium))
        try:
            context = browser.new_context(
                geolocation=POSITION, permissions=["geolocation"], locale="vi-VN"
            )
            page = context.new_page()
            refused = []
            page.on(
                "console",
                lambda message: (
                    refused.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            page.goto(f"{base}/portal/submit/")
            page.click("#use-location")
            page.wait_for_function("document.getElementById('id_latitude').value !== ''")
            assert page.input_value("#id_longitude") == "104.981234"
            page.select_option("#id_field", world.field.code)
            page.select_option("#id_locality", world.locality.code)
            page.fill("#id_subject", "Đường liên thôn bị sạt lở")
            page.fill("#id_content", "Đoạn đường qua thôn 4 bị sạt lở sau mưa lớn.")
            page.click("form.card button[type=submit]")
            page.wait_for_selector("[data-testid=submitted]")
            return refused
        finally:
            browser.close()
