"""The input each transition takes, validated the same for the API and the pages.

The fields: docs/api.md#transition-bodies.

Each form is built for one case, so that choices (the handlers of the case's unit) are
the ones that make sense for it. Every form takes an optional note.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ArchiveReason, Complexity, Field, Kind, Locality, Outcome, ResponseMethod, Unit
from .permissions import Role


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)


class ClassifyForm(TransitionForm):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, required=False)
    field = forms.ModelChoiceField(
        label=_("field"),
        queryset=Field.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    locality = forms.ModelChoiceField(
        label=_("locality"), queryset=Locality.objects.all(), to_field_name="code", required=False
    )
    unit = forms.ModelChoiceField(
        label=_("handling unit"),
        queryset=Unit.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("kind", "field", "locality", "unit")):
            raise forms.ValidationError(_("Change at least one of kind, field, locality or unit."))
        return cleaned


class AcceptForm(TransitionForm):
    complexity = forms.ChoiceField(
        label=_("complexity"), choices=Complexity.choices, required=False
    )
    remote_area = forms.NullBooleanField(label=_("remote or hard-to-reach area"), required=False)


class ForwardForm(TransitionForm):
    """An outside agency by name (`to_agency`), or a unit of this system by code (`to_unit`).

    Forwarded to a unit, the petition arrives there as a new case (docs/lifecycle.md#transitions).
    """

    to_unit = forms.ModelChoiceField(
        label=_("unit of this system"),
        queryset=Unit.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    to_agency = forms.CharField(label=_("or an outside agency"), max_length=255, required=False)
    request_report = forms.BooleanField(
        label=_("ask the unit for a report of the result"), required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["to_unit"].queryset = Unit.objects.filter(is_active=True).exclude(
            pk=case.unit_id
        )
        self.fields["to_unit"].error_messages["invalid_choice"] = _(
            "Choose an active unit other than the case's own."
        )

    def clean(self):
        cleaned = super().clean()
        to_unit, to_agency = cleaned.get("to_unit"), cleaned.get("to_agency", "").strip()
        if "to_unit" in self.errors:
            return cleaned
        if to_unit and to_agency:
            self.add_error(
                "to_agency", _("Name either a unit of this system or an outside agency, not both.")
            )
        elif not (to_unit or to_agency):
            missing = _("Name the unit or the agency the petition goes to.")
            self.add_error("to_unit", missing)
            self.add_error("to_agency", missing)
        if cleaned.get("request_report") and not to_unit:
            self.add_error(
                "request_report", _("A report can be asked of a unit of this system only.")
            )
        cleaned["to_agency"] = to_agency
        return cleaned


class NoteRequiredForm(TransitionForm):
    note = forms.CharField(label=_("note"), widget=forms.Textarea, max_length=5000)


class ReasonForm(TransitionForm):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea, max_length=5000)


class ArchiveForm(TransitionForm):
    reason = forms.ChoiceField(label=_("reason"), choices=ArchiveReason.choices)


class AssignForm(TransitionForm):
    handler = forms.ModelChoiceField(
        label=_("handler"), queryset=get_user_model().objects.none(), to_field_name="username"
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["handler"].queryset = get_user_model().objects.filter(
            is_active=True, unit_id=case.unit_id, groups__name=Role.HANDLER
        )
        self.fields["handler"].error_messages["invalid_choice"] = _(
            "Choose an active handler of the case's unit."
        )


class ReassignForm(AssignForm):
    def clean_handler(self):
        handler = self.cleaned_data["handler"]
        if handler.pk == self.case.handler_id:
            raise forms.ValidationError(_("The case is already assigned to this handler."))
        return handler


class SubmitReportForm(TransitionForm):
    findings = forms.CharField(
        label=_("verification findings"), widget=forms.Textarea, max_length=50000
    )


class ResolveForm(TransitionForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices)
    decision_number = forms.CharField(label=_("decision number"), max_length=64)
    decision_date = forms.DateField(label=_("decision date"))
    public_summary = forms.CharField(
        label=_("public summary of the outcome"), widget=forms.Textarea, max_length=2000
    )

    def clean_decision_date(self):
        decided = self.cleaned_data["decision_date"]
        accepted = self.case.accepted_on
        if accepted and decided < accepted:
            raise forms.ValidationError(_("The decision cannot predate the acceptance."))
        if decided < timezone.localdate(self.case.received_at):
            raise forms.ValidationError(_("The decision cannot predate the receipt."))
        if decided > timezone.localdate():
            raise forms.ValidationError(_("The decision date cannot be in the future."))
        return decided


class RespondForm(TransitionForm):
    method = forms.ChoiceField(label=_("sent by"), choices=ResponseMethod.choices)


class ExtendForm(TransitionForm):
    days = forms.IntegerField(label=_("days"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea, max_length=5000)
    # Luật Tố cáo 2018, Điều 30: the number of extensions follows the matter's complexity.
    complexity = forms.ChoiceField(
        label=_("complexity"),
        choices=[
            ("", "—"),
            (Complexity.COMPLEX, Complexity.COMPLEX.label),
            (Complexity.VERY_COMPLEX, Complexity.VERY_COMPLEX.label),
        ],
        required=False,
    )

    def clean_complexity(self):
        complexity = self.cleaned_data["complexity"]
        order = list(Complexity.values)
        if complexity and order.index(complexity) < order.index(self.case.complexity):
            raise forms.ValidationError(_("An extension cannot lower the complexity."))
        return complexity


class PublishForm(TransitionForm):
    # GeoReport v2 limits a description to 4,000 characters.
    public_description = forms.CharField(
        label=_("description the public may read"),
        widget=forms.Textarea,
        max_length=4000,
        help_text=_(
            "Remove every name, phone number, address of a person and anything else that "
            "identifies someone. The point on the map and the link to a photo the petition "
            "gave are published with it."
        ),
    )
    public_place = forms.CharField(
        label=_("place the public may read"),
        max_length=500,
        required=False,
        help_text=_("Where it is, e.g. a street or a hamlet; never a person's home address."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound:
            # The handler starts from what the citizen wrote and removes what identifies anyone.
            first = case.petitions.order_by("received_at", "pk").first()
            self.fields["public_description"].initial = case.public_description or (
                first.content if first else ""
            )
            self.fields["public_place"].initial = case.public_place or (
                first.place if first else ""
            )


# django-fsm reserves "method" for its own argument; the API keeps its name
# (docs/api.md#transition-bodies).
_ARGUMENT_NAMES = {"method": "response_method"}


def transition_arguments(fields: dict) -> dict:
    """Return a transition's fields as keyword arguments of its `Case` method."""
    return {_ARGUMENT_NAMES.get(name, name): value for name, value in fields.items()}


FORMS: dict[str, type[TransitionForm]] = {
    "classify": ClassifyForm,
    "accept": AcceptForm,
    "forward": ForwardForm,
    "request_report": TransitionForm,
    "guide": NoteRequiredForm,
    "archive": ArchiveForm,
    "assign": AssignForm,
    "reassign": ReassignForm,
    "submit_report": SubmitReportForm,
    "send_back": ReasonForm,
    "resolve": ResolveForm,
    "respond": RespondForm,
    "close": TransitionForm,
    "withdraw": NoteRequiredForm,
    "suspend": ReasonForm,
    "resume": TransitionForm,
    "terminate": ReasonForm,
    "extend": ExtendForm,
    "publish": PublishForm,
    "unpublish": TransitionForm,
}
