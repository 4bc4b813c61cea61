# The Celery app loads with Django, so shared tasks bind to it and its settings.
from .celery import app as celery_app

__all__ = ["celery_app"]
