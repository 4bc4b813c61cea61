from django.db import migrations


def add_sample_indexes(apps, schema_editor):
    from search.backends import schema

    if schema_editor.connection.vendor == "postgresql":
        # The partial indexes of the sample that estimates counts in a large index.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        schema.pg_create_indexes(schema.TABLE)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_case_readers_and_inline_title")]

    operations = [migrations.RunPython(add_sample_indexes, migrations.RunPython.noop)]
