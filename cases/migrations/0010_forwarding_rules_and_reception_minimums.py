"""Load the time limits of forwarding and follow-up, and the legal minimum of reception days.

docs/time-limits.md#default-limits and docs/reception-book.md#leaders-reception-days;
administrators edit them as the law or the agency's rules change.
"""

import datetime

from django.db import migrations

TO_CAO_2018 = datetime.date(2019, 1, 1)
TIEP_CONG_DAN_2013 = datetime.date(2014, 7, 1)
# The agency's own rule for chasing a forwarded petition (theo dõi, đôn đốc).
FOLLOW_UP_CITATION = "Quy chế của cơ quan (theo dõi, đôn đốc đơn đã chuyển)"

RULE_DEFAULTS = {
    "second_time": None,
    "complexity": "",
    "remote_area": None,
    "max_extensions": 0,
    "max_extension_days": 0,
    "effective_to": None,
}


def default_rules():
    forwarding = [
        # Điều 24: a denunciation outside our competence goes to the competent body within
        # 5 working days of receipt, and the denouncer is told.
        dict(
            kind="denunciation",
            step="forwarding",
            days=5,
            day_count="working",
            anchor="received",
            effective_from=TO_CAO_2018,
            citation="Luật Tố cáo 2018, Điều 24",
        )
    ]
    # Long enough for the receiving unit's processing and resolution limits to run.
    follow_up = [
        dict(kind=kind, days=days, day_count=day_count)
        for kind, days, day_count in (
            ("complaint", 45, "calendar"),
            ("denunciation", 45, "calendar"),
            ("recommendation", 25, "working"),
            ("feedback", 25, "working"),
        )
    ]
    follow_up = [
        {
            **rule,
            "step": "follow_up",
            "anchor": "report_requested",
            "effective_from": TIEP_CONG_DAN_2013,
            "citation": FOLLOW_UP_CITATION,
        }
        for rule in follow_up
    ]
    return [{**RULE_DEFAULTS, **rule} for rule in forwarding + follow_up]


def default_quotas():
    return [
        dict(
            unit_level="province",
            unit_kind="peoples_committee",
            sessions=1,
            per="month",
            effective_from=TIEP_CONG_DAN_2013,
            citation="Luật Tiếp công dân 2013, Điều 12",
        ),
        dict(
            unit_level="commune",
            unit_kind="peoples_committee",
            sessions=1,
            per="week",
            effective_from=TIEP_CONG_DAN_2013,
            citation="Luật Tiếp công dân 2013, Điều 15",
        ),
    ]


RULE_KEY = ("kind", "step", "second_time", "complexity", "remote_area", "effective_from")
QUOTA_KEY = ("unit_level", "unit_kind", "effective_from")


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    ReceptionQuota = apps.get_model("cases", "ReceptionQuota")
    DeadlineRule.objects.bulk_create(DeadlineRule(**rule) for rule in default_rules())
    ReceptionQuota.objects.bulk_create(ReceptionQuota(**quota) for quota in default_quotas())


def unload(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    ReceptionQuota = apps.get_model("cases", "ReceptionQuota")
    for rule in default_rules():
        DeadlineRule.objects.filter(**{field: rule[field] for field in RULE_KEY}).delete()
    for quota in default_quotas():
        ReceptionQuota.objects.filter(**{field: quota[field] for field in QUOTA_KEY}).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_forwarding_follow_up_reception_sessions")]

    operations = [migrations.RunPython(load, unload)]
