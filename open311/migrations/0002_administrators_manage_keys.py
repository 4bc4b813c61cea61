"""Administrators issue, rename and revoke the apps' keys in the admin (no one deletes one)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_apikey", "change_apikey", "view_apikey"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the grant needs them now.
    app_config = apps.get_app_config("open311")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator, _created = Group.objects.get_or_create(name="administrator")
    administrator.permissions.add(
        *Permission.objects.filter(content_type__app_label="open311", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="administrator"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="open311", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("open311", "0001_api_keys_and_submissions"),
        ("cases", "0003_roles_and_append_only_events"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
