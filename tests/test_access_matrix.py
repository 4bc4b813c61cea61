"""The permission matrix: every role against every URL, for a complaint and a denunciation.

The URLs come from the URL configuration (`tests.access_matrix.routes`), so a new URL
without an entry in `PROBES` fails. A case out of a user's reach answers 404, never a 403
that would confirm it exists (docs/roles-and-visibility.md#404-not-403); a screen the role
does not use answers 403; a signed-out visitor is sent to the login page (302) by the staff
screens and gets 401 from the API.
"""

import pytest

from .access_matrix import KINDS, ROLES, Probe, routes, statuses
from .factories import PASSWORD
from .matrix_world import MatrixWorld, build_matrix_world

# The staff pages each role may open, as staff/access.py declares them.
CASE_PAGE = statuses(200, other_handler=404, other_leader=404, administrator=403, anonymous=302)
# The receipt is a desk screen: other roles are refused it, whatever the case.
RECEIPT = statuses(403, reception=200, leader=200, other_leader=404, anonymous=302)
API_OPEN = statuses(200)
API_STAFF = statuses(200, anonymous=401)
API_CASE = statuses(200, other_handler=404, other_leader=404, administrator=404, anonymous=401)


def case_ref(world: MatrixWorld, kind: str) -> dict:
    return {"reference": world.cases[kind].reference}


def code(world: MatrixWorld, kind: str) -> dict:
    return {"code": world.codes[kind]}


def forwarded_ref(world: MatrixWorld, kind: str) -> dict:
    return {"reference": world.forwarded[kind].reference}


def guided_ref(world: MatrixWorld, kind: str) -> dict:
    return {"reference": world.guided[kind].reference}


# A case the commune's desk ended (forwarded, guided): no handler holds it.
ENDED_CASE_PAGE = statuses(
    200, handler=404, other_handler=404, other_leader=404, administrator=403, anonymous=302
)
# A document the case does not have yet (the response letter before a decision): none may
# download it; who may once it exists is CASE_PAGE, as tests/test_documents.py shows.
NOT_YET = statuses(404, administrator=403, anonymous=302)
VERIFICATION_FILE = statuses(
    403, handler=200, leader=200, other_handler=404, other_leader=404, anonymous=302
)


PROBES: dict[str, Probe] = {
    "root": Probe(statuses(302)),
    "favicon": Probe(statuses(301)),
    "set_language": Probe(statuses(302), method="post", data=lambda w, k: {"language": "en"}),
    "admin:index": Probe(statuses(302, administrator=200)),
    # Signing in and out is for everyone; the login page itself is public.
    "staff:login": Probe(statuses(200)),
    "staff:logout": Probe(statuses(302), method="post"),
    # The code step follows a right password; without one, everyone goes back to the login.
    "staff:login_code": Probe(statuses(302)),
    # Leaders and administrators may enrol an authenticator app (second factor).
    "staff:otp_setup": Probe(
        statuses(403, leader=200, other_leader=200, administrator=200, anonymous=302)
    ),
    # Each role starts on its own screen; an administrator is told to use the admin site.
    "staff:home": Probe(statuses(302, administrator=200)),
    "staff:desk": Probe(statuses(403, reception=200, leader=200, other_leader=200, anonymous=302)),
    # Posted, so that an ID number or phone never sits in a URL.
    "staff:duplicates": Probe(
        statuses(403, reception=200, leader=200, other_leader=200, anonymous=302),
        method="post",
        data=lambda w, k: {"id_number": "001190012345"},
    ),
    "staff:receipt": Probe(RECEIPT, kwargs=code),
    "staff:receipt_pdf": Probe(RECEIPT, kwargs=code),
    "staff:receipt_docx": Probe(RECEIPT, kwargs=code),
    "staff:book": Probe(
        statuses(403, reception=200, leader=200, other_leader=200, inspector=200, anonymous=302)
    ),
    "staff:book_xlsx": Probe(
        statuses(403, reception=200, leader=200, other_leader=200, inspector=200, anonymous=302)
    ),
    "staff:inbox": Probe(statuses(200, administrator=403, anonymous=302)),
    # A step out of reach answers like one a colleague took first: back to the inbox with a
    # message, which confirms nothing.
    "staff:task_take": Probe(
        statuses(302, administrator=403),
        method="post",
        kwargs=lambda w, k: {"pk": w.tasks[k]},
    ),
    "staff:dashboard": Probe(
        statuses(403, leader=200, other_leader=200, inspector=200, anonymous=302)
    ),
    "staff:search": Probe(statuses(200, administrator=403, anonymous=302)),
    # Reports: leaders and inspectors, each on their own unit by default.
    **{
        name: Probe(statuses(403, leader=200, other_leader=200, inspector=200, anonymous=302))
        for name in (
            "reports:periodic",
            "reports:periodic_xlsx",
            "reports:periodic_pdf",
            "reports:localities",
        )
    },
    "staff:case": Probe(CASE_PAGE, kwargs=case_ref),
    "staff:case_action": Probe(
        # An empty report is refused on the page for the one who may submit it.
        statuses(403, handler=400, other_handler=404, other_leader=404, anonymous=302),
        method="post",
        kwargs=lambda w, k: {**case_ref(w, k), "name": "submit_report"},
    ),
    "staff:attachment": Probe(
        CASE_PAGE,
        kwargs=lambda w, k: {**case_ref(w, k), "pk": w.attachments[k]},
        # A denouncer's handwriting: the receiving officer, the assigned handler and the
        # leader of the resolving unit alone.
        denunciation={"inspector": 404},
    ),
    # A case's documents, as PDF and as Word: each for whoever opens the case, in the state
    # that has it (the acceptance notice of an accepted case, the forwarding slip and notice
    # of a forwarded one, the guidance of a guided one; the response letter after a decision).
    **{
        f"staff:{document}_{fmt}": Probe(expected, kwargs=kwargs)
        for document, expected, kwargs in (
            ("acceptance", CASE_PAGE, case_ref),
            ("letter", NOT_YET, case_ref),
            ("forwarding_slip", ENDED_CASE_PAGE, forwarded_ref),
            ("forwarding_notice", ENDED_CASE_PAGE, forwarded_ref),
            ("guidance", ENDED_CASE_PAGE, guided_ref),
            # The file for verifiers (identity removed): leaders over the case and its handler.
            ("verification_file", VERIFICATION_FILE, case_ref),
        )
        for fmt in ("pdf", "docx")
    },
    # Đơn đã chuyển: the forwarding unit's leaders, and inspectors.
    "staff:forwarded": Probe(
        statuses(403, leader=200, other_leader=200, inspector=200, anonymous=302)
    ),
    # The leaders' reception schedule: kept by reception and leaders, read by inspectors.
    "staff:sessions": Probe(
        statuses(403, reception=200, leader=200, other_leader=200, inspector=200, anonymous=302)
    ),
    # Changing a session of the commune: those who keep its schedule; another commune's
    # leader does not see it; an inspector reads it only.
    "staff:session_change": Probe(
        statuses(403, reception=302, leader=302, other_leader=404, anonymous=302),
        method="post",
        kwargs=lambda w, k: {"pk": w.session.pk},
    ),
    # Administrators import registers: committing with no checked file is refused (400), the
    # result page with no import behind it goes back to the upload (302).
    "staff:imports:upload": Probe(statuses(403, administrator=200, anonymous=302)),
    "staff:imports:commit": Probe(statuses(403, administrator=400, anonymous=302), method="post"),
    "staff:imports:done": Probe(statuses(403, administrator=302, anonymous=302)),
    "api:schema": Probe(API_OPEN),
    "api:docs": Probe(API_OPEN),
    "api:token": Probe(
        statuses(200),
        method="post",
        data=lambda w, k: {"username": w.world.reception.username, "password": PASSWORD},
    ),
    "api:units": Probe(API_STAFF),
    "api:localities": Probe(API_STAFF),
    "api:fields": Probe(API_STAFF),
    "api:petition-create": Probe(
        # An empty body: the desk roles learn which fields are missing, others are refused.
        statuses(403, reception=400, leader=400, other_leader=400, anonymous=401),
        method="post",
        json=True,
    ),
    "api:case-list": Probe(API_STAFF),
    "api:case-detail": Probe(API_CASE, kwargs=case_ref),
    "api:case-transition": Probe(
        statuses(
            403, handler=400, other_handler=404, other_leader=404, administrator=404, anonymous=401
        ),
        method="post",
        json=True,
        kwargs=lambda w, k: {**case_ref(w, k), "name": "submit_report"},
    ),
    "api:track": Probe(API_OPEN, kwargs=code),
    "api:report-periodic": Probe(
        statuses(403, leader=200, other_leader=200, inspector=200, anonymous=401)
    ),
    "portal:status": Probe(API_OPEN, data=code),
    "portal:submit": Probe(API_OPEN),
    # Open311 (docs/open311.md): public reads; a complaint or denunciation is never listed,
    # so asking for one by its reference is a 404 for everyone, as for an unknown token.
    "open311:discovery": Probe(API_OPEN, kwargs=lambda w, k: {"format": "json"}),
    "open311:services": Probe(API_OPEN, kwargs=lambda w, k: {"format": "xml"}),
    "open311:service-definition": Probe(
        API_OPEN,
        kwargs=lambda w, k: {"service_code": f"feedback-{w.world.field.code}", "format": "json"},
    ),
    "open311:requests": Probe(API_OPEN, kwargs=lambda w, k: {"format": "json"}),
    "open311:request": Probe(
        statuses(404),
        kwargs=lambda w, k: {"service_request_id": w.cases[k].reference, "format": "xml"},
    ),
    "open311:token": Probe(
        statuses(404), kwargs=lambda w, k: {"token": "unknown", "format": "json"}
    ),
    "portal:sessions": Probe(API_OPEN),
}


def test_every_url_has_a_probe():
    names = {route.name for route in routes()}
    assert "" not in names, "every URL needs a name to have a place in the matrix"
    assert sorted(names - set(PROBES)) == [], "URLs without an entry in the matrix"
    assert sorted(set(PROBES) - names) == [], "matrix entries for URLs that no longer exist"


@pytest.fixture
def matrix_world(db, django_capture_on_commit_callbacks) -> MatrixWorld:
    return build_matrix_world(lambda: django_capture_on_commit_callbacks(execute=True))


@pytest.mark.parametrize("name", sorted(PROBES))
def test_each_role_gets_the_expected_status(matrix_world, name):
    probe = PROBES[name]
    wrong = []
    for kind in KINDS:
        for role in ROLES:
            response = matrix_world.call(name, probe, role=role, kind=kind)
            expected = probe.status_for(role, kind)
            if response.status_code != expected:
                wrong.append(f"{kind} as {role}: {response.status_code}, expected {expected}")
            if expected == 302 and role == "anonymous" and name.startswith("staff:"):
                location = response.headers.get("Location", "")
                if name not in {"staff:login", "staff:logout", "staff:home"}:
                    assert location.startswith("/staff/login/"), (name, location)
    assert wrong == []
