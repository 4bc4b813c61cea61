from django.db import migrations


def recreate_fts(apps, schema_editor):
    from search.backends import schema

    # FTS5 cannot add a prefix index to a table: the table is made again and its rows copied.
    if schema_editor.connection.vendor == "sqlite":
        schema.sqlite_recreate_fts()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_case_facet_codes")]

    # Backwards the prefix index stays: the searches before it read the same table.
    operations = [migrations.RunPython(recreate_fts, migrations.RunPython.noop)]
