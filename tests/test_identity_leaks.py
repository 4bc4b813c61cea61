"""No page, document, search, export, mail or log line names a denouncer to anyone who must not
see them.

A denunciation names a denouncer with a distinctive name, phone, ID number, email and
address, and repeats the name and phone in its subject and content as citizens write them.
Every URL of the permission matrix is requested as every role that must not see the
identity (only the receiving officer, the assigned handler and the leader of the resolving
unit may: docs/denouncer-protection.md#who-may-see-a-denouncer); then searches, exports,
mails and the log lines of the whole test are read for the same strings, accented and
folded.
"""

import io
import logging
import zipfile

import pytest
from django.core import mail
from django.test import Client

from cases.models import Case
from cases.services import case_transition
from open311.models import Submission
from search.normalizer import fold

from .access_matrix import ROLES
from .identity_support import DOCX, docx_text
from .matrix_world import DENOUNCER, build_matrix_world
from .open311_support import (
    REPORTER_SECRETS,
    issue_key,
    place_communes,
    post_request,
    request_fields,
)
from .test_access_matrix import PROBES

# Who must not see the denouncer: the matrix's other roles, a second handler of the same
# unit, and the province's leader above the resolving commune.
BLIND_ROLES = (
    *(role for role in ROLES if role not in {"reception", "handler", "leader"}),
    "second_handler",
    "province_leader",
)
SECRETS = (
    DENOUNCER.full_name,
    DENOUNCER.full_name.split(maxsplit=1)[1],  # the name without the family name
    DENOUNCER.phone,
    DENOUNCER.id_number,
    DENOUNCER.email,
    DENOUNCER.address,
)
NEEDLES = tuple({variant for secret in SECRETS for variant in (secret, fold(secret))})


def leaked(text: str) -> list[str]:
    folded = fold(text)
    return [needle for needle in NEEDLES if needle in text or fold(needle) in folded]


def readable(response) -> str:
    """The response's body and headers as text; a Word file is read as python-docx reads its
    paragraphs and tables, an Excel file inside its zip."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [f"{name}: {value}" for name, value in response.headers.items()]
    if response.headers.get("Content-Type", "").startswith(DOCX):
        parts.append(docx_text(body))
    elif body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
            parts.extend(archive.read(name).decode("utf-8", "replace") for name in names)
    else:
        parts.append(body.decode("utf-8", "replace"))
    return "\n".join(parts)


class Captured(logging.Handler):
    """Every log line of every logger, formatted as a log file would hold it."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.name} {record.getMessage()} {record.exc_text or ''}")


@pytest.fixture
def log_lines():
    handler = Captured()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(previous)


@pytest.fixture
def matrix_world(db, django_capture_on_commit_callbacks, log_lines, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    return build_matrix_world(lambda: django_capture_on_commit_callbacks(execute=True))


def client_as(matrix_world, role: str) -> Client:
    client = Client()
    user = None if role == "anonymous" else getattr(matrix_world.world, role)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(PROBES))
def test_no_url_names_the_denouncer_to_those_who_must_not_see(matrix_world, log_lines, name):
    found = {}
    for role in BLIND_ROLES:
        response = matrix_world.call(name, PROBES[name], role=role, kind="denunciation")
        if leaks := leaked(readable(response)):
            found[role] = leaks
    assert found == {}
    assert [line for line in log_lines if leaked(line)] == []


SEARCHES = [DENOUNCER.full_name, fold(DENOUNCER.full_name), DENOUNCER.phone, DENOUNCER.id_number]


@pytest.mark.parametrize("query", SEARCHES)
def test_no_search_finds_a_case_by_its_denouncer(matrix_world, query):
    """Not even for those who may see the denouncer: the index never holds them.

    What is indexed: docs/search.md#what-is-searchable.
    """
    world = matrix_world.world
    for role in world.users():
        client = client_as(matrix_world, role)
        found = client.get("/api/v1/cases/", {"q": query}).json()
        references = [hit["reference"] for hit in found.get("results", [])]
        assert matrix_world.cases["denunciation"].reference not in references, role
        # The page repeats the query in its box; the case itself must not be among the hits.
        page = client.get("/staff/search/", {"q": query})
        assert matrix_world.cases["denunciation"].reference not in page.content.decode(), role


def test_no_mail_to_anyone_else_names_the_denouncer(matrix_world):
    assert mail.outbox, "the cases' steps send mail"
    for message in mail.outbox:
        if message.to == [DENOUNCER.email]:
            continue
        text = "\n".join([message.subject, message.body, *map(str, message.alternatives)])
        assert leaked(text) == [], message.to


def test_the_reception_book_export_never_names_a_denouncer(matrix_world):
    """Not even to the officer who received them: an export leaves the system."""
    for role in ("reception", "leader"):
        response = client_as(matrix_world, role).get("/staff/book/xlsx/")
        assert response.status_code == 200
        assert leaked(readable(response)) == []


def test_no_open311_answer_names_anyone(matrix_world, settings):
    """Every Open311 read, as JSON and XML, before and after publication, names no one: not
    an app's reporter, not a person the feedback names, not the denouncer."""
    world = matrix_world.world
    settings.OPEN311_UNIT = world.commune.code
    place_communes(world)
    fields = request_fields(
        world,
        issue_key(world),
        description=f"Tôi là {DENOUNCER.full_name}, {DENOUNCER.phone}. Cống thoát nước bị tắc.",
        address_string=DENOUNCER.address,
    )
    [answer] = post_request(fields).json()
    reference = answer["service_request_id"]
    token = Submission.objects.get().token
    secrets = (*REPORTER_SECRETS, *NEEDLES)
    paths = [
        "discovery",
        "services",
        f"services/feedback-{world.field.code}",
        "requests",
        f"requests/{reference}",
        f"tokens/{token}",
    ]
    case = Case.objects.get(reference=reference)

    for published in (False, True):
        if published:
            case = case_transition(
                case=case,
                actor=world.leader,
                name="publish",
                data={"public_description": "Cống thoát nước bị tắc trước chợ."},
            )
        for path in paths:
            for format in ("json", "xml"):
                response = Client().get(f"/open311/v2/{path}.{format}")
                assert response.status_code == 200, (path, format)
                text = readable(response)
                assert [secret for secret in secrets if secret in text] == [], (path, published)
