"""Audit entries for what other apps do: each receiver hands over to `audit_record`.

cases/ knows nothing of this app: its object permissions and inspection grants are
recorded here from Django's model signals.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import CaseUserObjectPermission, InspectionGrant, User

from .models import AuditAction
from .services import acting_user, audit_record, session_started

# Fields of a user whose change is a change of what the account may do.
WATCHED_FIELDS = {
    "unit_id": AuditAction.UNIT_CHANGED,
    "is_active": AuditAction.ACTIVE_CHANGED,
    "is_staff": AuditAction.PRIVILEGES_CHANGED,
    "is_superuser": AuditAction.PRIVILEGES_CHANGED,
}


def _via(request) -> str:
    path = getattr(request, "path", "") or ""
    return "api" if path.startswith("/api/") else "staff"


@receiver(user_logged_in)
def login_recorded(sender, request, user, **kwargs) -> None:
    session_started(request)
    audit_record(actor=user, action=AuditAction.LOGIN, target=user.get_username(), request=request)


@receiver(user_login_failed)
def login_failure_recorded(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the username is kept.
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        target=credentials.get("username", ""),
        request=request,
        details={"via": _via(request)},
    )


@receiver(user_logged_out)
def logout_recorded(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(
            actor=user, action=AuditAction.LOGOUT, target=user.get_username(), request=request
        )


@receiver(user_locked_out)
def lockout_recorded(sender, request, username, ip_address, **kwargs) -> None:
    audit_record(
        actor=None,
        action=AuditAction.LOCKOUT,
        target=username or "",
        request=request,
        details={"via": _via(request)},
    )


@receiver(pre_save, sender=User)
def user_change_recorded(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & {
        name.removesuffix("_id") for name in WATCHED_FIELDS
    }:
        return  # e.g. last_login on every sign-in: nothing to compare
    before = User.objects.filter(pk=instance.pk).values(*WATCHED_FIELDS).first()
    if before is None:
        return
    for field, action in WATCHED_FIELDS.items():
        if before[field] != getattr(instance, field):
            audit_record(
                actor=acting_user(),
                action=action,
                target=instance.get_username(),
                details={"field": field, "from": before[field], "to": getattr(instance, field)},
            )


@receiver(m2m_changed, sender=User.groups.through)
def groups_change_recorded(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    _membership_change_recorded(
        instance, action, reverse, model, pk_set, AuditAction.GROUPS_CHANGED, "groups"
    )


@receiver(m2m_changed, sender=User.user_permissions.through)
def permissions_change_recorded(sender, instance, action, reverse, model, pk_set, **kwargs):
    _membership_change_recorded(
        instance,
        action,
        reverse,
        model,
        pk_set,
        AuditAction.PERMISSIONS_CHANGED,
        "user_permissions",
    )


def _membership_change_recorded(instance, action, reverse, model, pk_set, audit_action, field):
    """One entry per user whose roles or permissions changed, from either side of the relation."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    # A clear empties the set without naming its members: they are read before it.
    clearing = action == "pre_clear"
    if reverse:
        users = instance.user_set.all() if clearing else User.objects.filter(pk__in=pk_set)
        changes = [(user.get_username(), [str(instance)]) for user in users]
    else:
        items = getattr(instance, field).all() if clearing else model.objects.filter(pk__in=pk_set)
        changes = [(instance.get_username(), sorted(str(item) for item in items))]
    key = "added" if action == "post_add" else "removed"
    for username, names in changes:
        if names:
            audit_record(
                actor=acting_user(), action=audit_action, target=username, details={key: names}
            )


@receiver(post_save, sender=CaseUserObjectPermission)
@receiver(post_delete, sender=CaseUserObjectPermission)
def case_permission_recorded(sender, instance, created=None, **kwargs) -> None:
    """guardian's assign_perm and remove_perm, as cases.services calls them on (re)assignment."""
    if created is False:
        return  # a grant that existed already
    audit_record(
        actor=acting_user(),
        action=AuditAction.CASE_PERMISSION_GRANTED
        if created
        else AuditAction.CASE_PERMISSION_REVOKED,
        target=instance.content_object.reference,
        details={"user": instance.user.get_username(), "permission": instance.permission.codename},
    )


@receiver(post_save, sender=InspectionGrant)
@receiver(post_delete, sender=InspectionGrant)
def inspection_grant_recorded(sender, instance, created=None, **kwargs) -> None:
    if created is False:
        return
    audit_record(
        actor=acting_user(),
        action=AuditAction.INSPECTION_GRANTED if created else AuditAction.INSPECTION_REVOKED,
        target=instance.inspector.get_username(),
        details={"unit": instance.unit.code},
    )


@receiver(pre_save, sender=TOTPDevice)
def totp_confirmation_noted(sender, instance, raw=False, **kwargs) -> None:
    # Each code checked saves the device too; only the step to confirmed is an enrolment.
    instance._audit_was_confirmed = (
        not raw
        and instance.pk is not None
        and TOTPDevice.objects.filter(pk=instance.pk, confirmed=True).exists()
    )


@receiver(post_save, sender=TOTPDevice)
def totp_enrolment_recorded(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.confirmed and not instance._audit_was_confirmed:
        audit_record(
            actor=acting_user(),
            action=AuditAction.TOTP_ENROLLED,
            target=instance.user.get_username(),
        )


@receiver(post_delete, sender=TOTPDevice)
def totp_removal_recorded(sender, instance, **kwargs) -> None:
    if instance.confirmed:
        audit_record(
            actor=acting_user(),
            action=AuditAction.TOTP_REMOVED,
            target=instance.user.get_username(),
        )
