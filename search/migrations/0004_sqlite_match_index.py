from django.db import migrations


def create_match_index(apps, schema_editor):
    from search.backends import schema

    # PostgreSQL finds a match's columns in the row it already reads (docs/search.md). Django
    # rebuilds a SQLite table to alter it and keeps only the indexes it knows: a migration
    # that alters search_case must create this one again (searches name it, and fail without).
    if schema_editor.connection.vendor == "sqlite":
        schema.sqlite_create_indexes()


def drop_match_index(apps, schema_editor):
    from search.backends import schema

    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema.SQLITE_MATCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_case_sample_and_visibility_keys")]

    operations = [migrations.RunPython(create_match_index, drop_match_index)]
