from django.db import migrations


def add_readers(apps, schema_editor):
    from search.backends import schema

    if schema_editor.connection.vendor == "postgresql":
        schema.pg_create_indexes(schema.TABLE)
        schema.pg_fill_readers(schema.TABLE)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ALTER INDEX {schema.TABLE}_document SET (fastupdate = off)")
            # Rows written from now on keep their subject line in line (search_reindex: all).
            cursor.execute(f"ALTER TABLE {schema.TABLE} ALTER COLUMN title SET STORAGE MAIN")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_table_and_outbox"), ("cases", "0001_initial")]

    operations = [migrations.RunPython(add_readers, migrations.RunPython.noop)]
