from django.db import migrations


def recreate_match_index(apps, schema_editor):
    from search.backends import schema

    # The index keeps the facet key the searches group by: made again as it is now defined.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema.SQLITE_MATCH_INDEX}")
        schema.sqlite_create_indexes()


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_fts_prefix_index")]

    # Backwards the index stays as it is: the searches before it would compute the old key.
    operations = [migrations.RunPython(recreate_match_index, migrations.RunPython.noop)]
