"""GET /api/v1/cases/?q=…: filters, facets, overdue, pages, errors, snippets, identities."""

import json
from collections import Counter
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from cases.deadlines import compute_deadlines
from cases.models import Field
from cases.services import PetitionerData, PetitionInput, petition_register

from .factories import case_in, register

LIST_URL = "/api/v1/cases/"
COMPENSATION = "Khiếu nại về bồi thường khi thu hồi đất"
POLLUTION = "Phản ánh trại lợn gây ô nhiễm môi trường"


def register_at(world, *, locality=None, field=None, kind="complaint", subject=COMPENSATION):
    """Register a compensation petition at the commune's desk, about another place or field."""
    return petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind=kind,
            channel="in_person",
            subject=subject,
            content="Đề nghị xem xét lại quyết định thu hồi đất.",
            locality=locality or world.locality,
            field=field or world.field,
            petitioner=PetitionerData(full_name="Nguyễn Thị Hoa"),
        ),
    ).case


def body_of(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()


def references(response) -> set[str]:
    return {item["reference"] for item in body_of(response)["results"]}


def facet(body: dict, name: str) -> dict:
    return {item["value"]: item["count"] for item in body["facets"][name]}


@pytest.fixture
def environment(world):
    return Field.objects.create(code="moi-truong", name="Môi trường")


@pytest.fixture
def mixed(world, environment):
    """Compensation and pollution cases of several kinds, states, fields and localities."""
    return {
        "complaint": register(world, subject=COMPENSATION),
        "accepted": case_in(world, "accepted", subject=COMPENSATION),
        "feedback": register(world, kind="feedback", subject=COMPENSATION),
        "elsewhere": register_at(world, locality=world.other_locality),
        "last_year": register(
            world,
            subject=COMPENSATION,
            received_at=timezone.now().replace(year=timezone.now().year - 1),
        ),
        "pollution": register_at(world, kind="feedback", subject=POLLUTION, field=environment),
    }


# Filters with text.


def test_a_kind_filter_narrows_a_text_search(world, mixed, api):
    response = api(world.leader).get(LIST_URL, {"q": "bồi thường", "kind": "feedback"})

    assert references(response) == {mixed["feedback"].reference}


def test_status_and_text_combine(world, mixed, api):
    response = api(world.leader).get(LIST_URL, {"q": "boi thuong", "status": "accepted"})

    assert references(response) == {mixed["accepted"].reference}


def test_a_locality_filter_combines_with_text(world, mixed, api):
    response = api(world.leader).get(LIST_URL, {"q": "BỒI THƯỜNG", "locality": "xa-binh-minh"})

    assert references(response) == {mixed["elsewhere"].reference}


def test_a_province_locality_includes_its_communes(world, mixed, api):
    response = api(world.leader).get(LIST_URL, {"q": "boi thuong", "locality": "tinh"})

    assert len(references(response)) == 5


def test_a_field_filter_combines_with_text(world, mixed, api, environment):
    response = api(world.leader).get(LIST_URL, {"q": "o nhiem", "field": environment.code})

    assert references(response) == {mixed["pollution"].reference}
    response = api(world.leader).get(LIST_URL, {"q": "boi thuong", "field": environment.code})
    assert references(response) == set()


def test_a_year_filter_combines_with_text(world, mixed, api):
    last_year = timezone.localdate().year - 1

    response = api(world.leader).get(LIST_URL, {"q": "boi thuong", "year": last_year})

    assert references(response) == {mixed["last_year"].reference}


def test_a_unit_filter_includes_the_units_below(world, mixed, api):
    province = api(world.province_leader).get(LIST_URL, {"q": "boi thuong", "unit": "ubnd-tinh"})
    other = api(world.province_leader).get(LIST_URL, {"q": "boi thuong", "unit": "ubnd-xa-b"})

    assert len(references(province)) == 5
    assert references(other) == set()


def test_a_channel_filter_combines_with_text(world, mixed, api):
    in_person = api(world.leader).get(LIST_URL, {"q": "boi thuong", "channel": "in_person"})
    by_post = api(world.leader).get(LIST_URL, {"q": "boi thuong", "channel": "post"})

    assert len(references(in_person)) == 5
    assert references(by_post) == set()


# Facets.


def test_facet_counts_match_the_cases_found(world, mixed, api):
    body = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong", "page_size": 100}))

    found = [case for case in mixed.values() if case.reference in references_of(body)]
    assert body["count"] == len(found) == 5
    assert facet(body, "kind") == dict(Counter(case.kind for case in found))
    assert facet(body, "status") == dict(Counter(case.status for case in found))
    assert facet(body, "locality") == dict(Counter(case.locality.code for case in found))
    assert facet(body, "field") == {"dat-dai": 5}
    assert facet(body, "unit") == {"ubnd-xa-a": 5}
    assert facet(body, "channel") == {"in_person": 5}
    this_year = timezone.localdate().year
    assert facet(body, "year") == {str(this_year): 4, str(this_year - 1): 1}


def test_facets_are_counted_after_the_filters(world, mixed, api):
    body = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong", "kind": "complaint"}))

    assert facet(body, "kind") == {"complaint": 4}
    assert sum(facet(body, "status").values()) == body["count"] == 4


def test_facets_carry_labels(world, mixed, api):
    body = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong"}))

    labels = {item["value"]: item["label"] for item in body["facets"]["locality"]}
    assert labels["xa-binh-minh"] == "Xã Bình Minh"
    assert {item["value"] for item in body["facets"]["status"]} == {"received", "accepted"}


def references_of(body: dict) -> set[str]:
    return {item["reference"] for item in body["results"]}


# Overdue: the deadline engine's due date decides.


def test_overdue_uses_the_deadline_engines_due_date(world, api):
    today = timezone.localdate()
    old = register(world, received_at=timezone.now() - timedelta(days=60))
    fresh = register(world)
    closed_old = case_in(world, "closed", received_at=timezone.now() - timedelta(days=60))
    assert old.due_on == compute_deadlines(old).due_on < today
    assert fresh.due_on >= today

    overdue = api(world.leader).get(LIST_URL, {"q": "boi thuong", "overdue": "true"})
    on_time = api(world.leader).get(LIST_URL, {"q": "boi thuong", "overdue": "false"})

    assert references(overdue) == {old.reference}
    assert references(on_time) == {fresh.reference, closed_old.reference}
    body = body_of(on_time)
    assert facet(body, "overdue") == {"False": 2}
    assert body["results"][0]["is_overdue"] is False


def test_the_overdue_facet_counts_open_cases_past_their_due_date(world, api):
    register(world, received_at=timezone.now() - timedelta(days=60))
    register(world, received_at=timezone.now() - timedelta(days=45))
    register(world)

    body = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong"}))

    assert facet(body, "overdue") == {"True": 2, "False": 1}


def test_the_overdue_facet_reads_in_the_clients_language(world, api):
    register(world, received_at=timezone.now() - timedelta(days=60))
    register(world)

    vietnamese = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong"}))
    english = body_of(
        api(world.leader).get(LIST_URL, {"q": "boi thuong"}, HTTP_ACCEPT_LANGUAGE="en")
    )

    def labels(body):
        return {item["value"]: item["label"] for item in body["facets"]["overdue"]}

    assert labels(vietnamese) == {"True": "quá hạn", "False": "chưa quá hạn"}
    assert labels(english) == {"True": "overdue", "False": "not overdue"}


# Pagination.


def test_pages_follow_next_and_previous_links(world, api):
    cases = [register(world) for _ in range(7)]
    client = api(world.leader)

    first = body_of(client.get(LIST_URL, {"q": "boi thuong", "page_size": 3}))
    second = body_of(client.get(first["next"]))
    third = body_of(client.get(second["next"]))

    assert first["count"] == second["count"] == third["count"] == 7
    assert first["previous"] is None
    assert [len(page["results"]) for page in (first, second, third)] == [3, 3, 1]
    assert third["next"] is None
    assert parse_qs(urlparse(third["previous"]).query)["page"] == ["2"]
    assert parse_qs(urlparse(second["next"]).query)["q"] == ["boi thuong"]
    seen = [item["reference"] for page in (first, second, third) for item in page["results"]]
    assert sorted(seen) == sorted(case.reference for case in cases)


def test_equal_matches_are_listed_newest_first(world, api):
    older = register(world, received_at=timezone.now() - timedelta(days=3))
    newer = register(world, received_at=timezone.now() - timedelta(days=1))

    body = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong"}))

    assert [item["reference"] for item in body["results"]] == [newer.reference, older.reference]


def test_a_page_past_the_end_is_empty(world, api):
    register(world)

    body = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong", "page": 5}))

    assert body["count"] == 1
    assert body["results"] == []
    assert body["next"] is None


# Bad parameters.


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("kind", "bogus"),
        ("status", "pending"),
        ("unit", "unknown-code"),
        ("locality", "unknown-code"),
        ("field", "unknown-code"),
        ("channel", "pigeon"),
        ("year", "last"),
        ("overdue", "perhaps"),
        ("page", "0"),
        ("page_size", "1000"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_the_field(world, api, name, value):
    response = api(world.leader).get(LIST_URL, {"q": "boi thuong", name: value})

    assert response.status_code == 400
    assert name in response.json()


def test_the_search_needs_a_login(world, api):
    assert api(None).get(LIST_URL, {"q": "boi thuong"}).status_code in (401, 403)


# Snippets.


def test_snippets_mark_the_matched_words_and_escape_the_rest(world, api):
    register(
        world,
        subject="Khiếu nại <b>khẩn</b> về bồi thường & hỗ trợ",
        content='Đơn giá bồi thường thấp; <script>alert("x")</script>',
    )

    body = body_of(api(world.leader).get(LIST_URL, {"q": "boi thuong"}))

    snippet = body["results"][0]["snippet"]
    assert "<mark>bồi</mark> <mark>thường</mark>" in snippet
    assert "&lt;b&gt;khẩn&lt;/b&gt;" in snippet
    assert "&amp; hỗ trợ" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_a_folded_query_marks_the_accented_words(world, api):
    register(world, subject="Phản ánh về ĐẤT ĐAI ở thôn Làng Mạ")

    body = body_of(api(world.leader).get(LIST_URL, {"q": "dat dai"}))

    assert "<mark>ĐẤT</mark> <mark>ĐAI</mark>" in body["results"][0]["snippet"]


# A denouncer's identity is never searchable nor shown (docs/search.md#what-is-searchable).

DENOUNCER = PetitionerData(
    full_name="Lý Văn Khải",
    phone="0987654321",
    address="Thôn Nà Khà, xã An Bình",
    id_number="008091001111",
)


@pytest.fixture
def denunciation(world):
    return petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind="denunciation",
            channel="in_person",
            subject="Tố cáo cán bộ địa chính nhận tiền khi làm hồ sơ đất đai",
            content=(
                "Tôi là Lý Văn Khải, số căn cước 008091001111, điện thoại 0987654321, ở Thôn "
                "Nà Khà, xã An Bình. Cán bộ địa chính thu 5 triệu đồng mỗi hồ sơ."
            ),
            locality=world.locality,
            field=world.field,
            petitioner=DENOUNCER,
        ),
    ).case


@pytest.mark.parametrize(
    "typed", ["Lý Văn Khải", "ly van khai", "0987654321", "008091001111", "Nà Khà"]
)
@pytest.mark.parametrize("role", ["reception", "leader", "province_leader", "inspector"])
def test_a_denouncers_identity_typed_as_q_finds_nothing(world, denunciation, api, typed, role):
    body = body_of(api(getattr(world, role)).get(LIST_URL, {"q": typed}))

    assert body["count"] == 0
    assert body["results"] == []


@pytest.mark.parametrize("role", ["reception", "leader", "province_leader", "inspector"])
def test_a_denunciation_found_by_its_subject_never_shows_its_denouncer(
    world, denunciation, api, role
):
    for typed in ["địa chính", "nhan tien", "5 trieu", denunciation.reference, ""]:
        response = api(getattr(world, role)).get(LIST_URL, {"q": typed})

        body = body_of(response)
        assert denunciation.reference in references_of(body), typed
        text = json.dumps(body, ensure_ascii=False)
        for secret in ["Khải", "Khai", "0987654321", "008091001111", "Nà Khà"]:
            assert secret not in text, (typed, secret)


def test_a_denouncers_name_shared_by_a_complainant_finds_only_the_complaint(
    world, denunciation, api
):
    complaint = petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind="complaint",
            channel="post",
            subject="Khiếu nại việc cấp giấy chứng nhận",
            content="Đề nghị xem xét lại.",
            locality=world.locality,
            field=world.field,
            petitioner=PetitionerData(full_name="Lý Văn Khải"),
        ),
    ).case

    body = body_of(api(world.leader).get(LIST_URL, {"q": "ly van khai"}))

    assert references_of(body) == {complaint.reference}


@pytest.mark.parametrize("role", ["leader", "province_leader", "inspector"])
def test_a_denouncer_named_in_the_subject_is_not_shown_in_search_results(world, api, role):
    petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind="denunciation",
            channel="in_person",
            subject="Đơn tố cáo của ông Lý Văn Khải về cán bộ địa chính",
            content="Cán bộ địa chính thu 5 triệu đồng mỗi hồ sơ.",
            locality=world.locality,
            field=world.field,
            petitioner=PetitionerData(full_name="Lý Văn Khải", phone="0987654321"),
        ),
    )

    body = api(getattr(world, role)).get("/api/v1/cases/", {"q": "dia chinh"}).json()

    assert body["count"] == 1
    assert "Khải" not in json.dumps(body, ensure_ascii=False)
