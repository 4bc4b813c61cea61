"""Which app is asking, and how often: the one place Open311 counts requests.

Counted by the public surface's limiter (`common.limits`): a request with a valid key
against that key's own rate, anything else against OPEN311_RATE, both per client address.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from common.limits import hit, limited_message

from .errors import Open311Error
from .models import ApiKey
from .selectors import key_find


def admit(request, *, key_required: bool) -> ApiKey | None:
    """Return the request's key, or raise 429 past its rate, or 403 for a missing or bad key."""
    arguments = request.POST if request.method == "POST" else request.GET
    text = arguments.get("api_key", "").strip()
    api_key = key_find(text) if text else None
    if api_key is not None and api_key.is_active:
        verdict = hit(request, scope=f"open311-key-{api_key.pk}", rate=api_key.rate)
    else:
        verdict = hit(request, scope="open311", rate=settings.OPEN311_RATE)
    if verdict.limited:
        raise Open311Error(
            429, limited_message(verdict.retry_after), retry_after=verdict.retry_after
        )
    if api_key is not None and not api_key.is_active:
        raise Open311Error(403, _("This api_key has been revoked."))
    if text and api_key is None:
        raise Open311Error(403, _("Invalid api_key received."))
    if key_required and api_key is None:
        raise Open311Error(403, _("An api_key is required to send a request."))
    return api_key
