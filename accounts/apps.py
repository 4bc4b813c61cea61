from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and audit trail")

    def ready(self) -> None:
        from . import receivers  # noqa: F401


class AccountsAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that signs in through the staff login."""

    default = False
    default_site = "accounts.admin_site.AdminSite"
