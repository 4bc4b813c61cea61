from django.db import migrations


def add_readers(apps, schema_editor):
    from search.backends import schema

    if schema_editor.connection.vendor == "postgresql":
        # The readers column and its index; the narrow columns kept in line from now on
        # (every row after search_reindex).
        schema.pg_create_indexes(schema.TABLE)
        # Filled with the text indexes set aside: updating every row under them is far slower
        # than building them again.
        with schema_editor.connection.cursor() as cursor:
            for name in ("document", "title_trgm"):
                cursor.execute(f"DROP INDEX {schema.TABLE}_{name}")
        schema.pg_fill_readers(schema.TABLE)
        schema.pg_create_indexes(schema.TABLE)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_table_and_outbox"), ("cases", "0001_initial")]

    operations = [migrations.RunPython(add_readers, migrations.RunPython.noop)]
