"""A complaint from the reception desk to the citizen's status page, through the real pages.

Each demo user signs in to a live server and acts in Debian's Chromium, driven by
Playwright; a screenshot of each screen is saved under var/screenshots/.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.demo.organisation import RECEPTION_OFFICE
from cases.management.commands import seed_demo
from cases.models import OPEN_STATUSES, Petition

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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_complaint_goes_from_the_desk_to_the_citizens_status_page(
    live_server, chromium, monkeypatch
):
    # The demo's staff and organisation, with fewer cases around: all 500, each walked
    # through its flow, take minutes, and this journey needs only a populated inbox.
    monkeypatch.setattr(seed_demo, "DEMO_CASES", DEMO_CASES)
    call_command("seed_demo", stdout=StringIO())
    # A visitor who came before, with a case still open at the reception office.
    earlier = (
        Petition.objects.filter(
            case__unit__code=RECEPTION_OFFICE,
            case__status__in=OPEN_STATUSES,
            petitioner__id_number__gt="",
        )
        .select_related("case", "petitioner")
        .first()
    )
    assert earlier is not None
    in_own_thread(journey, chromium, live_server.url, timezone.localdate(), earlier)


def journey(chromium: Path, base: str, today, earlier: Petition) -> None:
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium))
        try:
            walk(browser, base, today, earlier)
        finally:
            browser.close()


def walk(browser, base: str, today, earlier: Petition) -> None:
    screens = Screens()

    # The reception officer logs a complaint and gets its receipt.
    desk = sign_in(browser, base, "reception")
    # Typing an earlier visitor's ID number brings up their open case as a likely duplicate.
    desk.fill("#id_id_number", earlier.petitioner.id_number)
    hint = desk.wait_for_selector("[data-testid=duplicates]")
    assert earlier.case.reference in hint.inner_text()
    screens.shoot(desk, "reception-desk-duplicate-hint")
    code, reference = register_at_desk(
        desk,
        {
            "full_name": "Đỗ Thị Mai",
            "id_number": "008190001234",
            "phone": "0912000333",
            "address": "Thôn Đồng Chùa, xã Mỹ Lâm",
            "subject": "Khiếu nại quyết định thu hồi đất nông nghiệp",
            "content": "Đề nghị xem xét lại mức bồi thường khi thu hồi 500 m² đất lúa.",
        },
        before_sending=lambda page: screens.shoot(page, "reception-desk"),
    )
    assert re.fullmatch(r"\d{2}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]", code)
    assert desk.locator(".qr svg").count() == 1
    screens.shoot(desk, "receipt")
    case_url = f"{base}/staff/cases/{reference}/"

    # The leader accepts and assigns, from the inbox to the case page.
    leader = sign_in(browser, base, "leader")
    screens.shoot(leader, "leader-inbox")
    leader.click(f"#open-cases + .table-wrap a:text-is('{reference}')")
    leader.wait_for_url(case_url)
    take(leader, "accept")
    assert status_of(leader) == "Đã thụ lý"
    take(leader, "assign", selects={"handler": "handler"})
    assert status_of(leader) == "Đang xác minh"
    screens.shoot(leader, "leader-case-assigned")

    # The handler finds it among their tasks and submits the verification report.
    handler = sign_in(browser, base, "handler", viewport=TABLET)
    assert handler.locator(f"#my-tasks + .table-wrap >> text={reference}").count() == 1
    screens.shoot(handler, "handler-inbox-tablet")
    handler.click(f"#my-tasks + .table-wrap a:text-is('{reference}')")
    handler.wait_for_url(case_url)
    take(handler, "submit_report", fields={"findings": "Đã xác minh thực địa; hồ sơ đo đạc đúng."})
    assert status_of(handler) == "Đã báo cáo kết quả xác minh"

    # The leader sends it back once; the handler reports again; the leader resolves.
    leader.goto(case_url)
    take(leader, "send_back", fields={"reason": "Bổ sung biên bản làm việc với hộ gia đình."})
    assert status_of(leader) == "Đang xác minh"
    handler.goto(case_url)
    take(handler, "submit_report", fields={"findings": "Đã bổ sung biên bản ngày 20/11."})
    leader.goto(case_url)
    take(
        leader,
        "resolve",
        fields={
            "decision_number": "125/QĐ-UBND",
            "decision_date": today.isoformat(),
            "public_summary": "Khiếu nại đúng một phần; điều chỉnh mức bồi thường.",
        },
        selects={"outcome": "partly_upheld"},
    )
    assert status_of(leader) == "Đã có quyết định / kết luận"
    screens.shoot(leader, "leader-case-resolved")
    leader.goto(f"{base}/staff/dashboard/")
    screens.shoot(leader, "leader-dashboard")

    # The reception officer sends the response.
    desk.goto(case_url)
    take(desk, "respond", selects={"method": "post"})
    assert status_of(desk) == "Đã trả lời công dân"
    screens.shoot(desk, "reception-case-responded")
    desk.goto(f"{base}/staff/book/")
    assert code in desk.content()
    screens.shoot(desk, "reception-book")

    # The citizen types the code in lower case with spaces.
    citizen = browser.new_context(viewport=TABLET, locale="vi-VN").new_page()
    citizen.goto(f"{base}/portal/")
    citizen.fill("#id_code", code.lower().replace("-", " "))
    citizen.click("#status-form button[type=submit]")
    citizen.wait_for_selector("[data-testid=status-label]")
    assert citizen.inner_text("[data-testid=status-label]").strip() == "Đã trả lời công dân"
    assert "Đỗ Thị Mai" not in citizen.content()
    screens.shoot(citizen, "citizen-status")
