"""The API of forwarding inside the system (docs/api.md#case-detail, docs/api.md#tracking):
`to_unit` and `request_report`, the linked cases' fields, and the tracking answer."""

from django.utils import timezone

from cases.models import Case

from .factories import register


def transition(api, user, case, name, data):
    return api(user).post(
        f"/api/v1/cases/{case.reference}/transitions/{name}/", data, format="json"
    )


def detail(api, user, case) -> dict:
    response = api(user).get(f"/api/v1/cases/{case.reference}/")
    assert response.status_code == 200
    return response.json()


def forwarded(world, api) -> tuple[Case, Case]:
    original = register(world)
    response = transition(
        api,
        world.reception,
        original,
        "forward",
        {"to_unit": world.other_commune.code, "request_report": True},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "forwarded"
    return original, Case.objects.get(forwarded_from_case=original)


def test_forwarding_takes_a_unit_code_and_a_report_request(world, api):
    original, new = forwarded(world, api)

    body = detail(api, world.leader, original)
    assert body["status"] == "forwarded"
    assert body["report_requested_on"] == timezone.localdate().isoformat()
    assert body["report_due_on"] is not None
    assert body["report_received_on"] is None
    assert body["deadlines"]["follow_up"]["due_on"] == body["report_due_on"]
    assert new.unit == world.other_commune


def test_each_side_names_the_other_case_only_to_those_who_may_open_it(world, api):
    original, new = forwarded(world, api)

    # The forwarding commune's leader may not open the other commune's case: its unit only.
    mine = detail(api, world.leader, original)
    assert (mine["forwarded_to_case"], mine["forwarded_to_unit"]) == (
        None,
        world.other_commune.name,
    )
    assert (mine["forwarded_from_case"], mine["forwarded_from_unit"]) == (None, None)
    theirs = detail(api, world.other_leader, new)
    assert (theirs["forwarded_from_case"], theirs["forwarded_from_unit"]) == (
        None,
        world.commune.name,
    )
    assert (theirs["forwarded_to_case"], theirs["forwarded_to_unit"]) == (None, None)
    # The province's leader opens both.
    assert detail(api, world.province_leader, original)["forwarded_to_case"] == new.reference
    assert detail(api, world.province_leader, new)["forwarded_from_case"] == original.reference


def test_a_bad_destination_is_a_400_naming_the_field(world, api):
    case = register(world)

    unknown = transition(api, world.reception, case, "forward", {"to_unit": "nowhere"})
    both = transition(
        api,
        world.reception,
        case,
        "forward",
        {"to_unit": world.other_commune.code, "to_agency": "Sở Xây dựng"},
    )

    assert unknown.status_code == 400
    assert "to_unit" in unknown.json()
    assert both.status_code == 400
    assert "to_agency" in both.json()


def test_the_tracking_answer_follows_the_petition_with_unit_names_only(world, api):
    original, new = forwarded(world, api)
    code = original.petitions.get().tracking_code
    assert transition(api, world.other_leader, new, "accept", {}).status_code == 200

    body = api().get(f"/api/v1/track/{code}/").json()

    assert body["unit"] == world.other_commune.name
    assert body["status"] == "accepted"
    assert body["status_label"] == "Đã thụ lý"
    day = timezone.localdate()
    assert body["forwarding"] == [
        {
            "unit": world.other_commune.name,
            "date": day.isoformat(),
            "text": f"Chuyển đến UBND xã Bình Minh ngày {day:%d/%m/%Y}",
        }
    ]
    text = str(body)
    for person in (world.reception, world.other_leader):
        assert person.username not in text
    assert "Nguyễn Thị Hoa" not in text
