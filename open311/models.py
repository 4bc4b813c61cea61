"""Client apps' keys, and each request an app posted (docs/open311.md)."""

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# django-ratelimit's rates: a count per second, minute, hour or day ("60/min", "1000/h").
RATE = RegexValidator(
    re.compile(r"^[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)$"),
    _("Write a rate as a number per unit, e.g. 60/min, 1000/hour or 10000/day."),
)


class ApiKey(models.Model):
    """The key one client app sends as `api_key`; only a digest of it is stored."""

    name = models.CharField(_("client app"), max_length=200)
    contact = models.CharField(
        _("contact"),
        max_length=255,
        blank=True,
        help_text=_("Who runs the app: a person, an email address or a phone number."),
    )
    prefix = models.CharField(_("begins with"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    rate = models.CharField(
        _("rate limit"),
        max_length=20,
        default="60/min",
        validators=[RATE],
        help_text=_("Requests this app may make from one address, e.g. 60/min or 1000/hour."),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Submission(models.Model):
    """One request an app posted: the petition it became, or the token it waits behind.

    A queued submission keeps what was posted in `pending` (and its photos in the media
    storage) until a worker registers it; both are emptied then.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("API key"), on_delete=models.PROTECT, related_name="submissions"
    )
    received_at = models.DateTimeField(_("received at"))
    petition = models.OneToOneField(
        "cases.Petition",
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="open311_submission",
    )
    pending = models.JSONField(null=True, blank=True, editable=False)
    # Why a queued submission could not be registered, as the token's answer says it.
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(petition__isnull=True) | models.Q(pending__isnull=True),
                name="open311_submission_registered_or_pending",
            )
        ]

    def __str__(self) -> str:
        return self.token
