"""The case page: who may open it, what they see, and the actions they may take from it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case, CaseEvent, IdentityAccess, Status

from .factories import case_in, register, resolve_data
from .staff_helpers import client_for


def page(user, case):
    return client_for(user).get(f"/staff/cases/{case.reference}/")


def act(user, case, name, data=None):
    return client_for(user).post(
        f"/staff/cases/{case.reference}/actions/{name}/", {"version": case.version, **(data or {})}
    )


def test_a_second_handler_gets_404_on_the_first_handlers_case(world):
    case = case_in(world, Status.VERIFYING)

    assert page(world.handler, case).status_code == 200
    assert page(world.second_handler, case).status_code == 404


def test_a_leader_of_another_unit_gets_404(world):
    assert page(world.other_leader, register(world)).status_code == 404


def test_the_page_shows_parties_due_dates_with_their_explanation_and_the_timeline(world):
    case = case_in(world, Status.ACCEPTED)

    html = page(world.leader, case).content.decode()

    assert "Nguyễn Thị Hoa" in html
    assert "001190012345" in html
    assert case.due_on.strftime("%d/%m/%Y") in html
    assert "Luật Khiếu nại 2011" in html
    assert html.count('class="timeline"') == 1
    assert "Đã thụ lý" in html


def test_the_actions_offered_are_those_the_user_may_take_now(world):
    case = register(world)

    leader = page(world.leader, case).context["actions"]
    reception = page(world.reception, case).context["actions"]

    assert {name for name, _label, _form, _main in leader} >= {
        "accept",
        "forward",
        "guide",
        "archive",
    }
    assert "accept" not in {name for name, _label, _form, _main in reception}


def test_a_leader_accepts_and_assigns_from_the_page(world):
    case = register(world)

    assert act(world.leader, case, "accept").status_code == 302
    case.refresh_from_db()
    response = act(world.leader, case, "assign", {"handler": world.handler.username})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.VERIFYING
    assert case.handler == world.handler


def test_a_missing_report_is_refused_in_vietnamese_on_the_form(world):
    case = case_in(world, Status.VERIFYING)

    response = act(world.handler, case, "submit_report", {"findings": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Trường này là bắt buộc." in html
    # Once, in the summary that links to the field, and once beside the field.
    assert html.count("Trường này là bắt buộc.") == 2
    assert 'href="#submit_report-findings"' in html
    assert "<title>Lỗi: " in html
    assert response.context["open_action"] == "submit_report"
    case.refresh_from_db()
    assert case.status == Status.VERIFYING


def test_a_stale_form_is_refused_with_a_message_and_changes_nothing(world):
    case = register(world)
    stale_version = case.version
    act(world.leader, case, "accept")

    response = client_for(world.leader).post(
        f"/staff/cases/{case.reference}/actions/forward/",
        {"version": stale_version, "to_agency": "Sở Xây dựng"},
        follow=True,
    )

    assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED
    assert list(response.context["messages"])


def test_an_action_on_a_case_out_of_reach_is_404(world):
    case = register(world)

    assert act(world.other_leader, case, "accept").status_code == 404
    assert not CaseEvent.objects.filter(case=case, action="accept").exists()


def test_an_inspector_reads_the_case_but_not_a_denouncers_identity(world):
    case = register(world, kind="denunciation")

    response = page(world.inspector, case)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" not in html
    assert "001190012345" not in html
    assert response.context["actions"] == []


def test_the_response_letter_is_a_pdf(world):
    case = case_in(world, Status.RESOLVED)

    response = client_for(world.reception).get(f"/staff/cases/{case.reference}/letter/pdf/")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("step", ["resolve"])
def test_a_leader_resolves_with_a_decision_date_from_the_date_picker(world, step):
    case = case_in(world, Status.PROPOSED)

    response = act(world.leader, case, step, resolve_data())

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.RESOLVED


def test_a_denouncers_scans_are_served_only_to_those_who_may_see_the_denouncer(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = register(
        world,
        kind="denunciation",
        files=[SimpleUploadedFile("to-cao.pdf", b"%PDF-1.4 handwriting")],
    )
    scan = case.petitions.get().attachments.get()
    url = f"/staff/cases/{case.reference}/attachments/{scan.pk}/"

    served = client_for(world.reception).get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.4 handwriting"
    assert client_for(world.inspector).get(url).status_code == 404
    assert client_for(world.province_leader).get(url).status_code == 404
    assert client_for(world.other_leader).get(url).status_code == 404


def test_each_view_of_a_denouncers_identity_is_logged(world):
    case = register(world, kind="denunciation")

    page(world.reception, case)
    page(world.inspector, case)

    logged = IdentityAccess.objects.values_list("user__username", "purpose")
    assert list(logged) == [("reception", "case_page")]


def test_the_timeline_names_the_assigned_handler_by_full_name(world):
    world.handler.first_name, world.handler.last_name = "Văn Minh", "Trần"
    world.handler.save()
    case = case_in(world, Status.VERIFYING)

    html = page(world.leader, case).content.decode()

    timeline = html[html.index('class="timeline"') :]
    assert world.handler.get_full_name() in timeline
    assert ": handler" not in timeline


def test_the_response_letter_is_offered_only_once_there_is_a_decision(world):
    verifying = case_in(world, Status.VERIFYING)
    decided = case_in(world, Status.RESOLVED)

    before = page(world.leader, verifying).context["documents"]
    after = page(world.leader, decided).context["documents"]

    assert "Thông báo kết quả" not in [document["label"] for document in before]
    assert "Thông báo kết quả" in [document["label"] for document in after]
