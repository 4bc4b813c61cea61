from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    LOCKOUT = "lockout", _("Locked out after failed sign-ins")
    GROUPS_CHANGED = "groups_changed", _("Roles changed")
    PERMISSIONS_CHANGED = "permissions_changed", _("Permissions changed")
    UNIT_CHANGED = "unit_changed", _("Unit changed")
    ACTIVE_CHANGED = "active_changed", _("Account enabled or disabled")
    PRIVILEGES_CHANGED = "privileges_changed", _("Administrator rights changed")
    CASE_PERMISSION_GRANTED = "case_permission_granted", _("Case permission granted")
    CASE_PERMISSION_REVOKED = "case_permission_revoked", _("Case permission revoked")
    INSPECTION_GRANTED = "inspection_granted", _("Inspection granted")
    INSPECTION_REVOKED = "inspection_revoked", _("Inspection revoked")
    TOTP_ENROLLED = "totp_enrolled", _("Authenticator app enrolled")
    TOTP_REMOVED = "totp_removed", _("Authenticator app removed")
    EXPORT = "export", _("Export")
    REGISTER_IMPORTED = "register_imported", _("Register imported")
    API_KEY_ISSUED = "api_key_issued", _("Open311 API key issued")
    API_KEY_REVOKED = "api_key_revoked", _("Open311 API key revoked")


class AuditEntry(models.Model):
    """One security-relevant act: who, when, from where, on what. Never a petitioner's data."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The username at the time: the entry keeps its meaning after the account is renamed or gone.
    actor_name = models.CharField(_("actor's username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    target = models.CharField(_("target"), max_length=255, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "-at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"
