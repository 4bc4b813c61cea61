"""POST requests: an app's request, sent form-encoded, becomes a petition on channel open311."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Attachment, Channel, Petition
from open311.models import ApiKey, Submission
from open311.services import api_key_revoke

from .open311_support import (
    NEAR_AN_BINH,
    REPORTER,
    children,
    issue_key,
    place_communes,
    post_request,
    request_fields,
    xml,
)
from .public_helpers import HTML_BYTES, photo_bytes


@pytest.fixture
def key(world, settings):
    settings.OPEN311_UNIT = world.commune.code
    place_communes(world)
    return issue_key(world)


def test_a_feedback_becomes_a_petition_of_the_nearest_commune_on_channel_open311(world, key):
    response = post_request(request_fields(world, key))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    petition = Petition.objects.select_related("case", "petitioner").get()
    assert petition.channel == Channel.OPEN311
    assert petition.received_by is None
    assert petition.case.kind == "feedback"
    assert petition.case.field == world.field
    assert petition.case.unit == world.commune
    assert petition.case.locality == world.locality
    assert (petition.latitude, petition.longitude) == tuple(map(Decimal, NEAR_AN_BINH))
    assert petition.media_url == "https://photos.example.vn/o-ga.jpg"
    assert petition.subject == "Ổ gà lớn giữa đường liên thôn."
    assert petition.petitioner.full_name == "Đinh Thị Mận"
    assert petition.petitioner.email == REPORTER["email"]
    [answer] = response.json()
    assert answer["service_request_id"] == petition.case.reference
    assert answer["service_request_id"] != petition.tracking_code
    assert petition.tracking_code in answer["service_notice"]
    assert Submission.objects.get().petition == petition


def test_the_answer_in_xml_has_the_specifications_elements(world, key):
    root = xml(post_request(request_fields(world, key), format="xml"))

    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert children(request) == ["service_request_id", "service_notice"]
    assert request.findtext("service_request_id") == Petition.objects.get().case.reference


def test_the_petitioner_receives_the_tracking_code_by_mail(
    world, key, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_request(request_fields(world, key))

    petition = Petition.objects.get()
    [receipt] = [message for message in mail.outbox if message.to == [REPORTER["email"]]]
    assert petition.tracking_code in receipt.body


def test_the_locality_attribute_names_the_commune_whatever_the_point(world, key):
    fields = request_fields(world, key, **{"attribute[locality]": world.other_locality.code})

    assert post_request(fields).status_code == 200

    assert Petition.objects.get().case.locality == world.other_locality


def test_an_address_without_a_point_needs_the_commune_named(world, key):
    fields = request_fields(world, key, lat=None, long=None, address_string="Thôn 4, ngã ba chợ")

    refused = post_request(fields)
    fields["attribute[locality]"] = world.locality.code
    accepted = post_request(fields)

    assert refused.status_code == 400
    assert refused.json()[0]["description"].startswith("attribute[locality]: ")
    assert accepted.status_code == 200
    petition = Petition.objects.get()
    assert petition.place == "Thôn 4, ngã ba chợ"
    assert not petition.has_point


@pytest.mark.parametrize(
    ("latitude", "longitude", "reason"),
    [
        ("13.7563", "100.5018", "không thuộc Việt Nam"),  # Bangkok
        ("105.8542", "21.0285", "lat: "),  # Hà Nội, latitude and longitude swapped
        ("0", "0", "không thuộc Việt Nam"),  # a phone without a fix
        ("21.0285", "105.8542", "attribute[locality]: "),  # Hà Nội: far from every commune
    ],
)
def test_a_point_out_of_reach_is_refused_and_nothing_is_kept(
    world, key, latitude, longitude, reason
):
    response = post_request(request_fields(world, key, lat=latitude, long=longitude))

    assert response.status_code == 400
    assert reason in response.json()[0]["description"]
    assert not Petition.objects.exists()


def test_an_unknown_or_missing_service_is_refused(world, key):
    unknown = post_request(request_fields(world, key, service_code="complaint-dat-dai"))
    missing = post_request(request_fields(world, key, service_code=None))

    assert unknown.status_code == 404
    assert "complaint-dat-dai" in unknown.json()[0]["description"]
    assert missing.status_code == 400
    assert missing.json()[0]["code"] == 400


@pytest.mark.parametrize("format", ["json", "xml"])
def test_a_missing_or_wrong_key_is_a_403_in_the_specifications_error_format(world, key, format):
    missing = post_request(request_fields(world, key, api_key=None), format=format)
    wrong = post_request(request_fields(world, key, api_key="not-a-key"), format=format)

    for response in (missing, wrong):
        assert response.status_code == 403
        if format == "json":
            [error] = response.json()
            assert error["code"] == 403 and error["description"]
        else:
            root = xml(response)
            assert root.tag == "errors"
            assert [children(error) for error in root] == [["code", "description"]]
            assert root.findtext("error/code") == "403"
    assert not Petition.objects.exists()


def test_a_revoked_key_is_refused(world, key):
    assert post_request(request_fields(world, key)).status_code == 200
    api_key_revoke(actor=world.administrator, api_key=ApiKey.objects.get())

    response = post_request(request_fields(world, key))

    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "Khóa api_key này đã bị thu hồi."}]
    assert Petition.objects.count() == 1


def test_a_photo_may_come_as_a_multipart_upload_checked_like_every_upload(world, key):
    photo = SimpleUploadedFile("o-ga.jpg", photo_bytes(), content_type="image/jpeg")
    page = SimpleUploadedFile("o-ga.jpg", HTML_BYTES, content_type="image/jpeg")

    accepted = Client().post(
        "/open311/v2/requests.json", {**request_fields(world, key), "media": photo}
    )
    refused = Client().post(
        "/open311/v2/requests.json", {**request_fields(world, key), "media": page}
    )

    assert accepted.status_code == 200
    assert Attachment.objects.get().original_name == "o-ga.jpg"
    assert refused.status_code == 400
    assert refused.json()[0]["description"].startswith("media: ")
    assert Petition.objects.count() == 1


def test_a_json_body_is_refused(world, key):
    response = Client().post(
        "/open311/v2/requests.json", request_fields(world, key), content_type="application/json"
    )

    assert response.status_code == 400
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"first_name": "", "last_name": ""}, "last_name: "),
        ({"attribute[colour]": "red"}, "attribute[colour]: "),
        ({"description": ""}, "description: "),
        ({"phone": "call me"}, "phone: "),
        ({"lat": None}, "lat: "),
    ],
)
def test_bad_input_is_a_400_naming_the_argument(world, key, overrides, named):
    response = post_request(request_fields(world, key, **overrides))

    assert response.status_code == 400
    assert any(error["description"].startswith(named) for error in response.json())
    assert not Petition.objects.exists()


def test_another_jurisdiction_is_not_found(world, key, settings):
    settings.OPEN311_JURISDICTION_ID = "tuyenquang.gov.vn"

    other = post_request(request_fields(world, key, jurisdiction_id="hanoi.gov.vn"))
    ours = post_request(request_fields(world, key, jurisdiction_id="tuyenquang.gov.vn"))

    assert other.status_code == 404
    assert ours.status_code == 200


def test_a_queued_request_answers_with_a_token_that_later_names_the_case(
    world, key, settings, django_capture_on_commit_callbacks
):
    settings.OPEN311_QUEUE_REQUESTS = True
    photo = SimpleUploadedFile("o-ga.png", photo_bytes("PNG"), content_type="image/png")

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = Client().post(
            "/open311/v2/requests.json", {**request_fields(world, key), "media": photo}
        )
        [answer] = response.json()
        waiting = Client().get(f"/open311/v2/tokens/{answer['token']}.json")
    assert list(answer) == ["token"]
    assert waiting.json() == [{"service_request_id": None, "token": answer["token"]}]
    assert not Petition.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()

    petition = Petition.objects.get()
    assert petition.attachments.get().original_name == "o-ga.png"
    assert Submission.objects.get().pending is None
    named = Client().get(f"/open311/v2/tokens/{answer['token']}.xml")
    request = xml(named).find("request")
    assert request.findtext("service_request_id") == petition.case.reference
    assert request.findtext("token") == answer["token"]


def test_an_unknown_token_is_not_found(world, key):
    response = Client().get("/open311/v2/tokens/no-such-token.json")

    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


def test_staff_see_the_request_with_its_app_point_and_link_on_the_case_page(world, key):
    post_request(request_fields(world, key))
    petition = Petition.objects.get()
    client = Client()
    client.force_login(world.reception)

    html = client.get(f"/staff/cases/{petition.case.reference}/").content.decode()

    assert "Ứng dụng Open311" in html  # the channel
    assert "ứng dụng Open311" in html  # who received it
    assert "22.801234, 104.981234" in html
    assert 'href="https://photos.example.vn/o-ga.jpg"' in html
