"""Helpers of the browser tests."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from cases.demo.organisation import PASSWORD


def in_own_thread(function, *args):
    """Run `function` in a thread of its own and return its result or raise its error.

    Playwright's sync API runs an event loop and greenlets; kept off the test's thread, it
    leaves that thread's database connection (and the rollback that restores the
    database for the next test) alone. The browser only talks to the live server.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


# Laptop and tablet widths: every screen must work on both.
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}
DEMO_CASES = 30

playwright = pytest.importorskip("playwright.sync_api")


class Screens:
    """Takes numbered screenshots of the journey, in the order they were shown."""

    def __init__(self):
        self.folder = Path(settings.VAR_DIR) / "screenshots"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shoot(self, page, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


def sign_in(browser, base_url: str, username: str, viewport=LAPTOP, **options):
    """Return a page signed in as `username`; `options` go to the browser context."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", **options)
    page = context.new_page()
    page.goto(f"{base_url}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/(desk|inbox|dashboard)/"))
    return page


def take(page, action: str, fields: dict | None = None, selects: dict | None = None) -> None:
    """Open an action on the case page, fill its form and send it."""
    page.click(f"details[data-action={action}] > summary")
    for name, value in (fields or {}).items():
        page.fill(f"#{action}-{name}", value)
    for name, value in (selects or {}).items():
        page.select_option(f"#{action}-{name}", value)
    page.click(f"details[data-action={action}] button[type=submit]")
    page.wait_for_load_state()


def status_of(page) -> str:
    return page.inner_text("[data-testid=case-status]").strip()


def register_at_desk(desk, visitor: dict, *, before_sending=None) -> tuple[str, str]:
    """Type a complaint about land in Mỹ Lâm at the desk, send it; return its code and case.

    `visitor` holds the desk's fields by id (full_name, id_number, phone, address, subject,
    content); `before_sending(page)` may look at the filled form.
    """
    desk.check("input[name=petitioner_kind][value=person]")
    for name in ("full_name", "id_number", "phone", "address", "subject", "content"):
        if name in visitor:
            desk.fill(f"#id_{name}", visitor[name])
    desk.select_option("#id_kind", "complaint")
    desk.select_option("#id_field", "dat-dai")
    desk.select_option("#id_locality", "xa-my-lam")
    if before_sending:
        before_sending(desk)
    desk.click("#desk-form button[type=submit]")
    desk.wait_for_url(re.compile(r"/staff/receipts/"))
    code = desk.inner_text("[data-testid=tracking-code]").strip()
    return code, desk.inner_text("[data-testid=case-reference]").strip()
