"""`manage.py import_register`: a register checked row by row, then imported once."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from cases.deadlines import apply_deadlines, compute_deadlines
from cases.models import Case, CaseEvent, Petition, Status
from imports.services import import_register
from workflows.selectors import inbox_tasks, unit_queue
from workflows.services import task_complete

from .register_samples import HEADERS, Places, sample_rows, write_xlsx

GOOD_ROWS = 185
# The title, a blank line and the header come before the first row.
FIRST_ROW = 4


def places(world) -> Places:
    return Places(
        fields=["Đất đai", "dat dai", "DAT-DAI"],
        localities=["Xã An Bình", "An Bình", "xa-binh-minh"],
        units=["UBND xã An Bình", "ubnd-xa-b"],
        handlers={"UBND xã An Bình": ["handler", "handler2"], "ubnd-xa-b": ["other_handler"]},
    )


def bad_rows(good: list[dict], today: date) -> list[tuple[dict, str, str]]:
    """Return 15 rows, each with one mistake: (row, header of the bad cell, error code)."""
    received = next(row for row in good if row["Tình trạng"] == "Đã trả lời")
    named = next(row for row in good if row["Loại đơn"] == "Khiếu nại")
    verifying = next(row for row in good if row["Tình trạng"] == "Đang xác minh")

    def like(row: dict, number: int, **changes) -> dict:
        changed = {**row, "Số đơn": f"BAD-{number}"}
        changed.update({header.replace("_", " "): value for header, value in changes.items()})
        return {key: value for key, value in changed.items() if value is not None}

    return [
        (like(named, 1, **{"Lĩnh vực": "Thủy sản hải đảo"}), "Lĩnh vực", "unknown_field"),
        (like(named, 2, **{"Loại đơn": "Khen thưởng"}), "Loại đơn", "unknown_kind"),
        (like(named, 3, **{"Địa bàn": "Xã Không Có"}), "Địa bàn", "unknown_locality"),
        (like(named, 4, **{"Đơn vị xử lý": "UBND xã Vô Định"}), "Đơn vị xử lý", "unknown_unit"),
        (like(named, 5, **{"Ngày nhận đơn": "31/02/2025"}), "Ngày nhận đơn", "bad_date"),
        (
            like(received, 6, **{"Ngày nhận đơn": f"{today - timedelta(days=5):%d/%m/%Y}"}),
            "Ngày thụ lý",
            "date_order",
        ),
        (
            like(named, 7, **{"Ngày nhận đơn": f"{today + timedelta(days=3):%d/%m/%Y}"}),
            "Ngày nhận đơn",
            "future_date",
        ),
        (
            like(named, 8, **{"Họ và tên": None, "Địa chỉ": None}),
            "Họ và tên",
            "missing_petitioner",
        ),
        (like(named, 9, **{"Nội dung": "  "}), "Nội dung", "missing_value"),
        ({**good[10]}, "Số đơn", "duplicate_number"),
        (like(named, 11, **{"Số điện thoại": "12345"}), "Số điện thoại", "bad_phone"),
        (like(named, 12, **{"Số CCCD/CMND": "0011900"}), "Số CCCD/CMND", "bad_id_number"),
        (
            like(received, 13, **{"Ngày quyết định": None}),
            "Ngày quyết định",
            "missing_date",
        ),
        (like(verifying, 14, **{"Cán bộ xử lý": "nobody"}), "Cán bộ xử lý", "unknown_handler"),
        (
            like(received, 15, **{"Kết quả giải quyết": "Chưa rõ"}),
            "Kết quả giải quyết",
            "unknown_outcome",
        ),
    ]


@pytest.fixture
def register(world, tmp_path):
    """A workbook of 200 rows, 15 of them bad; return its path, rows and expected errors."""
    today = timezone.localdate()
    good = list(sample_rows(places(world), GOOD_ROWS, today=today))
    bad = bad_rows([row.cells for row in good], today)
    rows, expected = [row.cells for row in good], set()
    # Spread the bad rows through the file, each after a run of good ones.
    for index, (row, header, code) in enumerate(bad):
        position = 12 * (index + 1)
        rows.insert(position, row)
        expected.add((FIRST_ROW + position, header, code))
    path = tmp_path / "so-theo-doi-don-2025.xlsx"
    write_xlsx(path, rows)
    return path, good, expected


def run(*args) -> tuple[str, bool]:
    """Run the command; return its output and whether it exited with success."""
    out = StringIO()
    try:
        # In English, so that the assertions hold whatever the catalogue translates.
        with translation.override("en"):
            call_command("import_register", *map(str, args), stdout=out, stderr=StringIO())
    except CommandError:
        return out.getvalue(), False
    return out.getvalue(), True


def test_dry_run_reports_exactly_the_15_bad_rows_and_writes_nothing(register, db):
    path, _good, expected = register
    with path.open("rb") as stream:
        report = import_register(stream)
    assert {(error.row, error.column, error.code) for error in report.errors} == expected
    assert (report.rows_read, report.valid, report.imported) == (200, 185, 0)
    assert Case.objects.count() == 0
    assert Petition.objects.count() == 0


def test_dry_run_command_names_row_column_and_reason_and_exits_with_failure(register, db):
    path, _good, expected = register
    output, succeeded = run(path)
    assert not succeeded
    row, column, _code = min(expected)
    assert f"Row {row}, column “{column}”: Unknown field “Thủy sản hải đảo”." in output
    assert "Rows read: 200; valid: 185; imported: 0" in output
    assert "Dry run: nothing was written." in output
    assert Case.objects.count() == 0


def test_commit_imports_the_185_valid_rows_in_their_states(register, db):
    path, good, _expected = register
    output, succeeded = run(path, "--commit", "--batch-size", "50")
    assert not succeeded  # 15 rows still have errors
    assert "imported: 185; skipped as already imported: 0; with errors: 15." in output
    assert Case.objects.count() == GOOD_ROWS
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert statuses == Counter(row.status for row in good)
    kinds = Counter(Case.objects.values_list("kind", flat=True))
    assert kinds == Counter(row.kind for row in good)


def test_an_imported_case_keeps_its_dates_as_events_and_gets_its_due_dates(register, db):
    path, good, _expected = register
    run(path, "--commit")
    sample = next(row for row in good if row.status == Status.RESPONDED)
    petition = Petition.objects.select_related("case").get(external_number=sample.cells["Số đơn"])
    case = petition.case
    events = list(CaseEvent.objects.filter(case=case).order_by("sequence"))
    assert [event.action for event in events] == ["received", "accept", "resolve", "respond"]
    assert [timezone.localdate(event.created_at) for event in events] == [
        timezone.localdate(case.received_at),
        case.accepted_on,
        case.decided_on,
        case.responded_on,
    ]
    assert case.version == len(events)
    assert case.handler.username == sample.cells["Cán bộ xử lý"]
    assert case.decision_number == sample.cells["Số quyết định"]
    # The deadline engine, asked again, finds every due date already right.
    assert case.processing_due_on is not None
    assert apply_deadlines(case, compute_deadlines(case)) == []


def test_open_imported_cases_are_due_by_the_deadline_engine(register, db):
    path, _good, _expected = register
    run(path, "--commit")
    open_cases = Case.objects.filter(status__in=[Status.RECEIVED, Status.ACCEPTED])
    assert open_cases.exists()
    for case in open_cases:
        assert case.due_on is not None
        assert apply_deadlines(case, compute_deadlines(case)) == []


def cases_waiting(unit, *statuses: str, **filters) -> set[Case]:
    return set(Case.objects.filter(unit=unit, status__in=statuses, **filters))


def test_imported_open_cases_wait_in_the_queues_when_the_import_ends(register, world):
    path, _good, _expected = register
    run(path, "--commit")
    reception = {(task.case, task.flow_task.name) for task in unit_queue(world.reception)}
    leader = {(task.case, task.flow_task.name) for task in unit_queue(world.leader)}
    handlers = (world.handler, world.second_handler)
    inboxes = {(task.case, task.owner) for user in handlers for task in inbox_tasks(user)}

    received = cases_waiting(world.commune, Status.RECEIVED)
    accepted = cases_waiting(world.commune, Status.ACCEPTED)
    verifying = cases_waiting(world.commune, Status.VERIFYING)
    assert received and accepted and verifying
    assert {case for case, step in reception if step == "process_petition"} == received
    assert {case for case, step in leader if step == "assign"} == accepted
    assert inboxes == {(case, case.handler) for case in verifying}

    # The step goes on from where the register left the case.
    task = next(task for task in unit_queue(world.leader) if task.flow_task.name == "assign")
    task_complete(actor=world.leader, task=task, transition="assign", data={"handler": "handler2"})
    assert task.case in {task.case for task in inbox_tasks(world.second_handler)}


def test_sync_flows_finds_nothing_to_repair_after_an_import(register, db):
    path, _good, _expected = register
    run(path, "--commit")
    output = StringIO()
    call_command("sync_flows", "--check", stdout=output)
    call_command("sync_flows", stdout=output)
    assert "0 needed repair." in output.getvalue()


def test_a_second_run_imports_nothing_new(register, db):
    path, _good, _expected = register
    run(path, "--commit")
    events = CaseEvent.objects.count()
    output, _succeeded = run(path, "--commit")
    assert "imported: 0; skipped as already imported: 185; with errors: 15." in output
    assert Case.objects.count() == GOOD_ROWS
    assert CaseEvent.objects.count() == events


def test_a_register_number_already_imported_is_skipped_in_the_dry_run_too(world, tmp_path):
    rows = [row.cells for row in sample_rows(places(world), 5, today=timezone.localdate())]
    path = tmp_path / "so.xlsx"
    write_xlsx(path, rows)
    run(path, "--commit")
    output, succeeded = run(path)
    assert succeeded
    assert "Rows read: 5; valid: 5; imported: 0; skipped as already imported: 5" in output


def test_the_same_number_in_another_units_register_is_another_petition(world, tmp_path):
    rows = [row.cells for row in sample_rows(places(world), 3, today=timezone.localdate())]
    path = tmp_path / "so.xlsx"
    write_xlsx(path, rows)
    run(path, "--commit", "--unit", "ubnd-xa-a")
    output, _succeeded = run(path, "--commit", "--unit", "ubnd-xa-b")
    assert "imported: 3; skipped as already imported: 0" in output
    assert Petition.objects.filter(external_number=rows[0]["Số đơn"]).count() == 2


def test_a_file_without_a_required_column_names_it(world, tmp_path):
    path = tmp_path / "so.xlsx"
    headers = [header for header in HEADERS if header != "Lĩnh vực"]
    write_xlsx(path, [{"Số đơn": "1"}], headers=headers)
    output, succeeded = run(path)
    assert not succeeded
    assert "column “Field”: No column of the file is this column." in output


def test_an_unknown_unit_code_is_refused(world, tmp_path):
    path = tmp_path / "so.xlsx"
    write_xlsx(path, [])
    with translation.override("en"), pytest.raises(CommandError, match="Unknown unit"):
        call_command("import_register", str(path), "--unit", "nowhere", stdout=StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_worker_processes_import_the_same_rows_once(world, tmp_path):
    today = timezone.localdate()
    rows = [row.cells for row in sample_rows(places(world), 120, today=today)]
    path = tmp_path / "so.xlsx"
    write_xlsx(path, rows)
    output, succeeded = run(path, "--commit", "--workers", "2", "--batch-size", "10")
    assert succeeded
    assert "imported: 120; skipped as already imported: 0" in output
    assert Case.objects.count() == 120
    assert Petition.objects.values("external_number").distinct().count() == 120
    output, _succeeded = run(path, "--commit", "--workers", "2", "--batch-size", "10")
    assert "imported: 0; skipped as already imported: 120" in output
    # The workers wrote each case's flow with it.
    call_command("sync_flows", "--check", stdout=StringIO())


def test_a_row_reports_its_unknown_handler_and_outcome_together(world, tmp_path):
    today = timezone.localdate()
    row = next(
        row.cells
        for row in sample_rows(places(world), 50, today=today)
        if row.status == Status.RESPONDED
    )
    row.update({"Cán bộ xử lý": "nobody", "Kết quả giải quyết": "Chưa rõ"})
    path = tmp_path / "so.xlsx"
    write_xlsx(path, [row])
    with path.open("rb") as stream:
        report = import_register(stream)
    assert {(error.column, error.code) for error in report.errors} == {
        ("Cán bộ xử lý", "unknown_handler"),
        ("Kết quả giải quyết", "unknown_outcome"),
    }
