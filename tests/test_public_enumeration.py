"""A tracking code that exists nowhere, one with a wrong check character and a malformed
string get the same answer after the same work, on the portal and in the API: nothing tells a
guesser which codes are well formed or how close a guess came
(docs/tracking-codes.md#no-enumeration)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.http import urlencode

from cases import tracking_codes

from .factories import register

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def typed(world) -> dict[str, str]:
    """Return three codes that find nothing, by how they are wrong."""
    code = register(world).petitions.get().tracking_code
    wrong_check = next(s for s in tracking_codes.ALPHABET if s != code[-1])
    return {
        "unknown": tracking_codes.generate(2026),
        "bad check character": code[:-1] + wrong_check,
        "malformed": "xin chao 123",
    }


def petition_scans() -> int:
    """Return how many times this transaction read the petition table (PostgreSQL counts)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) "
            "FROM pg_stat_xact_user_tables WHERE relname = 'cases_petition'"
        )
        return cursor.fetchone()[0]


def work_of(request) -> tuple[int, int]:
    """Return the Django queries and the petition-table reads that one request costs."""
    before = petition_scans()
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries), petition_scans() - before


def test_the_portal_answers_404_with_the_same_page_for_all_three(typed):
    pages = {}
    for how, code in typed.items():
        response = Client().get("/portal/", {"code": code})
        assert response.status_code == 404, how
        # The page shows back what was typed (in the form and the language switch's return
        # address) and carries a fresh CSRF token; everything else must be the same.
        page = response.content.decode().replace(escape(urlencode({"code": code})), "code=TYPED")
        pages[how] = CSRF_TOKEN.sub("TOKEN", page.replace(escape(code), "TYPED"))

    assert 'data-testid="not-found"' in pages["unknown"]
    assert pages["bad check character"] == pages["unknown"]
    assert pages["malformed"] == pages["unknown"]


def test_the_api_answers_404_with_the_same_body_for_all_three(typed):
    responses = {how: Client().get(f"/api/v1/track/{code}/") for how, code in typed.items()}

    bodies = {how: response.json() for how, response in responses.items()}
    assert {response.status_code for response in responses.values()} == {404}
    assert bodies["unknown"] == {"detail": "Không có đơn nào mang mã này."}
    assert bodies["bad check character"] == bodies["unknown"]
    assert bodies["malformed"] == bodies["unknown"]
    assert len({tuple(sorted(r.headers)) for r in responses.values()}) == 1


@pytest.mark.parametrize("url", ["/portal/?code={}", "/api/v1/track/{}/"])
def test_each_of_the_three_costs_the_same_single_lookup(typed, url):
    client = Client()
    work = {
        how: work_of(lambda code=code: client.get(url.format(code))) for how, code in typed.items()
    }

    assert work["unknown"][1] == 1
    assert work["bad check character"] == work["unknown"]
    assert work["malformed"] == work["unknown"]
