"""/api/schema/ and /api/docs/: the OpenAPI document of docs/api.md and its offline browser UI."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from cases.transition_forms import FORMS

# docs/api.md, with each path parameter written as {} whatever its name.
CONTRACT = {
    ("post", "/api/v1/auth/token/"),
    ("get", "/api/v1/localities/"),
    ("get", "/api/v1/fields/"),
    ("get", "/api/v1/units/"),
    ("post", "/api/v1/petitions/"),
    ("get", "/api/v1/cases/"),
    ("get", "/api/v1/cases/{}/"),
    # One operation per transition, each with its typed body.
    *(("post", f"/api/v1/cases/{{}}/transitions/{name}/") for name in FORMS),
    ("get", "/api/v1/track/{}/"),
}


@pytest.fixture
def schema(db) -> dict:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema: dict) -> set[tuple[str, str]]:
    return {
        (method, re.sub(r"\{[^}]+\}", "{}", path))
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_the_schema_is_served_as_openapi(db):
    response = Client().get("/api/schema/")

    assert response.status_code == 200
    assert "openapi" in response["Content-Type"]
    assert response.content.startswith(b"openapi: 3.")


def test_the_schema_lists_every_path_of_the_contract(schema):
    missing = CONTRACT - operations(schema)

    assert not missing


def test_the_schema_documents_token_authentication(schema):
    schemes = schema["components"]["securitySchemes"].values()

    assert any(
        scheme.get("in") == "header" and scheme.get("name") == "Authorization" for scheme in schemes
    )


def test_tracking_needs_no_login_in_the_schema(schema):
    (track,) = [item for path, item in schema["paths"].items() if path.startswith("/api/v1/track/")]

    assert {} in track["get"]["security"]


START_UP_SCRIPT = "/api/docs/?script="


class AssetLinks(HTMLParser):
    """Collect the URLs that script and link tags load."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        if tag == "link" and attributes.get("href"):
            self.urls.append(attributes["href"])


def asset_urls(html: str) -> list[str]:
    parser = AssetLinks()
    parser.feed(html)
    return parser.urls


def test_the_docs_page_is_html(db):
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"swagger-ui" in response.content


def test_the_docs_page_loads_only_local_static_files(db):
    html = Client().get("/api/docs/").content.decode()

    urls = asset_urls(html)

    assert urls, "the page loads no scripts or styles"
    remote = [url for url in urls if re.match(r"^(https?:)?//", url)]
    assert not remote
    # Besides static files, only the page's own start-up script (no inline script: the CSP).
    assert all(url.startswith("/static/") or url == START_UP_SCRIPT for url in urls), urls


def test_every_file_the_docs_page_loads_is_shipped(db):
    html = Client().get("/api/docs/").content.decode()

    for url in asset_urls(html):
        if url == START_UP_SCRIPT:
            response = Client().get(url)
            assert response.status_code == 200
            assert response["Content-Type"].startswith("application/javascript")
        else:
            assert finders.find(url.removeprefix("/static/")), url


def test_the_docs_page_points_at_the_local_schema(db):
    html = Client().get("/api/docs/").content.decode()
    html += Client().get(START_UP_SCRIPT).content.decode()

    assert "/api/schema/" in html
    assert not re.search(r"https?://[^\s\"']*(cdn|unpkg|jsdelivr)", html)


def test_every_operation_documents_its_errors_with_the_one_error_component(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            errors = {
                code: answer for code, answer in operation["responses"].items() if code >= "400"
            }
            assert {"400", "404"} <= set(errors), (method, path)
            for answer in errors.values():
                body = answer["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path)


def test_fields_that_may_be_null_say_so(schema):
    components = schema["components"]["schemas"]

    assert components["CaseDetail"]["properties"]["handler"]["nullable"] is True
    assert components["FoundCase"]["properties"]["due_date"]["nullable"] is True
    assert components["Unit"]["properties"]["parent"]["nullable"] is True


def test_a_hidden_petitioner_is_its_own_schema(schema):
    petitioner = schema["components"]["schemas"]["PetitionOutput"]["properties"]["petitioner"]

    assert {"$ref": "#/components/schemas/Redacted"} in petitioner["oneOf"]


def test_a_transitions_body_is_typed(schema):
    body = schema["components"]["schemas"]["ResolveBodyRequest"]

    assert set(body["required"]) == {
        "outcome",
        "decision_number",
        "decision_date",
        "public_summary",
    }
    assert body["properties"]["decision_date"]["format"] == "date"
    assert body["properties"]["outcome"]["allOf"] == [{"$ref": "#/components/schemas/OutcomeEnum"}]


def test_a_registered_petition_links_to_its_case_and_its_transitions(schema):
    created = schema["paths"]["/api/v1/petitions/"]["post"]["responses"]["201"]

    assert created["links"]["GetCase"]["parameters"] == {"reference": "$response.body#/case"}
    assert "v1_cases_transitions_accept" in created["links"]
