"""What staff type on a denunciation's steps never names its denouncer to those who read it:
notes, findings, the public summary that anyone holding the code may read
(docs/denouncer-protection.md#redaction)."""

from cases.models import CaseEvent, Status
from cases.services import case_transition

from .factories import resolve_data
from .identity_support import DENOUNCER, denunciation_in, get, leaks, plaintext_in_database

NAMED = f"Đã làm việc với bà {DENOUNCER.full_name} (điện thoại {DENOUNCER.phone})."


def test_notes_findings_and_the_public_summary_keep_the_denouncer_redacted(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = denunciation_in(world, Status.VERIFYING)

    case = case_transition(
        case=case,
        actor=world.handler,
        name="submit_report",
        data={"findings": f"Xác minh: {NAMED} Ông Hà Văn Tùng nhận tiền.", "note": NAMED},
    )
    case = case_transition(
        case=case,
        actor=world.leader,
        name="resolve",
        data={**resolve_data(), "public_summary": f"Trả lời {DENOUNCER.full_name}: tố cáo đúng."},
    )
    case = case_transition(
        case=case, actor=world.reception, name="respond", data={"method": "post"}
    )

    assert plaintext_in_database() == []
    assert "Ông Hà Văn Tùng nhận tiền" in case.findings
    assert CaseEvent.objects.get(case=case, action="submit_report").note == (
        "Đã làm việc với bà […] (điện thoại […])."
    )
    code = case.petitions.get().tracking_code
    public = get(world.inspector, f"/api/v1/track/{code}/")
    assert public.json()["outcome_summary"] == "Trả lời […]: tố cáo đúng."
    assert leaks(get(world.inspector, f"/staff/cases/{case.reference}/").content.decode()) == []
