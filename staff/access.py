"""Which staff screens each role opens; the cases themselves are guarded by `cases_visible_to`."""

from functools import partial

from cases.permissions import Role, roles_of
from common.access import requires

# Each screen, with the roles it serves (docs/roles-and-visibility.md#screens-by-role).
DESK_ROLES = frozenset({Role.RECEPTION, Role.LEADER})
BOOK_ROLES = frozenset({Role.RECEPTION, Role.LEADER, Role.INSPECTOR})
DASHBOARD_ROLES = frozenset({Role.LEADER, Role.INSPECTOR})
CASE_ROLES = frozenset({Role.RECEPTION, Role.HANDLER, Role.LEADER, Role.INSPECTOR})
# "Đơn đã chuyển": the forwarding unit's leaders follow up; inspectors read it.
FORWARDED_ROLES = frozenset({Role.LEADER, Role.INSPECTOR})
# The leaders' reception schedule: kept by reception officers and leaders, read by inspectors.
SESSION_ROLES = frozenset({Role.RECEPTION, Role.LEADER, Role.INSPECTOR})


def may_open(user, screen_roles) -> bool:
    return bool(roles_of(user) & screen_roles)


def roles_required(screen_roles):
    """Let signed-in users with one of the roles through; others get 403."""
    return requires(partial(may_open, screen_roles=screen_roles))


def home_for(user) -> str:
    """Return the name of the screen a user starts on after signing in."""
    roles = roles_of(user)
    if Role.RECEPTION in roles:
        return "staff:desk"
    if Role.HANDLER in roles or Role.LEADER in roles:
        return "staff:inbox"
    if Role.INSPECTOR in roles:
        return "staff:dashboard"
    return "staff:no_role"
