"""Signal receivers of the Open311 app."""

from django.dispatch import receiver

from cases.signals import demo_seeded

from .models import ApiKey
from .selectors import key_find
from .services import api_key_issue

# Listed in the README beside the demo logins; it exists only in demo data.
DEMO_KEY = "tiepdan-demo-open311"


@receiver(demo_seeded)
def add_demo_key(sender, **kwargs) -> str:
    """Give the demo an Open311 key, once; return the line seed_demo prints."""
    if key_find(DEMO_KEY) is None:
        api_key_issue(actor=None, api_key=ApiKey(name="Demo Open311 app"), key=DEMO_KEY)
    return f"Open311 API key: {DEMO_KEY}"
