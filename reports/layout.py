"""What the report shows, in order, with its labels: one list for the page, Excel and PDF."""

from django.utils.translation import gettext_lazy as _

# (attribute of PeriodicReport, label); indented rows are parts of the row above.
SECTIONS = [
    (
        _("Petitions received"),
        [
            ("received", _("Petitions received")),
            ("group_petitions", _("of which group petitions (5 people or more)")),
            ("forwarded_in", _("of which forwarded by another unit of this system")),
        ],
    ),
    (
        _("Petition processing"),
        [
            ("accepted", _("Accepted")),
            ("forwarded", _("Forwarded")),
            (
                "forwarded_within",
                _("Forwarded between the units of this report (counted once, where received)"),
            ),
            ("guided", _("Guided")),
            ("archived", _("Archived")),
            ("withdrawn", _("Withdrawn")),
        ],
    ),
    (
        _("Resolution"),
        [
            ("resolved", _("Decided")),
            ("resolved_on_time", _("of which on time")),
            ("resolved_overdue", _("of which late")),
            ("open_at_end", _("Still open at the end of the period")),
            ("open_overdue_at_end", _("of which overdue")),
        ],
    ),
    (
        _("Reception book"),
        [
            ("reception_visits", _("Reception visits")),
            ("reception_visitors", _("People received")),
            ("reception_groups", _("Group visits")),
        ],
    ),
]

# (attribute, title, heading of the first column)
BREAKDOWNS = [
    ("by_kind", _("Received by kind"), _("Kind")),
    ("by_channel", _("Received by channel"), _("Channel")),
    ("by_field", _("Received by field"), _("Field")),
    ("by_outcome", _("Decided by outcome"), _("Outcome")),
]


def summary_rows(report) -> list[tuple[str, str, int]]:
    """Return (attribute, label, value) for every figure of the summary, in order."""
    return [
        (name, str(label), getattr(report, name))
        for _title, rows in SECTIONS
        for name, label in rows
    ]


# The table of forwarding by unit: (attribute of UnitForwarding, heading).
FORWARDING_COLUMNS = [
    ("forwarded_in", _("Cases forwarded in by other units")),
    ("forwarded_to_units", _("Cases forwarded to units of this system")),
    ("forwarded_to_agencies", _("Cases forwarded to other agencies")),
]


def reception_days_rows(report) -> list[dict]:
    """Return each unit's reception days against its legal minimum, as the exports write them."""
    return [
        {
            "unit": line.unit.name,
            "minimum": f"{line.quota.sessions} / {line.quota.get_per_display()} "
            f"({line.quota.citation})",
            "held": line.held,
            "held_by_head": line.held_by_head,
            "required": line.required,
            "short": line.short,
        }
        for line in report.reception_days
    ]


RECEPTION_DAYS_COLUMNS = [
    ("unit", _("Unit")),
    ("minimum", _("Legal minimum")),
    ("held", _("Sessions held")),
    ("held_by_head", _("held by the head")),
    ("required", _("required by the minimum")),
    ("short", _("weeks or months short")),
]
