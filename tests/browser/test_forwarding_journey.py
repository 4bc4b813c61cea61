"""A petition received at the province, forwarded to a commune with a report asked for,
decided there, and followed by the province, while the citizen checks it by code.

The demo's users sign in to a live server in Debian's Chromium (`tests/browser/support.py`);
screenshots go to var/screenshots/.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.demo.organisation import RECEPTION_OFFICE
from cases.management.commands import seed_demo
from cases.models import Unit

from .support import (
    DEMO_CASES,
    TABLET,
    Screens,
    in_own_thread,
    playwright,
    register_at_desk,
    sign_in,
    status_of,
    take,
)

COMMUNE = "ubnd-xa-my-lam"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_petition_forwarded_to_a_commune_is_decided_there_and_followed_by_the_province(
    live_server,
    chromium,
    monkeypatch,
):
    monkeypatch.setattr(seed_demo, "DEMO_CASES", DEMO_CASES)
    call_command("seed_demo", stdout=StringIO())
    names = dict(
        Unit.objects.filter(code__in=[COMMUNE, RECEPTION_OFFICE]).values_list("code", "name")
    )
    in_own_thread(journey, chromium, live_server.url, timezone.localdate(), names)


def journey(chromium, base: str, today, names: dict) -> None:
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium))
        try:
            walk(browser, base, today, names)
        finally:
            browser.close()


class Citizen:
    """The petitioner, checking the code on the portal at each step."""

    def __init__(self, browser, base: str, code: str, screens: Screens):
        self.page = browser.new_context(viewport=TABLET, locale="vi-VN").new_page()
        self.base, self.code, self.screens = base, code, screens

    def check(self, status: str, unit: str, step: str) -> str:
        self.page.goto(f"{self.base}/portal/")
        self.page.fill("#id_code", self.code.lower())
        self.page.click("#status-form button[type=submit]")
        self.page.wait_for_selector("[data-testid=status-label]")
        assert self.page.inner_text("[data-testid=status-label]").strip() == status
        assert self.page.inner_text("[data-testid=unit]").strip() == unit
        assert "Hoàng Văn Sơn" not in self.page.content()
        self.screens.shoot(self.page, f"citizen-{step}")
        forwarding = self.page.locator("[data-testid=forwarding]")
        return forwarding.inner_text().strip() if forwarding.count() else ""


def walk(browser, base: str, today, names: dict) -> None:
    screens = Screens()
    commune, office = names[COMMUNE], names[RECEPTION_OFFICE]

    # The province's reception office receives the petition.
    desk = sign_in(browser, base, "reception")
    code, original = register_at_desk(
        desk,
        {
            "full_name": "Hoàng Văn Sơn",
            "id_number": "008190004321",
            "address": "Thôn Khuôn Khán, xã Mỹ Lâm",
            "subject": "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
            "content": "UBND xã chưa trả lời đề nghị cấp giấy chứng nhận thửa đất số 112.",
        },
    )
    citizen = Citizen(browser, base, code, screens)
    assert citizen.check("Đã tiếp nhận", office, "received") == ""

    # It is the commune's to decide: forwarded there, with a report of the result asked for.
    desk.goto(f"{base}/staff/cases/{original}/")
    desk.click("details[data-action=forward] > summary")
    desk.select_option("#forward-to_unit", COMMUNE)
    desk.check("#forward-request_report")
    screens.shoot(desk, "reception-forwarding")
    desk.click("details[data-action=forward] button[type=submit]")
    desk.wait_for_load_state()
    assert status_of(desk) == "Đã chuyển đơn"
    assert commune in desk.inner_text("[data-testid=forwarded-to]")
    assert "PHIẾU CHUYỂN ĐƠN" not in desk.content()
    assert desk.locator("[data-testid=documents] a[href$='/forwarding-slip/docx/']").count() == 1
    line = citizen.check("Đã tiếp nhận", commune, "forwarded")
    assert line == f"Chuyển đến {commune} ngày {today:%d/%m/%Y}"

    # The province's leader sees where it went.
    province = sign_in(browser, base, "leader")
    province.goto(f"{base}/staff/cases/{original}/")
    received_there = province.inner_text("[data-testid=forwarded-to] a").strip()
    case_url = f"{base}/staff/cases/{received_there}/"

    # The commune's leader finds it in the commune's queue, accepts it and assigns a handler.
    leader = sign_in(browser, base, f"leader-xa-{COMMUNE.removeprefix('ubnd-xa-')}")
    leader.click(f"#open-cases + .table-wrap a:text-is('{received_there}')")
    leader.wait_for_url(case_url)
    assert office in leader.inner_text("[data-testid=forwarded-from]")
    take(leader, "accept")
    assert status_of(leader) == "Đã thụ lý"
    citizen.check("Đã thụ lý", commune, "accepted")
    take(leader, "assign", selects={"handler": "handler-xa-my-lam"})
    assert status_of(leader) == "Đang xác minh"
    screens.shoot(leader, "commune-leader-assigned")

    # The commune's handler verifies; the leader resolves.
    handler = sign_in(browser, base, "handler-xa-my-lam", viewport=TABLET)
    handler.click(f"#my-tasks + .table-wrap a:text-is('{received_there}')")
    handler.wait_for_url(case_url)
    take(handler, "submit_report", fields={"findings": "Hồ sơ đủ điều kiện cấp giấy chứng nhận."})
    citizen.check("Đã báo cáo kết quả xác minh", commune, "verified")
    leader.goto(case_url)
    take(
        leader,
        "resolve",
        fields={
            "decision_number": "42/QĐ-UBND",
            "decision_date": today.isoformat(),
            "public_summary": "Khiếu nại đúng; UBND xã cấp giấy chứng nhận trong tháng.",
        },
        selects={"outcome": "upheld"},
    )
    assert status_of(leader) == "Đã có quyết định / kết luận"
    citizen.check("Đã có quyết định / kết luận", commune, "decided")

    # The province's leader sees it in "Đơn đã chuyển" with its result, and on the case page.
    province.goto(f"{base}/staff/forwarded/")
    row = province.locator(f"tr[data-reference='{original}']")
    assert row.locator("[data-testid=status-there]").inner_text().strip() == (
        "Đã có quyết định / kết luận"
    )
    assert "42/QĐ-UBND" in row.locator("[data-testid=result]").inner_text()
    screens.shoot(province, "province-forwarded-list")
    province.goto(f"{base}/staff/cases/{original}/")
    assert "Kết quả từ đơn vị nhận đơn chuyển" in province.content()
    assert "đã có kết quả ngày" in province.inner_text("[data-testid=follow-up]")
