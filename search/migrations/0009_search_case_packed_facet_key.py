import django.db.models.expressions
from django.db import migrations, models


def create_match_index(apps, schema_editor):
    from search.backends import schema

    # Django rebuilt the SQLite table to change the columns, without the index it does not
    # know. PostgreSQL added the key last: `search_reindex` puts it first
    # (docs/search.md#the-row).
    if schema_editor.connection.vendor == "sqlite":
        schema.sqlite_create_indexes()


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0008_search_case_title_apart"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="indexedcase",
            name="channel_code",
        ),
        migrations.RemoveField(
            model_name="indexedcase",
            name="kind_code",
        ),
        migrations.RemoveField(
            model_name="indexedcase",
            name="status_code",
        ),
        migrations.AddField(
            model_name="indexedcase",
            name="facet_key",
            field=models.GeneratedField(db_persist=True, expression=django.db.models.expressions.RawSQL("(((year * 16 + CASE kind WHEN 'complaint' THEN 0 WHEN 'denunciation' THEN 1 WHEN 'recommendation' THEN 2 WHEN 'feedback' THEN 3 ELSE 15 END) * 16 + CASE status WHEN 'received' THEN 0 WHEN 'accepted' THEN 1 WHEN 'verifying' THEN 2 WHEN 'proposed' THEN 3 WHEN 'resolved' THEN 4 WHEN 'responded' THEN 5 WHEN 'closed' THEN 6 WHEN 'forwarded' THEN 7 WHEN 'guided' THEN 8 WHEN 'archived' THEN 9 WHEN 'withdrawn' THEN 10 WHEN 'suspended' THEN 11 WHEN 'terminated' THEN 12 ELSE 15 END) * 16 + CASE channel WHEN '' THEN 0 WHEN 'in_person' THEN 1 WHEN 'post' THEN 2 WHEN 'email' THEN 3 WHEN 'phone' THEN 4 WHEN 'portal' THEN 5 WHEN 'forwarded' THEN 6 WHEN 'open311' THEN 7 ELSE 15 END)", []), output_field=models.IntegerField()),
        ),
        migrations.RunPython(create_match_index, migrations.RunPython.noop),
    ]
