"""Who opens the reports: leaders and inspectors, each over the units they see.

The rule: docs/reporting.md#who-sees-reports.
"""

from cases.permissions import Role, roles_of

REPORT_ROLES = frozenset({Role.LEADER, Role.INSPECTOR})


def may_report(user) -> bool:
    return bool(roles_of(user) & REPORT_ROLES)
