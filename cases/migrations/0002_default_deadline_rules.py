"""Load the default time limits of docs/time-limits.md#default-limits; administrators edit them as the law changes."""

import datetime

from django.db import migrations

KHIEU_NAI_2011 = datetime.date(2012, 7, 1)
TO_CAO_2018 = datetime.date(2019, 1, 1)
TIEP_CONG_DAN_2013 = datetime.date(2014, 7, 1)

CALENDAR, WORKING = "calendar", "working"
RECEIVED, ACCEPTED, DECIDED = "received", "accepted", "decided"
COMPLEX_LEVELS = ("complex", "very_complex")


def processing_rules():
    return [
        dict(
            kind="complaint",
            days=10,
            effective_from=KHIEU_NAI_2011,
            citation="Luật Khiếu nại 2011, Điều 27; Thông tư 05/2021/TT-TTCP",
        ),
        dict(
            kind="denunciation",
            days=7,
            effective_from=TO_CAO_2018,
            citation="Luật Tố cáo 2018, Điều 24",
        ),
        dict(
            kind="recommendation",
            days=10,
            effective_from=TIEP_CONG_DAN_2013,
            citation="Thông tư 05/2021/TT-TTCP; Luật Tiếp công dân 2013, Điều 28",
        ),
        dict(
            kind="feedback",
            days=10,
            effective_from=TIEP_CONG_DAN_2013,
            citation="Thông tư 05/2021/TT-TTCP; Luật Tiếp công dân 2013, Điều 28",
        ),
    ]


def complaint_resolution_rules():
    """Luật Khiếu nại 2011, Điều 28 (first time) and Điều 37 (second time)."""
    rules = []
    for second_time, article, (normal, complex_, remote, remote_complex) in (
        (False, "Điều 28", (30, 45, 45, 60)),
        (True, "Điều 37", (45, 60, 60, 70)),
    ):
        citation = f"Luật Khiếu nại 2011, {article}"
        rows = [("", None, normal), ("", True, remote)]
        for level in COMPLEX_LEVELS:
            rows += [(level, None, complex_), (level, True, remote_complex)]
        rules += [
            dict(
                kind="complaint",
                second_time=second_time,
                complexity=complexity,
                remote_area=remote_area,
                days=days,
                day_count=CALENDAR,
                anchor=ACCEPTED,
                effective_from=KHIEU_NAI_2011,
                citation=citation,
            )
            for complexity, remote_area, days in rows
        ]
    return rules


def other_resolution_rules():
    return [
        # Điều 30: complex matters may be extended once, especially complex ones twice.
        *(
            dict(
                kind="denunciation",
                complexity=complexity,
                days=30,
                day_count=CALENDAR,
                anchor=ACCEPTED,
                max_extensions=extensions,
                max_extension_days=30 if extensions else 0,
                effective_from=TO_CAO_2018,
                citation="Luật Tố cáo 2018, Điều 30",
            )
            for complexity, extensions in (("", 0), ("complex", 1), ("very_complex", 2))
        ),
        *(
            dict(
                kind=kind,
                days=15,
                day_count=WORKING,
                anchor=RECEIVED,
                max_extensions=1,
                max_extension_days=15,
                effective_from=KHIEU_NAI_2011,
                citation="Quy chế của cơ quan",
            )
            for kind in ("recommendation", "feedback")
        ),
    ]


def response_rules():
    return [
        dict(
            kind="complaint",
            second_time=False,
            days=3,
            effective_from=KHIEU_NAI_2011,
            citation="Luật Khiếu nại 2011, Điều 32",
        ),
        dict(
            kind="complaint",
            second_time=True,
            days=7,
            effective_from=KHIEU_NAI_2011,
            citation="Luật Khiếu nại 2011, Điều 41",
        ),
        dict(
            kind="denunciation",
            days=5,
            effective_from=TO_CAO_2018,
            citation="Luật Tố cáo 2018, Điều 35",
        ),
    ]


def default_rules():
    defaults = {
        "second_time": None,
        "complexity": "",
        "remote_area": None,
        "max_extensions": 0,
        "max_extension_days": 0,
        "effective_to": None,
    }
    steps = [
        ("processing", {"day_count": WORKING, "anchor": RECEIVED}, processing_rules()),
        ("resolution", {}, complaint_resolution_rules() + other_resolution_rules()),
        ("response", {"day_count": WORKING, "anchor": DECIDED}, response_rules()),
    ]
    return [
        {**defaults, **step_defaults, **rule, "step": step}
        for step, step_defaults, rules in steps
        for rule in rules
    ]


KEY_FIELDS = ("kind", "step", "second_time", "complexity", "remote_area", "effective_from")


def load_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    DeadlineRule.objects.bulk_create(DeadlineRule(**rule) for rule in default_rules())


def unload_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for rule in default_rules():
        DeadlineRule.objects.filter(**{field: rule[field] for field in KEY_FIELDS}).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load_rules, unload_rules)]
