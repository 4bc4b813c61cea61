"""Roles, and who may take which transition on which case (docs/roles-and-visibility.md#roles)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models.choices import Kind


class Role(models.TextChoices):
    """Each role is a Django group of the same name, created by a migration."""

    RECEPTION = "reception", _("Reception officer")
    HANDLER = "handler", _("Handler")
    LEADER = "leader", _("Leader")
    INSPECTOR = "inspector", _("Inspector")
    ADMINISTRATOR = "administrator", _("Administrator")


def roles_of(user) -> frozenset[str]:
    """Return the user's roles, read once per user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_tiepdan_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) & set(Role.values)
        user._tiepdan_roles = cached
    return cached


def has_role(user, role: Role) -> bool:
    return role in roles_of(user)


def may_register_petitions(user) -> bool:
    return bool(roles_of(user) & {Role.RECEPTION, Role.LEADER})


def may_report(user) -> bool:
    """Leaders and inspectors see the reports, each over the units they see.

    docs/reporting.md#who-sees-reports
    """
    return bool(roles_of(user) & {Role.LEADER, Role.INSPECTOR})


def may_import_registers(user) -> bool:
    """Administrators import the registers agencies kept in Excel or CSV."""
    return has_role(user, Role.ADMINISTRATOR)


def reception_units_of(user) -> tuple[int, ...]:
    """The units whose reception sessions a reception officer organises.

    Their own unit, and when that unit is a citizen reception office (Ban Tiếp công dân),
    the unit directly above it, whose leaders' sessions the office organises. A reception
    desk of a commune or a department organises nobody else's.
    """
    if Role.RECEPTION not in roles_of(user) or user.unit_id is None:
        return ()
    unit = user.unit
    if unit.kind == unit.Kind.RECEPTION_OFFICE and unit.parent_id:
        return (unit.pk, unit.parent_id)
    return (unit.pk,)


def may_schedule_reception(user, unit) -> bool:
    """Who keeps a unit's schedule of leaders' reception sessions: its leaders (and those
    above it), and the reception officers who organise its sessions (`reception_units_of`)."""
    if user.unit_id is None:
        return False
    if Role.LEADER in roles_of(user) and unit.path.startswith(user.unit.path):
        return True
    return unit.pk in reception_units_of(user)


def may_preside_reception(user, unit) -> bool:
    """A leader of the unit, or of a unit above it, presides over its reception sessions."""
    return (
        has_role(user, Role.LEADER)
        and user.is_active
        and user.unit_id is not None
        and unit.path.startswith(user.unit.path)
    )


def _in_unit_tree(user, case) -> bool:
    return user.unit_id is not None and case.unit.path.startswith(user.unit.path)


# Transition predicates: each takes (case, user), as django-fsm and the flows call them.


def leader(case, user) -> bool:
    """A leader of the case's unit or of a unit above it."""
    return has_role(user, Role.LEADER) and _in_unit_tree(user, case)


def reception(case, user) -> bool:
    """A reception officer of the case's unit."""
    return has_role(user, Role.RECEPTION) and user.unit_id == case.unit_id


def assigned_handler(case, user) -> bool:
    """The handler the case is assigned to."""
    return has_role(user, Role.HANDLER) and case.handler_id == user.pk


def reception_or_leader(case, user) -> bool:
    return reception(case, user) or leader(case, user)


def assigned_handler_or_reception(case, user) -> bool:
    return assigned_handler(case, user) or reception(case, user)


def may_publish(case, user) -> bool:
    """Who decides what the public reads of a recommendation or feedback: those acting on it."""
    return assigned_handler(case, user) or reception_or_leader(case, user)


def may_record_withdrawal(case, user) -> bool:
    # For a denunciation the leader decides whether handling goes on (Luật Tố cáo 2018, Điều 33).
    if case.kind == Kind.DENUNCIATION:
        return leader(case, user)
    return reception_or_leader(case, user)


def may_see_identity(case, petition, user) -> bool:
    """Whether the user may see who sent this petition.

    A denouncer is visible only to the officer who received the petition, the assigned
    handler and a leader of the resolving unit itself; other petitioners to whoever may
    open the case (docs/denouncer-protection.md#who-may-see-a-denouncer).
    """
    if case.kind != Kind.DENUNCIATION:
        return True
    return (
        (petition.received_by_id is not None and petition.received_by_id == user.pk)
        or assigned_handler(case, user)
        or _leader_of_resolving_unit(case, user)
    )


def _leader_of_resolving_unit(case, user) -> bool:
    return has_role(user, Role.LEADER) and user.unit_id == case.unit_id


def may_see_identity_accesses(case, user) -> bool:
    """Who saw a denouncer's identity is shown to the leader of the resolving unit."""
    return _leader_of_resolving_unit(case, user)


def may_prepare_verification_file(case, user) -> bool:
    """The file for verifiers, identity removed: a leader over the case or its handler."""
    return leader(case, user) or assigned_handler(case, user)
