"""Administrators replace the documents' Word templates in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("staff")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="administrator").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="staff", content_type__model="documenttemplate"
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="administrator").permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="staff", content_type__model="documenttemplate"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_document_templates"),
        ("cases", "0003_roles_and_append_only_events"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
