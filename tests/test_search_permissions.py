"""Search shows each user exactly the cases they may open, with facet counts over those alone."""

from collections import Counter

import pytest
from django.utils import timezone

from cases.models import Case
from cases.selectors import cases_visible_to
from cases.services import PetitionInput, case_transition, petition_register
from search.query import FACETS, SearchQuery
from search.selectors import search_cases

from .factories import PETITIONER, case_in, register

LIST_URL = "/api/v1/cases/"
QUERY = "boi thuong"
ABOUT_COMPENSATION = "Khiếu nại về mức bồi thường khi thu hồi đất"
ABOUT_POLLUTION = "Phản ánh cơ sở chăn nuôi gây ô nhiễm nguồn nước"


def register_for(actor, *, locality, field, subject, kind="complaint", channel="post"):
    """Register a petition through the actor's own unit; return its case."""
    return petition_register(
        actor=actor,
        data=PetitionInput(
            kind=kind,
            channel=channel,
            subject=subject,
            content="Đề nghị cơ quan có thẩm quyền xem xét, giải quyết.",
            locality=locality,
            field=field,
            petitioner=PETITIONER,
        ),
    ).case


def assign(case, leader, handler):
    case = case_transition(case=case, actor=leader, name="accept")
    return case_transition(case=case, actor=leader, name="assign", data={"handler": handler})


@pytest.fixture
def cases(world):
    """Compensation cases across units and handlers, and one case about something else."""
    mine = assign(register(world, subject=ABOUT_COMPENSATION), world.leader, "handler")
    colleagues = assign(register(world, subject=ABOUT_COMPENSATION), world.leader, "handler2")
    unassigned = register(world, subject=ABOUT_COMPENSATION, kind="feedback")
    closed = case_in(world, "closed", subject=ABOUT_COMPENSATION)
    other_topic = assign(register(world, subject=ABOUT_POLLUTION), world.leader, "handler")
    other_commune = assign(
        register_for(
            world.other_leader,
            locality=world.other_locality,
            field=world.field,
            subject=ABOUT_COMPENSATION,
            channel="email",
        ),
        world.other_leader,
        "other_handler",
    )
    province = register_for(
        world.province_leader,
        locality=world.other_locality,
        field=world.field,
        subject=ABOUT_COMPENSATION,
        kind="recommendation",
    )
    return {
        "mine": mine,
        "colleagues": colleagues,
        "unassigned": unassigned,
        "closed": closed,
        "other_topic": other_topic,
        "other_commune": other_commune,
        "province": province,
    }


def matching(cases) -> set[int]:
    """The cases about compensation, chosen by hand: what the query must find."""
    return {case.pk for name, case in cases.items() if name != "other_topic"}


def visible_matches(user, cases) -> set[int]:
    return set(cases_visible_to(user).filter(pk__in=matching(cases)).values_list("pk", flat=True))


def expected_facets(case_ids, *, as_text=False) -> dict[str, dict]:
    """Count the facets over these cases by hand, from the cases themselves."""
    today = timezone.localdate()
    counts = {name: Counter() for name in FACETS}
    for case_id in case_ids:
        case = Case.objects.select_related("unit", "locality", "field").get(pk=case_id)
        values = {
            "kind": case.kind,
            "status": case.status,
            "unit": case.unit.code,
            "locality": case.locality.code,
            "field": case.field.code,
            "channel": case.petitions.order_by("received_at", "pk").first().channel,
            "year": timezone.localtime(case.received_at).year,
            "overdue": case.is_overdue(today),
        }
        for name, value in values.items():
            counts[name][str(value) if as_text else value] += 1
    return {name: dict(counter) for name, counter in counts.items()}


def facet_counts(facets: dict[str, list[dict]]) -> dict[str, dict]:
    return {
        name: {item["value"]: item["count"] for item in items} for name, items in facets.items()
    }


def searched(user, text=QUERY):
    return search_cases(user=user, query=SearchQuery(text=text, page_size=100))


ROLES = ["handler", "second_handler", "leader", "province_leader", "inspector", "reception"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_the_matching_cases_it_may_open(world, cases, role):
    user = getattr(world, role)

    found = searched(user)

    expected = visible_matches(user, cases)
    assert expected, "each role sees at least one compensation case"
    assert {item.case.pk for item in found.results} == expected
    assert found.total == len(expected)
    assert found.total_is_exact


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_facet_counts_are_over_its_visible_cases_only(world, cases, role):
    user = getattr(world, role)

    found = searched(user)

    assert facet_counts(found.facets) == expected_facets(visible_matches(user, cases))


def test_a_handler_finds_only_the_cases_assigned_to_them(world, cases):
    found = {item.case.pk for item in searched(world.handler).results}

    assert cases["mine"].pk in found
    assert cases["colleagues"].pk not in found
    assert cases["unassigned"].pk not in found
    assert cases["province"].pk not in found


def test_a_commune_leader_finds_the_communes_cases_but_not_the_provinces(world, cases):
    found = {item.case.pk for item in searched(world.leader).results}

    assert {cases["mine"].pk, cases["colleagues"].pk, cases["unassigned"].pk} <= found
    assert cases["other_commune"].pk not in found
    assert cases["province"].pk not in found


def test_a_province_leader_finds_the_cases_of_every_unit_below(world, cases):
    found = {item.case.pk for item in searched(world.province_leader).results}

    assert found == matching(cases)


def test_an_inspector_finds_the_cases_of_the_units_granted(world, cases):
    found = {item.case.pk for item in searched(world.inspector).results}

    assert cases["unassigned"].pk in found
    assert cases["other_commune"].pk not in found


def test_an_administrator_without_a_case_role_finds_nothing(world, cases):
    found = searched(world.administrator)

    assert found.total == 0
    assert found.results == []
    assert all(not items for items in found.facets.values())


def test_a_handler_of_another_unit_gets_none_of_the_first_handlers_cases(world, cases):
    theirs = {item.case.pk for item in searched(world.other_handler).results}
    first_handlers = {item.case.pk for item in searched(world.handler).results}

    assert theirs == {cases["other_commune"].pk}
    assert not theirs & first_handlers


def test_a_reassigned_case_leaves_the_former_handlers_results(world, cases):
    case_transition(
        case=cases["mine"], actor=world.leader, name="reassign", data={"handler": "handler2"}
    )

    assert cases["mine"].pk not in {item.case.pk for item in searched(world.handler).results}
    assert cases["mine"].pk in {item.case.pk for item in searched(world.second_handler).results}


def test_the_empty_query_lists_only_visible_cases_too(world, cases):
    found = search_cases(user=world.handler, query=SearchQuery(page_size=100))

    assert {item.case.pk for item in found.results} == set(
        cases_visible_to(world.handler).values_list("pk", flat=True)
    )


# Over the API.


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_each_role_its_visible_cases_count_and_facets(world, cases, api, role):
    user = getattr(world, role)

    response = api(user).get(LIST_URL, {"q": QUERY, "page_size": 100})

    assert response.status_code == 200, response.json()
    body = response.json()
    expected = visible_matches(user, cases)
    assert body["count"] == len(expected)
    assert body["count_is_exact"] is True
    references = {item["reference"] for item in body["results"]}
    assert references == {case.reference for case in cases.values() if case.pk in expected}
    assert facet_counts(body["facets"]) == expected_facets(expected, as_text=True)


def test_the_api_gives_an_administrator_no_cases(world, cases, api):
    response = api(world.administrator).get(LIST_URL, {"q": QUERY})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


def test_the_api_gives_a_handler_of_another_unit_none_of_the_first_handlers_cases(
    world, cases, api
):
    response = api(world.other_handler).get(LIST_URL, {"q": QUERY})

    references = {item["reference"] for item in response.json()["results"]}
    assert references == {cases["other_commune"].reference}
    assert cases["mine"].reference not in references
