"""How the case page names and lays out each transition; the forms are cases/'s own."""

from contextlib import suppress
from datetime import date

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cases.models import Outcome, Status
from cases.transition_forms import FORMS

ACTION_LABELS = {
    "received": _("Petition received"),
    "petition_joined": _("Another petition joined the case"),
    "classify": _("Classify"),
    "accept": _("Accept for handling"),
    "forward": _("Forward to the competent agency"),
    "forwarded_in": _("Petition received, forwarded by another unit"),
    "request_report": _("Ask for a report of the result"),
    "forward_result": _("Result from the unit it was forwarded to"),
    "guide": _("Guide the petitioner"),
    "archive": _("Archive"),
    "assign": _("Assign a handler"),
    "reassign": _("Reassign"),
    "submit_report": _("Submit the verification report"),
    "send_back": _("Send the report back"),
    "resolve": _("Resolve"),
    "respond": _("Respond to the citizen"),
    "close": _("Close"),
    "withdraw": _("Record a withdrawal"),
    "suspend": _("Suspend"),
    "resume": _("Resume"),
    "terminate": _("Terminate"),
    "extend": _("Extend the time limit"),
    "publish": _("Publish for the public"),
    "unpublish": _("Stop publishing"),
}

# Transitions that only lead out of the main path are shown after the main ones.
SIDE_EXITS = (
    "classify",
    "withdraw",
    "suspend",
    "resume",
    "terminate",
    "extend",
    "publish",
    "unpublish",
)

# The case page's label of each due date (`CaseDeadlines.shown`).
DEADLINE_LABELS = {
    "processing": _("Processing"),
    "forwarding": _("Forwarding outside our competence, and telling the denouncer"),
    "resolution": _("Resolution"),
    "response": _("Response"),
    "follow_up": _("Report from the unit it was forwarded to"),
}


# Fields of the events a transition writes on another case (`cases.services`).
REPORTED_FIELDS = {
    "from_unit": (_("forwarded by unit"), None),
    "unit": (_("unit"), None),
    "to_unit": (_("forwarded on to"), None),
    "result": (_("what it did"), ACTION_LABELS),
    "status": (_("status"), dict(Status.choices)),
    "outcome": (_("outcome"), dict(Outcome.choices)),
    "decision_number": (_("decision number"), None),
    "decision_date": (_("decision date"), None),
}


def action_label(name: str) -> str:
    return str(ACTION_LABELS.get(name, name))


def event_field(action: str, name: str, value, unit_names=None) -> tuple[str, str]:
    """Return a field recorded in an event as its form labels it: label, and value shown.

    `unit_names` maps unit codes to names, for the fields that name a unit.
    """
    if name in ("to_unit", "from_unit", "unit") and unit_names:
        value = unit_names.get(value, value)
    form = FORMS.get(action)
    field = form.base_fields.get(name) if form is not None else None
    if field is None and name in REPORTED_FIELDS:
        label, choices = REPORTED_FIELDS[name]
        return str(label), str(choices.get(value, value) if choices else value)
    if field is None:
        return name, str(value)
    if isinstance(field, forms.BooleanField):
        return str(field.label), str(_("yes") if value else _("no"))
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        value = dict(field.choices).get(value, value)
    elif isinstance(field, forms.DateField) and isinstance(value, str):
        with suppress(ValueError):
            value = formats.date_format(date.fromisoformat(value), "d/m/Y")
    return str(field.label), str(value)


def transition_form(name: str, case, data=None):
    """Return the transition's form with the widgets a person needs (date pickers)."""
    # Field names stay those the service reads; ids are unique on a page of many forms.
    form = FORMS[name](data, case=case, auto_id=f"{name}-%s")
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    if name in ("assign", "reassign"):
        # Left empty, the unit's queue picks the next handler in turn (workflows.services).
        handler = form.fields["handler"]
        handler.required = False
        handler.empty_label = _("— the next handler in turn —")
    return form


def ordered(names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: name in SIDE_EXITS)
