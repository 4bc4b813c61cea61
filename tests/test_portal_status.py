"""The citizens' status page (/portal/): by tracking code, no login, only the public view.

What it shows: docs/tracking-codes.md#what-the-public-view-shows.
"""

from django.test import Client

from cases.models import Status

from .factories import PETITIONER, case_in


def code_of(case) -> str:
    return case.petitions.get().tracking_code


def lookup(code: str, client: Client | None = None, **extra):
    return (client or Client()).get("/portal/", {"code": code}, **extra)


def test_a_code_typed_in_lower_case_with_spaces_finds_the_petition(world):
    case = case_in(world, Status.RESPONDED)
    typed = code_of(case).lower().replace("-", " ")

    response = lookup(typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã trả lời công dân" in html
    assert code_of(case) in html
    assert "Khiếu nại đúng một phần." in html


def test_the_page_shows_no_personal_data_nor_the_petition_text(world):
    case = case_in(world, Status.RESPONDED)

    html = lookup(code_of(case)).content.decode()

    for private in (
        PETITIONER.full_name,
        PETITIONER.phone,
        PETITIONER.id_number,
        PETITIONER.address,
        PETITIONER.email,
        "Đề nghị xem xét lại quyết định thu hồi đất.",
        case.reference,
        world.handler.username,
        "Đã xác minh.",
    ):
        assert private not in html


def test_an_unknown_code_gets_a_clear_message(world):
    response = lookup("26-00000-00000-0")

    assert response.status_code == 404
    assert 'data-testid="not-found"' in response.content.decode()


def test_the_outcome_is_shown_only_once_the_citizen_was_answered(world):
    case = case_in(world, Status.RESOLVED)

    assert "Khiếu nại đúng một phần." not in lookup(code_of(case)).content.decode()


def test_the_page_is_in_english_when_chosen(world):
    case = case_in(world, Status.RESPONDED)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})

    html = lookup(code_of(case), client).content.decode()

    assert "Responded to the citizen" in html
    assert 'lang="en"' in html


def test_the_empty_page_asks_for_a_code(db):
    response = Client().get("/portal/")

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
