from django.db import migrations


def create_vocabulary(apps, schema_editor):
    from search.backends import schema

    # The words a word being typed may complete to (docs/search.md#the-vocabulary), from every
    # document indexed so far; written documents add theirs from now on.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            schema.pg_create_word_table(cursor)
        schema.pg_add_words(schema.TABLE)


def drop_vocabulary(apps, schema_editor):
    from search.backends import schema

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {schema.WORD_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("search", "0009_search_case_packed_facet_key")]

    operations = [migrations.RunPython(create_vocabulary, drop_vocabulary)]
