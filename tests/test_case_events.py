import pytest
from django.db import DatabaseError, transaction

from cases.models import AppendOnlyError, CaseEvent, Status

from .factories import case_in


def test_each_step_appends_one_numbered_event_and_personal_data_stays_out(world):
    case = case_in(world, Status.PROPOSED)
    events = list(case.events.order_by("sequence"))
    assert [e.action for e in events] == ["received", "accept", "assign", "submit_report"]
    assert [e.sequence for e in events] == [1, 2, 3, 4]
    assert events[2].data["fields"] == {"handler": "handler"}
    logged = str([(e.note, e.data) for e in events])
    for personal in ("Nguyễn Thị Hoa", "0912345678", "001190012345", "Thôn 3"):
        assert personal not in logged


def test_an_event_cannot_be_changed_or_deleted_through_the_model(world):
    event = case_in(world, Status.RECEIVED).events.get()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_the_database_refuses_to_change_or_delete_an_event(world):
    case = case_in(world, Status.ACCEPTED)
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(case=case).update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(case=case).delete()
    assert CaseEvent.objects.filter(case=case, note="rewritten").count() == 0
    assert CaseEvent.objects.filter(case=case).count() == 2
