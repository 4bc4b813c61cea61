from django.db import migrations


def add_sample_and_visibility_keys(apps, schema_editor):
    from search.backends import schema

    if schema_editor.connection.vendor == "postgresql":
        # The visibility keys in every document, filled with the text index set aside: updating
        # every row under it is far slower than building it again; then the partial indexes
        # of the sample that estimates counts in a large index.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {schema.TABLE}_document")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        schema.pg_fill_keys(schema.TABLE)
        schema.pg_create_indexes(schema.TABLE)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_case_readers_and_inline_title")]

    operations = [migrations.RunPython(add_sample_and_visibility_keys, migrations.RunPython.noop)]
