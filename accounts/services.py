"""Writes of the accounts app: the audit trail, sign-in sessions and the second factor."""

import contextvars

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.permissions import Role, roles_of
from common.client import client_address
from common.limits import too_many_requests

from .models import AuditAction, AuditEntry

# The request being served, so receivers of model signals know who acted and from where.
_current_request: contextvars.ContextVar = contextvars.ContextVar("request", default=None)

LOGIN_AT = "accounts_login_at"
SEEN_AT = "accounts_seen_at"
# The idle clock is written at most this often: one session save a minute, not per request.
SEEN_RESOLUTION = 60
PENDING_LOGIN_SECONDS = 300


def current_request():
    return _current_request.get()


def serving(request) -> contextvars.Token:
    """Mark `request` as the one being served; hand the token back to `served` at the end."""
    return _current_request.set(request)


def served(token: contextvars.Token) -> None:
    _current_request.reset(token)


def audit_record(*, actor, action, target="", request=None, details=None) -> AuditEntry:
    """Add one entry to the audit trail, with the client's address when a request is known.

    `actor` is a user or None (an unknown client); without `request`, the request being
    served, if any, gives the address. `details` must hold no personal data of petitioners.
    """
    request = request if request is not None else current_request()
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=AuditAction(action),
        target=str(target)[:255],
        client_ip=client_address(request) if request is not None else None,
        details=details or {},
    )


def acting_user():
    """The signed-in user of the request being served, or None (a command, a worker)."""
    request = current_request()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def session_started(request) -> None:
    """Start the absolute and idle clocks of a new sign-in session."""
    now = int(timezone.now().timestamp())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def session_expire_if_over(request) -> bool:
    """Sign the user out if the session is older than its maximum age or idle too long.

    Return whether it was ended.
    """
    now = int(timezone.now().timestamp())
    login_at = request.session.get(LOGIN_AT, now)
    seen_at = request.session.get(SEEN_AT, now)
    idle_limit = settings.SESSION_IDLE_TIMEOUT
    if now - login_at > settings.SESSION_COOKIE_AGE or (idle_limit and now - seen_at > idle_limit):
        logout(request)
        return True
    if now - seen_at >= SEEN_RESOLUTION:
        request.session[SEEN_AT] = now
    return False


def otp_required(user) -> bool:
    """Whether the user's roles must sign in with a second factor (OTP_REQUIRED_ROLES)."""
    return bool(roles_of(user) & set(settings.OTP_REQUIRED_ROLES))


def may_enrol_otp(user) -> bool:
    return (
        user.is_superuser
        or bool(roles_of(user) & {Role.LEADER, Role.ADMINISTRATOR})
        or otp_required(user)
    )


def totp_device(user) -> TOTPDevice | None:
    """Return the user's confirmed authenticator, if they enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_enrolment_device(user) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, made on first use, with a fresh key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="tiepdan", confirmed=False)


def totp_verify(device: TOTPDevice, token: str) -> bool:
    """Check a code from the device; django-otp refuses a replayed code and slows guessing."""
    token = (token or "").strip().replace(" ", "")
    return token.isdigit() and device.verify_token(token)


@transaction.atomic
def totp_enrol(*, request, device: TOTPDevice, token: str) -> str | None:
    """Confirm the enrolment with a first code; return the error, or None once enrolled.

    The session counts as verified at once, so a mandatory enrolment lets the user in.
    """
    if not totp_verify(device, token):
        return _("The code is wrong or has expired; enter the code the app shows now.")
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return None


def totp_remove(*, device: TOTPDevice, token: str) -> str | None:
    """Remove the authenticator after a last code from it; return the error, or None."""
    if not totp_verify(device, token):
        return _("The code is wrong or has expired; enter the code the app shows now.")
    device.delete()
    return None


def second_factor_refusal(user, token: str) -> str | None:
    """For a sign-in in one step (the API): return why the second factor fails, or None."""
    device = totp_device(user)
    if device is None:
        if otp_required(user):
            return _("Your role must sign in with an authenticator app: enrol on the staff pages.")
        return None
    if not token:
        return _("Enter the code from your authenticator app.")
    if not totp_verify(device, token):
        return _("The code is wrong or has expired; enter the code the app shows now.")
    return None


def lockout_message() -> str:
    """Return what a client locked out after repeated failed sign-ins reads."""
    minutes = int(get_cool_off().total_seconds() // 60)
    return _(
        "Too many failed sign-ins: this account is locked from this address for %(minutes)d "
        "minutes. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_api_response() -> JsonResponse:
    """Return the API's answer to a locked-out client: 429 with the message and Retry-After."""
    response = JsonResponse({"detail": lockout_message(), "code": "locked_out"})
    return too_many_requests(response, retry_after=int(get_cool_off().total_seconds()))


def pending_login_expired(started: float) -> bool:
    """A password accepted more than five minutes ago no longer stands for the code step."""
    return timezone.now().timestamp() - started > PENDING_LOGIN_SECONDS
