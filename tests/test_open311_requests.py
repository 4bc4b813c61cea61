"""GET requests and GET requests/{id}: recommendations and feedback as the public may see them."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import Case, Status
from cases.services import case_transition

from .factories import PETITIONER, case_in, register
from .open311_support import (
    NEAR_AN_BINH,
    REPORTER_SECRETS,
    children,
    issue_key,
    place_communes,
    post_request,
    request_fields,
    xml,
)

# GeoReport v2, GET Service Requests: every element of a request, in the specification's order.
REQUEST_ELEMENTS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
W3 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
PUBLISHED = "Ổ gà lớn giữa đường liên thôn thôn 4, gây nguy hiểm cho xe máy."


@pytest.fixture
def reported(world, settings) -> Case:
    """A feedback an app sent, naming its reporter in the description too."""
    settings.OPEN311_UNIT = world.commune.code
    place_communes(world)
    fields = request_fields(
        world,
        issue_key(world),
        description="Tôi là Đinh Thị Mận, số 0977123456. Ổ gà lớn giữa đường liên thôn.",
        address_string="Trước nhà văn hóa thôn 4",
    )
    answer = post_request(fields).json()
    return Case.objects.get(reference=answer[0]["service_request_id"])


def get(path: str, **params):
    return Client().get(f"/open311/v2/{path}", params)


def references(response) -> set[str]:
    return {item["service_request_id"] for item in response.json()}


def test_only_recommendations_and_feedback_are_listed(world, reported):
    recommendation = register(world, kind="recommendation", subject="Đề nghị lắp đèn đường")
    complaint = register(world)
    denunciation = register(world, kind="denunciation")

    listed = references(get("requests.json"))

    assert listed == {reported.reference, recommendation.reference}
    assert complaint.reference not in listed and denunciation.reference not in listed
    assert get(f"requests/{complaint.reference}.json").status_code == 404


def test_the_xml_list_holds_every_element_of_a_request_in_the_specifications_order(world, reported):
    root = xml(get("requests.xml"))

    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert children(request) == REQUEST_ELEMENTS
    assert request.findtext("service_request_id") == reported.reference
    assert request.findtext("status") == "open"
    assert request.findtext("service_code") == f"feedback-{world.field.code}"
    assert request.findtext("service_name") == "Phản ánh: Đất đai"
    assert request.findtext("agency_responsible") == "UBND xã An Bình"
    assert W3.match(request.findtext("requested_datetime"))
    assert W3.match(request.findtext("updated_datetime"))
    assert request.findtext("expected_datetime") == f"{reported.due_on.isoformat()}T23:59:59+07:00"
    # An element the case has no value for is there, empty.
    assert request.find("zipcode").text is None


def test_until_published_a_request_shows_no_words_of_the_citizen_and_sits_at_its_commune(
    world, reported
):
    [request] = get(f"requests/{reported.reference}.json").json()

    assert list(request) == REQUEST_ELEMENTS
    assert request["description"] is None
    assert request["media_url"] is None
    assert request["address"] == "Xã An Bình, Tỉnh Hà Giang"
    assert (request["lat"], request["long"]) == (22.8, 104.98)
    assert request["status_notes"] == "Đã tiếp nhận"


def test_once_published_a_request_shows_the_description_place_point_and_photo(world, reported):
    case_transition(
        case=reported,
        actor=world.reception,
        name="publish",
        data={"public_description": PUBLISHED, "public_place": "Trước nhà văn hóa thôn 4"},
    )

    [request] = get(f"requests/{reported.reference}.json").json()

    assert request["description"] == PUBLISHED
    assert request["address"] == "Trước nhà văn hóa thôn 4, Xã An Bình, Tỉnh Hà Giang"
    assert (request["lat"], request["long"]) == tuple(map(float, NEAR_AN_BINH))
    assert request["media_url"] == "https://photos.example.vn/o-ga.jpg"


def test_the_public_summary_is_the_status_note_once_the_citizen_is_answered(world):
    answered = case_in(world, Status.RESPONDED, kind="feedback")

    [request] = get(f"requests/{answered.reference}.json").json()

    assert request["status"] == "closed"
    assert request["status_notes"] == "Khiếu nại đúng một phần."
    assert request["expected_datetime"] is None
    assert request["service_notice"] is None


@pytest.mark.parametrize("format", ["json", "xml"])
def test_no_answer_names_a_person(world, reported, format):
    register(world, kind="feedback", subject="Đường ngập nước")  # from the desk, with PETITIONER
    case_transition(
        case=reported, actor=world.leader, name="publish", data={"public_description": PUBLISHED}
    )
    secrets = (
        *REPORTER_SECRETS,
        PETITIONER.full_name,
        PETITIONER.phone,
        PETITIONER.id_number,
        PETITIONER.email,
        PETITIONER.address,
    )
    answers = [
        get(f"requests.{format}"),
        get(f"requests/{reported.reference}.{format}"),
        get(f"requests.{format}", service_request_id=reported.reference),
    ]

    for response in answers:
        assert response.status_code == 200
        text = response.content.decode()
        assert [secret for secret in secrets if secret in text] == []


def test_status_service_and_reference_filters(world, reported):
    recommendation = register(world, kind="recommendation")
    closed = case_in(world, Status.CLOSED, kind="feedback")

    assert references(get("requests.json", status="closed")) == {closed.reference}
    assert references(get("requests.json", status="open")) == {
        reported.reference,
        recommendation.reference,
    }
    assert references(get("requests.json", service_code=f"recommendation-{world.field.code}")) == {
        recommendation.reference
    }
    assert references(
        get("requests.json", service_request_id=f"{closed.reference},{reported.reference}")
    ) == {closed.reference, reported.reference}


def test_the_last_90_days_are_listed_unless_dates_are_given(world, reported):
    old_day = timezone.now() - timedelta(days=120)
    old = register(world, kind="feedback", received_at=old_day)
    start = (old_day - timedelta(days=1)).isoformat()
    end = (old_day + timedelta(days=1)).isoformat()

    assert references(get("requests.json")) == {reported.reference}
    assert references(get("requests.json", start_date=start, end_date=end)) == {old.reference}
    # Asked by reference, a case is found whatever its date.
    assert references(get("requests.json", service_request_id=old.reference)) == {old.reference}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "end_date"),
        ({"start_date": "2026-03-01", "end_date": "2026-02-01"}, "end_date"),
        ({"start_date": "last week"}, "start_date"),
        ({"status": "pending"}, "status"),
        ({"service_code": "complaint-dat-dai"}, "service_code"),
    ],
)
def test_a_bad_argument_is_a_400_naming_it(world, reported, params, named):
    response = get("requests.json", **params)

    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400
    assert error["description"].startswith(f"{named}: ")


def test_an_unknown_reference_is_a_404_in_xml_too(world):
    root = xml(get("requests/PA-2026-999999.xml"))

    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"


def test_an_offset_typed_unencoded_in_the_query_string_is_read(world, reported):
    start = timezone.localtime() - timedelta(days=1)
    typed = start.strftime("%Y-%m-%dT%H:%M:%S") + " 07:00"  # "+07:00" with its plus decoded

    assert references(get("requests.json", start_date=typed)) == {reported.reference}


def test_coordinates_are_numbers_in_json(world, reported):
    [request] = get(f"requests/{reported.reference}.json").json()

    assert isinstance(request["lat"], float)
    assert Decimal(str(request["long"])) == Decimal("104.98")
