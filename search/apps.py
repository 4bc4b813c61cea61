from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from cases.signals import cases_changed

        from .receivers import cases_changed_receiver

        cases_changed.connect(cases_changed_receiver, dispatch_uid="search.cases_changed")
