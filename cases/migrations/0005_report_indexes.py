"""Covering indexes for the periodic report (reports/selectors.py), on PostgreSQL only.

Each holds every column its report query reads, so that a unit's report is read from the
index alone (an index-only scan) instead of from heap pages scattered over the table.
"""

from django.db import migrations

INDEXES = {
    "case_report": (
        "cases_case (unit_id, received_at) INCLUDE (id, kind, field_id, locality_id, outcome, "
        "accepted_on, decided_on, responded_on, closed_on, processing_due_on, "
        "resolution_due_on, response_due_on)"
    ),
    "petition_report": (
        "cases_petition (received_at) INCLUDE (case_id, channel, group_size, received_by_id)"
    ),
    "case_event_report": "cases_caseevent (action, created_at) INCLUDE (case_id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_user_is_away")]

    operations = [migrations.RunPython(create, drop)]
