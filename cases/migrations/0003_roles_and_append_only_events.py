from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["reception", "handler", "leader", "inspector", "administrator"]
# What administrators manage in the admin: configuration and people, not case content.
ADMINISTERED_MODELS = [
    "unit",
    "locality",
    "field",
    "user",
    "inspectiongrant",
    "calendarday",
    "deadlinerule",
]

FORBID_CHANGES = """
CREATE OR REPLACE FUNCTION cases_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_caseevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_caseevent_append_only
    BEFORE UPDATE OR DELETE ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION cases_event_append_only();
"""
ALLOW_CHANGES = """
DROP TRIGGER IF EXISTS cases_caseevent_append_only ON cases_caseevent;
DROP FUNCTION IF EXISTS cases_event_append_only();
"""


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the administrator group needs them now.
    app_config = apps.get_app_config("cases")
    app_config.models_module = True  # the migration state's stub lacks it; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    administrator = Group.objects.get(name="administrator")
    administrator.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="cases", content_type__model__in=ADMINISTERED_MODELS
        )
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


def forbid_event_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID_CHANGES)


def allow_event_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_CHANGES)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_default_deadline_rules"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(forbid_event_changes, allow_event_changes),
    ]
