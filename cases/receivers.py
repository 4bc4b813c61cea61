"""Signal receivers of the cases app; each hands its work to a module that owns it."""

from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .deadlines import follow_due_soon_setting, schedule_recompute_open_cases
from .models import CalendarDay, DeadlineRule


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=DeadlineRule)
def recompute_due_dates(sender, using, **kwargs) -> None:
    """Recompute open cases' due dates once a change to the calendar or the rules commits."""
    schedule_recompute_open_cases(using=using)


@receiver(post_migrate)
def due_soon_after_migrate(sender, using, app_config=None, **kwargs) -> None:
    """Bring stored due-soon dates to the setting this process started with."""
    if app_config is not None and app_config.label == "cases":
        follow_due_soon_setting(using)


@receiver(setting_changed)
def due_soon_follows_setting(sender, setting, **kwargs) -> None:
    if setting == "DUE_SOON_WORKING_DAYS":
        follow_due_soon_setting()
