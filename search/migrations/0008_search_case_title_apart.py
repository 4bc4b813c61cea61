from django.db import migrations, models


def move_titles(apps, schema_editor):
    from search.backends import schema

    # The subject lines move to a table of their own (docs/search.md#the-row); the column,
    # and its old typo index with it, goes next.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            schema.pg_create_title_table(cursor, schema.TABLE)
            cursor.execute(
                f"INSERT INTO {schema.TITLE_TABLE} (case_id, version, title)"
                f" SELECT case_id, version, title FROM {schema.TABLE} ON CONFLICT DO NOTHING"
            )


def _title_column() -> models.Field:
    field = models.TextField(default="")
    field.set_attributes_from_name("title")
    return field


def drop_title_column(apps, schema_editor):
    model = apps.get_model("search", "IndexedCase")
    schema_editor.remove_field(model, model._meta.get_field("title"))


def restore_title_column(apps, schema_editor):
    from search.backends import schema

    # Backwards: the column again, filled from the table of subject lines where there is one.
    schema_editor.add_field(apps.get_model("search", "IndexedCase"), _title_column())
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {schema.TABLE} s SET title = t.title FROM {schema.TITLE_TABLE} t"
                " WHERE t.case_id = s.case_id"
            )


def create_indexes(apps, schema_editor):
    from search.backends import schema

    if schema_editor.connection.vendor == "postgresql":
        schema.pg_create_indexes(schema.TABLE)
    else:
        # Django rebuilt the SQLite table to drop the column, without the index it does not know.
        schema.sqlite_create_indexes()


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sqlite_packed_facet_key")]

    operations = [
        migrations.RunPython(move_titles, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="indexedcase", name="title")],
            database_operations=[migrations.RunPython(drop_title_column, restore_title_column)],
        ),
        migrations.RunPython(create_indexes, migrations.RunPython.noop),
    ]
