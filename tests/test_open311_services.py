"""Discovery, the service list and each service's definition, in JSON and XML."""

from datetime import date

import pytest
from django.test import Client

from cases.models import Field, Locality

from .open311_support import children, xml

SERVICE_ELEMENTS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
ATTRIBUTE_ELEMENTS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
]


def get(path: str, **extra):
    return Client().get(f"/open311/v2/{path}", **extra)


def test_discovery_names_the_endpoint_its_formats_and_changeset(world, settings):
    settings.OPEN311_CHANGESET = "2026-02-01T08:00:00+07:00"
    settings.OPEN311_CONTACT = "Ban Tiếp công dân tỉnh, 0207 3822 111"

    body = get("discovery.json").json()
    root = xml(get("discovery.xml"))

    assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
    assert body["changeset"] == "2026-02-01T08:00:00+07:00"
    assert body["contact"] == "Ban Tiếp công dân tỉnh, 0207 3822 111"
    assert body["key_service"]
    [endpoint] = body["endpoints"]
    assert endpoint == {
        "specification": "http://wiki.open311.org/GeoReport_v2",
        "url": "http://testserver/open311/v2",
        "changeset": "2026-02-01T08:00:00+07:00",
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }
    assert root.tag == "discovery"
    assert children(root) == ["changeset", "contact", "key_service", "endpoints"]
    assert [format.text for format in root.iterfind("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_one_service_per_field_for_recommendations_and_then_feedback(world):
    Field.objects.create(code="moi-truong", name="Môi trường", sort_order=1)
    Field.objects.create(code="cu", name="Lĩnh vực cũ", is_active=False)

    services = get("services.json").json()

    assert [service["service_code"] for service in services] == [
        "recommendation-dat-dai",
        "recommendation-moi-truong",
        "feedback-dat-dai",
        "feedback-moi-truong",
    ]
    environment = services[3]
    assert list(environment) == SERVICE_ELEMENTS
    assert environment["service_name"] == "Phản ánh: Môi trường"
    assert environment["group"] == "Phản ánh"
    assert environment["metadata"] is True
    assert environment["type"] == "realtime"
    assert environment["keywords"] == "Môi trường, Phản ánh, moi truong, phan anh"


def test_the_xml_service_list_has_the_specifications_elements(world):
    root = xml(get("services.xml"))

    assert root.tag == "services"
    assert [service.tag for service in root] == ["service", "service"]
    assert children(root[0]) == SERVICE_ELEMENTS
    assert root[0].findtext("metadata") == "true"


def test_names_follow_the_requests_language(world):
    services = get("services.json", HTTP_ACCEPT_LANGUAGE="en").json()

    assert services[1]["service_name"] == "Feedback: Đất đai"
    assert services[1]["group"] == "Feedback"
    # Typed in Vietnamese with or without diacritics, a service is still found.
    assert services[1]["keywords"] == "Đất đai, Phản ánh, dat dai, phan anh, Feedback"


def test_a_definition_lists_the_current_communes_as_the_locality_attribute(world):
    Locality.objects.create(
        code="xa-cu",
        name="Xã Cũ",
        level="commune",
        parent=world.locality.parent,
        valid_to=date(2025, 6, 30),
    )

    body = get(f"services/feedback-{world.field.code}.json").json()
    root = xml(get(f"services/feedback-{world.field.code}.xml"))

    assert body["service_code"] == "feedback-dat-dai"
    locality, subject = body["attributes"]
    assert list(locality) == [*ATTRIBUTE_ELEMENTS, "values"]
    assert locality["code"] == "locality"
    assert locality["datatype"] == "singlevaluelist"
    assert locality["required"] is False
    assert locality["values"] == [
        {"key": "xa-an-binh", "name": "Xã An Bình"},
        {"key": "xa-binh-minh", "name": "Xã Bình Minh"},
    ]
    assert subject["code"] == "subject" and subject["datatype"] == "string"
    assert root.tag == "service_definition"
    assert children(root) == ["service_code", "attributes"]
    attribute = root.find("attributes/attribute")
    assert children(attribute) == [*ATTRIBUTE_ELEMENTS, "values"]
    assert [value.findtext("key") for value in attribute.iterfind("values/value")] == [
        "xa-an-binh",
        "xa-binh-minh",
    ]


@pytest.mark.parametrize("code", ["complaint-dat-dai", "feedback-khong-co", "dat-dai"])
def test_an_unknown_service_is_a_404_in_the_error_format(world, code):
    response = get(f"services/{code}.xml")

    assert response.status_code == 404
    root = xml(response)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"
    assert code in root.findtext("error/description")


def test_a_method_other_than_get_is_refused_in_the_error_format(world):
    response = Client().delete("/open311/v2/services.json")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()[0]["code"] == 405


def test_queued_requests_make_every_service_a_batch_service(world, settings):
    settings.OPEN311_QUEUE_REQUESTS = True

    assert {service["type"] for service in get("services.json").json()} == {"batch"}
