"""A real Open311 client from PyPI (georeport) reads a live server in JSON and in XML.

georeport speaks GeoReport v2 as city endpoints serve it: it reads a JSON array, or the
XML's `services/service`, `service_definition` and `service_requests/request` elements.
"""

import pytest
from georeport import GeoReport

from cases.services import case_transition

from .factories import build_world, register
from .open311_support import issue_key, place_communes, post_request, request_fields


def as_list(value) -> list:
    # xmltodict reads one repeated element as a dict and several as a list.
    return value if isinstance(value, list) else [value]


# The roles come from a data migration, which a flush would lose.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_a_georeport_client_reads_the_services_and_the_requests(
    live_server, settings, output_format
):
    world = build_world()
    settings.OPEN311_UNIT = world.commune.code
    place_communes(world)
    reported = post_request(request_fields(world, issue_key(world))).json()[0]
    desk = register(world, kind="recommendation", subject="Đề nghị lắp đèn đường thôn 2")
    case_transition(
        case=desk,
        actor=world.reception,
        name="publish",
        data={"public_description": "Đề nghị lắp đèn đường thôn 2."},
    )
    client = GeoReport(f"{live_server.url}/open311/v2", output_format=output_format)

    services = client.get_service_list()
    definition = client.get_service_definition("feedback-dat-dai")
    requests = as_list(client.get_service_requests(status="open"))
    one = client.get_service_request(desk.reference)

    assert [service["service_code"] for service in services] == [
        "recommendation-dat-dai",
        "feedback-dat-dai",
    ]
    assert services[1]["group"] == "Phản ánh"
    assert definition["service_code"] == "feedback-dat-dai"
    attributes = definition["attributes"]
    locality = as_list(attributes["attribute"] if output_format == "xml" else attributes)[0]
    assert locality["code"] == "locality"
    assert {request["service_request_id"] for request in requests} == {
        reported["service_request_id"],
        desk.reference,
    }
    assert one["service_request_id"] == desk.reference
    assert one["description"] == "Đề nghị lắp đèn đường thôn 2."
    assert one["agency_responsible"] == "UBND xã An Bình"
