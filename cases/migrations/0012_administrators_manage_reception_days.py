"""Administrators manage the leaders' reception schedule and its legal minimum in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["receptionsession", "receptionquota"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="administrator").permissions.add(
        *Permission.objects.filter(content_type__app_label="cases", content_type__model__in=MODELS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="administrator").permissions.remove(
        *Permission.objects.filter(content_type__app_label="cases", content_type__model__in=MODELS)
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_identity_access_notices")]

    operations = [migrations.RunPython(grant, revoke)]
