"""Signal receivers of the cases app; each hands its work to a module that owns it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .deadlines import schedule_recompute_open_cases
from .models import CalendarDay, DeadlineRule


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=DeadlineRule)
def recompute_due_dates(sender, using, **kwargs) -> None:
    """Recompute open cases' due dates once a change to the calendar or the rules commits."""
    schedule_recompute_open_cases(using=using)
