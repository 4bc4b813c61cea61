"""Production settings: the security headers and content security policy every page carries.

The deployment checklist (`check --deploy`) runs in tests/test_settings.py.
"""

import json
import re
from pathlib import Path

import pytest

from .test_settings import RANDOM_KEY, start_django

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HOST = "tiepdan.example.vn"

# Served under production settings by Django's test client in a fresh process.
FETCH = """
import json, os, sys, django
django.setup()
host = os.environ["ALLOWED_HOSTS"]
from django.test import Client
client = Client()
answers = {}
for path in sys.argv[1:]:
    secure = client.get(path, secure=True, HTTP_HOST=host)
    plain = client.get(path, HTTP_HOST=host)
    answers[path] = {
        "status": secure.status_code,
        "headers": dict(secure.headers),
        "cookies": {name: dict(morsel) for name, morsel in secure.cookies.items()},
        "body": secure.content.decode(errors="replace"),
        "plain_status": plain.status_code,
        "plain_location": plain.headers.get("Location", ""),
    }
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production_pages():
    result = start_django(
        "config.settings.production",
        "-c",
        FETCH,
        "/staff/login/",
        "/portal/",
        "/api/docs/",
        "/api/docs/?script=",
        SECRET_KEY=RANDOM_KEY,
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("path", ["/staff/login/", "/portal/", "/api/docs/"])
def test_every_page_carries_a_strict_content_security_policy(production_pages, path):
    page = production_pages[path]
    policy = directives(page["headers"]["Content-Security-Policy"])

    assert page["status"] == 200
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


@pytest.mark.parametrize("path", ["/staff/login/", "/portal/", "/api/docs/"])
def test_every_page_carries_the_security_headers(production_pages, path):
    headers = production_pages[path]["headers"]

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(production_pages):
    page = production_pages["/staff/login/"]

    assert page["plain_status"] == 301
    assert page["plain_location"] == f"https://{HOST}/staff/login/"


def test_the_csrf_cookie_travels_over_https_only(production_pages):
    cookie = production_pages["/staff/login/"]["cookies"]["csrftoken"]

    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def test_the_api_docs_page_runs_without_inline_script(production_pages):
    page = production_pages["/api/docs/"]["body"]
    script = production_pages["/api/docs/?script="]

    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert '<script src="/api/docs/?script="></script>' in page
    assert script["status"] == 200
    assert script["headers"]["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script["body"]


INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: address": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_template_needs_what_the_policy_forbids(template):
    text = template.read_text()

    found = [name for name, pattern in INLINE.items() if pattern.search(text)]

    assert found == []
