from django.db import migrations, models


def create_match_index(apps, schema_editor):
    from search.backends import schema

    # Django rebuilt the SQLite table to add the columns, without the index it does not know.
    # PostgreSQL added them last: `search_reindex` puts them first (docs/search.md#the-row).
    if schema_editor.connection.vendor == "sqlite":
        schema.sqlite_create_indexes()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_sqlite_match_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexedcase",
            name="channel_code",
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(channel="", then=models.Value(0)), models.When(channel="in_person", then=models.Value(1)), models.When(channel="post", then=models.Value(2)), models.When(channel="email", then=models.Value(3)), models.When(channel="phone", then=models.Value(4)), models.When(channel="portal", then=models.Value(5)), models.When(channel="forwarded", then=models.Value(6)), models.When(channel="open311", then=models.Value(7))), output_field=models.SmallIntegerField(null=True)),
        ),
        migrations.AddField(
            model_name="indexedcase",
            name="kind_code",
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(kind="complaint", then=models.Value(0)), models.When(kind="denunciation", then=models.Value(1)), models.When(kind="recommendation", then=models.Value(2)), models.When(kind="feedback", then=models.Value(3))), output_field=models.SmallIntegerField(null=True)),
        ),
        migrations.AddField(
            model_name="indexedcase",
            name="status_code",
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(status="received", then=models.Value(0)), models.When(status="accepted", then=models.Value(1)), models.When(status="verifying", then=models.Value(2)), models.When(status="proposed", then=models.Value(3)), models.When(status="resolved", then=models.Value(4)), models.When(status="responded", then=models.Value(5)), models.When(status="closed", then=models.Value(6)), models.When(status="forwarded", then=models.Value(7)), models.When(status="guided", then=models.Value(8)), models.When(status="archived", then=models.Value(9)), models.When(status="withdrawn", then=models.Value(10)), models.When(status="suspended", then=models.Value(11)), models.When(status="terminated", then=models.Value(12))), output_field=models.SmallIntegerField(null=True)),
        ),
        migrations.RunPython(create_match_index, migrations.RunPython.noop),
    ]
