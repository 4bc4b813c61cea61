"""Each screen as the person who uses it, at a laptop's, a tablet's and a phone's width.

axe-core (from the npm registry, `make test` runs `npm ci`) is injected into every screen and
must find no violation of WCAG 2.1 AA; three journeys are made with the keyboard alone: a
petition at the desk, a failed case action, and a citizen's status check on a phone.
"""

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.demo.organisation import RECEPTION_OFFICE
from cases.management.commands import seed_demo
from cases.models import Field, Kind, Locality, Petition, Status
from cases.selectors import available_transitions
from cases.services import PetitionerData, PetitionInput, petition_register

from .support import DEMO_CASES, in_own_thread, playwright, sign_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {
    "laptop": {"width": 1366, "height": 900},
    "tablet": {"width": 1024, "height": 768},
    "phone": {"width": 390, "height": 844},
}
# A petition at the desk, from landing on the page to its receipt.
DESK_KEY_LIMIT = 20


@pytest.fixture
def axe() -> Path:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it with `npm ci`.")
    return AXE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_screen_passes_axe_at_three_widths_and_works_from_the_keyboard(
    live_server, chromium, axe, monkeypatch
):
    monkeypatch.setattr(seed_demo, "DEMO_CASES", DEMO_CASES)
    call_command("seed_demo", stdout=StringIO())
    leader = get_user_model().objects.get(username="leader")
    extendable = next(
        petition.case
        for petition in Petition.objects.filter(case__status=Status.ACCEPTED).select_related("case")
        if "extend" in available_transitions(petition.case, leader)
    )
    status_code = (
        Petition.objects.filter(case__unit__code=RECEPTION_OFFICE).order_by("pk").first()
    ).tracking_code
    located = located_feedback()
    facts = {
        "extendable": extendable.reference,
        "status_code": status_code,
        "located": located.case.reference,
    }

    result = in_own_thread(walk, chromium, live_server.url, axe, facts)

    assert result["violations"] == [], "\n".join(result["violations"])
    assert result["desk_keys"] <= DESK_KEY_LIMIT, result["desk_log"]
    assert result["status_keys"] <= 5


def located_feedback() -> Petition:
    """A feedback sent with a point on the map, as an Open311 app or the portal sends it."""
    reception = get_user_model().objects.get(username="reception")
    locality = Locality.objects.get(code="xa-my-lam")
    return petition_register(
        actor=reception,
        data=PetitionInput(
            kind=Kind.FEEDBACK,
            channel="in_person",
            subject="Đèn đường thôn Đồng Chùa không sáng",
            content="Ba cột đèn đầu thôn tắt từ tuần trước.",
            locality=locality,
            field=Field.objects.filter(is_active=True).first(),
            petitioner=PetitionerData(full_name="Lò Văn Sáng"),
            latitude=Decimal("22.801234"),
            longitude=Decimal("104.981234"),
        ),
    )


def walk(chromium: Path, base: str, axe: Path, facts: dict) -> dict:
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium))
        try:
            return Visit(browser, base, axe).all(facts)
        finally:
            browser.close()


class Visit:
    def __init__(self, browser, base: str, axe: Path):
        self.browser, self.base, self.axe = browser, base, axe
        self.violations: list[str] = []

    def check(self, page, path: str, *, before_check=None) -> None:
        """Open `path` once and record what axe finds at each width (media queries apply live)."""
        page.set_viewport_size(WIDTHS["laptop"])
        page.goto(f"{self.base}{path}")
        if before_check:
            before_check(page)
        page.add_script_tag(path=str(self.axe))
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            found = page.evaluate(
                """tags => axe.run(document, {
                    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
                    .then(result => result.violations.map(v =>
                        v.id + " (" + v.impact + "): " +
                        v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))""",
                WCAG_21_AA,
            )
            self.violations += [f"{path} at {width}: {text}" for text in found]

    def all(self, facts: dict) -> dict:
        citizen = self.context().new_page()
        for path in (
            "/portal/",
            f"/portal/?code={facts['status_code']}",
            "/portal/submit/",
            "/portal/sessions/",
        ):
            self.check(citizen, path)
        status_keys = self.status_on_a_phone(citizen, facts["status_code"])

        reception = self.staff("reception")
        for path in ("/staff/desk/", "/staff/book/", "/staff/inbox/"):
            self.check(reception, path)
        # The Open311 parts: the point on the map and the form that publishes the case.
        self.check(
            reception,
            f"/staff/cases/{facts['located']}/",
            before_check=lambda page: page.click("details[data-action=publish] > summary"),
        )
        desk_keys, desk_log = self.desk_by_keyboard(reception)

        leader = self.staff("leader")
        for path in (
            "/staff/inbox/",
            "/staff/dashboard/",
            "/staff/forwarded/",
            "/staff/sessions/",
            "/staff/search/?q=đất",
            "/staff/reports/localities/",
            f"/staff/cases/{facts['extendable']}/",
        ):
            self.check(leader, path)
        self.failed_action(leader, facts["extendable"])
        self.check(self.staff("handler"), "/staff/inbox/")
        return {
            "violations": self.violations,
            "desk_keys": desk_keys,
            "desk_log": desk_log,
            "status_keys": status_keys,
        }

    def context(self):
        # The test's own script (axe) runs beside the pages' content security policy.
        return self.browser.new_context(viewport=WIDTHS["laptop"], locale="vi-VN", bypass_csp=True)

    def staff(self, username: str):
        return sign_in(self.browser, self.base, username, bypass_csp=True)

    def status_on_a_phone(self, page, code: str) -> int:
        """The citizen follows the skip link to the code field; return the keys pressed."""
        page.set_viewport_size(WIDTHS["phone"])
        page.goto(f"{self.base}/portal/")
        keys = Keys(page)
        keys.press("Tab")
        keys.press("Enter")
        keys.press("Tab")
        assert focused(page) == "id_code"
        page.keyboard.type(code.lower().replace("-", " "))
        keys.press("Enter")
        page.wait_for_selector("[data-testid=status-label]")
        return keys.count

    def desk_by_keyboard(self, page) -> tuple[int, list[str]]:
        """Register a complaint with the keyboard alone; return the keys pressed besides text.

        Text typed into a field is the petition itself; every other key (Tab, Enter, the
        arrows that choose from a list) is counted.
        """
        page.set_viewport_size(WIDTHS["laptop"])
        page.goto(f"{self.base}/staff/desk/")
        keys = Keys(page)
        assert focused(page) == "id_full_name"
        # Enter in the name goes on to the next field; it does not send a half-filled form.
        page.keyboard.type("Hoàng Văn Thụ")
        keys.press("Enter")
        assert focused(page) == "id_id_number"
        assert "/staff/desk/" in page.url
        page.keyboard.type("008190004321")
        for target, text in (
            ("id_phone", "0912000444"),
            ("id_address", "Thôn Đồng Chùa, xã Mỹ Lâm"),
        ):
            keys.tab_to(target)
            page.keyboard.type(text)
        for target, label in (
            ("id_kind", "Khiếu nại"),
            ("id_field", "Đất đai"),
            ("id_locality", "Xã Chiêm Hóa"),
        ):
            keys.tab_to(target)
            keys.choose(label)
        for target, text in (
            ("id_subject", "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất"),
            ("id_content", "Đề nghị xem xét lại việc cấp giấy cho thửa đất số 12."),
        ):
            keys.tab_to(target)
            page.keyboard.type(text)
        keys.tab_to_submit()
        keys.press("Enter")
        page.wait_for_url(re.compile(r"/staff/receipts/"))
        return keys.count, keys.log

    def failed_action(self, page, reference: str) -> None:
        """An extension sent empty says so at the top, in the title, and takes the focus."""
        page.set_viewport_size(WIDTHS["tablet"])
        page.goto(f"{self.base}/staff/cases/{reference}/")
        # The leader's header keeps one row at this width.
        assert page.locator(".topbar").bounding_box()["height"] < 60
        summary = page.locator("details[data-action=extend] > summary")
        box = summary.bounding_box()
        assert box is not None and box["y"] + box["height"] <= WIDTHS["tablet"]["height"]
        summary.click()
        page.click("details[data-action=extend] button[type=submit]")
        page.wait_for_load_state()
        assert focused(page) == "error-summary"
        assert page.title().startswith("Lỗi: ")
        box = page.locator("#error-summary").bounding_box()
        assert 0 <= box["y"] < WIDTHS["tablet"]["height"]
        assert page.locator("#error-summary a").count() >= 1


def focused(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


class Keys:
    """Presses keys on the page and counts them."""

    # More Tabs than this between two fields means a stop the officer does not need.
    MAX_TABS = 4
    MAX_ARROWS = 12

    def __init__(self, page):
        self.page, self.count, self.log = page, 0, []

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1
        try:
            self.log.append(f"{key} → {focused(self.page)}")
        except playwright.Error:
            # The key sent a form: the next page is loading.
            self.log.append(f"{key} → (a new page)")

    def tab_to(self, element_id: str) -> None:
        for _ in range(self.MAX_TABS):
            self.press("Tab")
            if focused(self.page) == element_id:
                return
        raise AssertionError(f"{element_id} not reached: {self.log}")

    def choose(self, label: str) -> None:
        """Go down the focused list with the arrow key to the option labelled `label`."""
        for _ in range(self.MAX_ARROWS):
            self.press("ArrowDown")
            chosen = self.page.evaluate(
                "document.activeElement.selectedOptions[0].textContent.trim()"
            )
            if chosen == label:
                return
        raise AssertionError(f"{label} not reached: {self.log}")

    def tab_to_submit(self) -> None:
        for _ in range(self.MAX_TABS):
            self.press("Tab")
            if self.page.evaluate("document.activeElement.type") == "submit":
                return
        raise AssertionError(f"the submit button not reached: {self.log}")
