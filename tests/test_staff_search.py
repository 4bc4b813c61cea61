"""The staff search page: words, facets, highlighted and redacted results, errors."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from cases.models import Case, Status
from cases.services import PetitionerData, PetitionInput, petition_register

from .factories import case_in, register
from .fake_elasticsearch import CLOSED, FakeElasticsearch
from .staff_helpers import client_for

SEARCH_URL = "/staff/search/"


def found_references(response) -> list[str]:
    assert response.status_code == 200, response.content.decode()[:2000]
    return [item.case.reference for item in response.context["found"].results]


def facet(response, name: str) -> dict[str, int]:
    groups = {group["name"]: group for group in response.context["facets"]}
    return (
        {item["label"]: item["count"] for item in groups[name]["items"]} if name in groups else {}
    )


def facet_link(response, name: str, label: str) -> str:
    """Return the href of a facet value as the page shows it."""
    html = response.content.decode()
    section = re.search(rf'<section class="facet" id="facet-{name}">(.*?)</section>', html, re.S)
    assert section, name
    link = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(label)}</a>', section.group(1))
    assert link, (name, label)
    return unescape(link.group(1))


# Words.


def test_words_typed_without_accents_find_the_accented_case_and_are_marked(world):
    case = register(world, subject="Tranh chấp đất đai với hộ liền kề")

    response = client_for(world.leader).get(SEARCH_URL, {"q": "dat dai"})

    assert found_references(response) == [case.reference]
    html = response.content.decode()
    assert "<mark>đất</mark>" in html
    assert f'href="/staff/cases/{case.reference}/"' in html


def test_a_result_shows_its_labels_unit_locality_and_dates(world):
    case = register(world, subject="Tranh chấp đất đai với hộ liền kề")
    Case.objects.filter(pk=case.pk).update(due_on=timezone.localdate() - timedelta(days=1))

    html = client_for(world.leader).get(SEARCH_URL, {"q": "tranh chap"}).content.decode()

    assert "Khiếu nại" in html and "Đã tiếp nhận" in html
    assert "UBND xã An Bình" in html and "Xã An Bình" in html
    assert timezone.localtime(case.received_at).strftime("%d/%m/%Y") in html
    assert '<span class="badge overdue">quá hạn</span>' in html
    assert '<li class="overdue">' in html


def test_only_the_snippet_is_html_the_subject_is_escaped(world):
    register(world, subject="Khiếu nại <b>khẩn</b> về bồi thường", content="<script>x()</script>")

    html = client_for(world.leader).get(SEARCH_URL, {"q": "boi thuong"}).content.decode()

    assert "<b>khẩn</b>" not in html and "<script>x()" not in html
    assert "&lt;b&gt;khẩn&lt;/b&gt;" in html
    assert "<mark>bồi</mark>" in html


def test_the_page_counts_in_vietnamese_and_in_english(world):
    register(world)
    register(world)
    client = client_for(world.leader)

    vietnamese = client.get(SEARCH_URL, {"q": "boi thuong"}).content.decode()
    english = client.get(SEARCH_URL, {"q": "boi thuong"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "Tìm kiếm vụ việc" in vietnamese and "Tìm thấy 2 vụ việc" in vietnamese
    assert "2 cases found" in english.content.decode()


def test_an_empty_search_lists_every_visible_case_newest_first(world):
    older = register(world, received_at=timezone.now() - timedelta(days=2))
    newer = register(world)

    response = client_for(world.leader).get(SEARCH_URL)

    assert found_references(response) == [newer.reference, older.reference]


def test_pages_follow_the_next_link(world):
    cases = [register(world) for _ in range(23)]
    client = client_for(world.leader)

    first = client.get(SEARCH_URL, {"q": "boi thuong"})
    next_url = first.context["pages"]["next_url"]
    second = client.get(next_url)

    assert len(found_references(first)) == 20
    assert len(found_references(second)) == 3
    assert second.context["pages"]["next_url"] is None
    assert "q=boi+thuong" in next_url
    seen = found_references(first) + found_references(second)
    assert sorted(seen) == sorted(case.reference for case in cases)
    assert "Trang 2/2" in second.content.decode()


# Permission is part of the query, facets included.


def test_a_handler_finds_only_their_own_cases_and_the_facets_count_only_those(world):
    mine = case_in(world, Status.VERIFYING, subject="Tranh chấp đất đai thôn 3")
    others = [
        register(world, subject="Tranh chấp đất đai thôn 4"),
        case_in(world, Status.ACCEPTED, subject="Tranh chấp đất đai thôn 5"),
    ]

    response = client_for(world.handler).get(SEARCH_URL, {"q": "tranh chap dat dai"})

    assert found_references(response) == [mine.reference]
    assert facet(response, "status") == {"Đang xác minh": 1}
    assert facet(response, "kind") == {"Khiếu nại": 1}
    assert facet(response, "unit") == {"UBND xã An Bình": 1}
    html = response.content.decode()
    for case in others:
        assert case.reference not in html
    leader = client_for(world.leader).get(SEARCH_URL, {"q": "tranh chap dat dai"})
    assert len(found_references(leader)) == 3
    assert facet(leader, "status") == {"Đã tiếp nhận": 1, "Đã thụ lý": 1, "Đang xác minh": 1}


def test_a_handler_of_another_unit_finds_nothing(world):
    case_in(world, Status.VERIFYING, subject="Tranh chấp đất đai thôn 3")

    response = client_for(world.other_handler).get(SEARCH_URL, {"q": "tranh chap"})

    assert found_references(response) == []
    assert response.context["facets"] == []


# Facets narrow; active filters can be removed.


def test_a_facet_link_narrows_the_results_and_the_filter_can_be_removed(world):
    complaint = register(world, subject="Bồi thường đất thôn 1")
    feedback = register(world, kind="feedback", subject="Bồi thường đất thôn 2")
    client = client_for(world.leader)
    everything = client.get(SEARCH_URL, {"q": "boi thuong"})
    assert facet(everything, "kind") == {"Khiếu nại": 1, "Phản ánh": 1}

    narrowed = client.get(facet_link(everything, "kind", "Phản ánh"))

    assert found_references(narrowed) == [feedback.reference]
    assert narrowed.context["form"].cleaned_data["q"] == "boi thuong"
    [active] = narrowed.context["active"]
    assert (active["title"], active["label"]) == ("loại", "Phản ánh")
    widened = client.get(active["remove_url"])
    assert sorted(found_references(widened)) == sorted([complaint.reference, feedback.reference])


def test_the_locality_link_of_the_map_lists_the_cases_of_that_place(world):
    here = register(world)
    there = petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind="complaint",
            channel="post",
            subject="Khiếu nại về bồi thường",
            content="Đề nghị xem xét lại.",
            locality=world.other_locality,
            field=world.field,
            petitioner=PetitionerData(full_name="Trần Văn Nam"),
        ),
    ).case
    client = client_for(world.leader)

    response = client.get(SEARCH_URL, {"locality": world.other_locality.code})
    province = client.get(SEARCH_URL, {"locality": "tinh"})

    assert found_references(response) == [there.reference]
    assert sorted(found_references(province)) == sorted([here.reference, there.reference])
    link = facet_link(client.get(SEARCH_URL), "locality", "Xã Bình Minh")
    assert link == f"/staff/search/?locality={world.other_locality.code}"


def test_the_overdue_facet_links_with_the_apis_true_and_false(world):
    late = register(world, received_at=timezone.now() - timedelta(days=60))
    register(world)
    client = client_for(world.leader)
    everything = client.get(SEARCH_URL, {"q": "boi thuong"})
    assert facet(everything, "overdue") == {"quá hạn": 1, "chưa quá hạn": 1}

    link = facet_link(everything, "overdue", "quá hạn")
    overdue = client.get(link)

    assert "overdue=true" in link
    assert found_references(overdue) == [late.reference]


# A denouncer's identity never shows (docs/search.md#what-is-searchable).


@pytest.mark.parametrize("role", ["reception", "leader", "province_leader", "inspector"])
def test_a_denouncer_named_in_the_subject_never_appears_on_the_page(world, role):
    denunciation = petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind="denunciation",
            channel="in_person",
            subject="Đơn tố cáo của ông Lý Văn Khải về cán bộ địa chính",
            content="Tôi là Lý Văn Khải, điện thoại 0987654321. Cán bộ địa chính thu tiền.",
            locality=world.locality,
            field=world.field,
            petitioner=PetitionerData(full_name="Lý Văn Khải", phone="0987654321"),
        ),
    ).case
    client = client_for(getattr(world, role))

    for typed in ["dia chinh", "tố cáo", denunciation.reference, ""]:
        response = client.get(SEARCH_URL, {"q": typed})

        assert denunciation.reference in found_references(response), typed
        html = response.content.decode()
        for secret in ["Khải", "Khai", "0987654321"]:
            assert secret not in html, (typed, secret)


# Access and errors.


def test_anonymous_is_sent_to_the_login_page(world):
    response = client_for(None).get(SEARCH_URL, {"q": "dat dai"})

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=/staff/search/")


def test_the_header_has_a_search_box_for_signed_in_staff(world):
    html = client_for(world.reception).get("/staff/inbox/").content.decode()

    assert 'action="/staff/search/"' in html and 'name="q"' in html


def test_a_bad_kind_is_a_vietnamese_form_error_not_a_server_error(world):
    register(world)

    response = client_for(world.leader).get(SEARCH_URL, {"q": "boi thuong", "kind": "bogus"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Loại: Không có lựa chọn “bogus” ở đây." in html
    assert "found" not in response.context


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("status", "pending"),
        ("unit", "unknown-code"),
        ("locality", "unknown-code"),
        ("field", "unknown-code"),
        ("channel", "pigeon"),
        ("year", "last"),
        ("overdue", "perhaps"),
        ("page", "0"),
    ],
)
def test_every_bad_parameter_is_a_form_error_naming_it(world, name, value):
    response = client_for(world.leader).get(SEARCH_URL, {"q": "boi thuong", name: value})

    assert response.status_code == 400
    assert name in response.context["form"].errors


@pytest.fixture
def fake_es(settings):
    fake = FakeElasticsearch().start()
    settings.ELASTICSEARCH_URL = fake.url
    settings.ELASTICSEARCH_INDEX = "test-cases"
    settings.SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    yield fake
    fake.stop()


def test_an_unreachable_search_engine_is_a_friendly_503(world, fake_es):
    fake_es.mode = CLOSED

    response = client_for(world.leader).get(SEARCH_URL, {"q": "dat dai"})

    assert response.status_code == 503
    assert "Chức năng tìm kiếm tạm thời không hoạt động" in response.content.decode()


def test_a_total_past_the_cap_reads_more_than(
    world, fake_es, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("search.backends.es_query.COUNT_CAP", 2)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            register(world)

    response = client_for(world.leader).get(SEARCH_URL, {"q": "boi thuong"})

    assert response.context["found"].total_is_exact is False
    assert "Tìm thấy hơn 2 vụ việc" in response.content.decode()


def test_large_counts_are_grouped_by_thousands():
    from staff.templatetags.staff_tags import grouped

    assert grouped(10_000) == "10 000"
    assert grouped(999) == "999"
    assert grouped(1_234_567) == "1 234 567"
