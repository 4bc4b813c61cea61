"""Forms of the staff screens; they parse input into what the cases/ services take."""

from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import ID_NUMBER, PHONE, MultipleFileField
from cases.models import (
    Case,
    Channel,
    Field,
    Kind,
    Locality,
    Petition,
    ReceptionSession,
    Status,
    Unit,
)
from cases.permissions import Role
from cases.selectors import current_localities
from cases.services import PetitionerData, PetitionInput, Repeat, SessionInput
from search.params import FILTERS, YEAR_MAX, YEAR_MIN, parse_flag, search_query_from
from search.query import COUNT_CAP, OVERDUE_LABELS, SearchQuery

# Luật Tiếp công dân 2013, Điều 29: at most 5 representatives for a group over 10.
MAX_REPRESENTATIVES = 5


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=255)
    id_number = ID_NUMBER
    phone = PHONE
    address = forms.CharField(label=_("address"), max_length=500, required=False)

    def person(self) -> PetitionerData:
        return PetitionerData(**self.cleaned_data)


RepresentativeFormSet = forms.formset_factory(
    PersonForm, extra=MAX_REPRESENTATIVES, max_num=MAX_REPRESENTATIVES, validate_max=True
)


class PetitionerKind:
    PERSON = "person"
    GROUP = "group"
    ANONYMOUS = "anonymous"
    CHOICES = [
        (PERSON, _("A person")),
        (GROUP, _("A group (5 or more people)")),
        (ANONYMOUS, _("Anonymous")),
    ]


def _session_label(session) -> str:
    start = timezone.localtime(session.starts_at)
    presiding = session.presiding.get_full_name()
    return f"{start:%H:%M} · {session.unit.name} · {presiding} · {session.place}"


class DeskForm(forms.Form):
    """A visitor or a letter at the reception desk, in the order the officer hears it."""

    petitioner_kind = forms.ChoiceField(
        label=_("who sends it"),
        choices=PetitionerKind.CHOICES,
        initial=PetitionerKind.PERSON,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(label=_("full name"), max_length=255, required=False)
    id_number = ID_NUMBER
    phone = PHONE
    email = forms.EmailField(label=_("email"), required=False)
    address = forms.CharField(label=_("address"), max_length=500, required=False)
    group_size = forms.IntegerField(
        label=_("number of people"), min_value=1, max_value=100_000, initial=1
    )
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices, initial="in_person")
    forwarded_from = forms.CharField(label=_("forwarded by agency"), max_length=255, required=False)
    received_at = forms.DateTimeField(
        label=_("received at"),
        required=False,
        help_text=_("For a letter that arrived earlier; empty means now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *Kind.choices])
    field = forms.ModelChoiceField(
        label=_("field"), queryset=Field.objects.filter(is_active=True), to_field_name="code"
    )
    locality = forms.ModelChoiceField(
        label=_("locality"), queryset=Locality.objects.none(), to_field_name="code"
    )
    subject = forms.CharField(label=_("subject"), max_length=500)
    content = forms.CharField(label=_("content"), widget=forms.Textarea, max_length=100_000)
    reception_session = forms.ModelChoiceField(
        label=_("leader's reception session"),
        queryset=ReceptionSession.objects.none(),
        required=False,
        empty_label=_("— regular reception —"),
        help_text=_("A visit received at a leader's reception day is recorded under it."),
    )
    duplicate_of = forms.CharField(
        label=_("join the existing case"),
        max_length=32,
        required=False,
        help_text=_("A case reference; leave empty to open a new case."),
    )
    attachments = MultipleFileField(label=_("attachments"), required=False)

    def __init__(self, *args, visible_cases, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_cases = visible_cases
        self.fields["locality"].queryset = current_localities()
        if sessions is not None:
            self.fields["reception_session"].queryset = sessions
            self.fields["reception_session"].label_from_instance = _session_label
        else:
            del self.fields["reception_session"]
        self.representatives = RepresentativeFormSet(
            self.data or None, prefix="rep", form_kwargs={"empty_permitted": True}
        )

    def clean_duplicate_of(self) -> Case | None:
        reference = self.cleaned_data["duplicate_of"].strip().upper()
        if not reference:
            return None
        case = self.visible_cases.filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError(_("No such case."))
        return case

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("petitioner_kind")
        if kind == PetitionerKind.PERSON and not cleaned.get("full_name"):
            self.add_error("full_name", _("Enter the petitioner's full name."))
        group_size = cleaned.get("group_size") or 0
        if kind == PetitionerKind.GROUP and group_size < Petition.GROUP_MIN_SIZE:
            self.add_error(
                "group_size",
                _("A group petition has at least %(count)d people.")
                % {"count": Petition.GROUP_MIN_SIZE},
            )
        return cleaned

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.cleaned_data.get("petitioner_kind") == PetitionerKind.GROUP:
            return self.representatives.is_valid() and valid
        return valid

    def _representatives(self) -> tuple[PetitionerData, ...]:
        return tuple(
            form.person()
            for form in self.representatives.forms
            if form.has_changed() and form.cleaned_data
        )

    def to_petition_input(self) -> PetitionInput:
        data = self.cleaned_data
        kind = data["petitioner_kind"]
        decided = {"representatives": (), "group_size": 1}
        if kind == PetitionerKind.ANONYMOUS:
            decided["petitioner"] = None
        elif kind == PetitionerKind.GROUP:
            decided = {"representatives": self._representatives()}
        return PetitionInput.from_cleaned(data, channel=data["channel"], **decided)


class DuplicateQueryForm(forms.Form):
    """What the desk has typed so far, sent while typing to look for likely duplicates."""

    id_number = forms.CharField(required=False, max_length=20)
    phone = forms.CharField(required=False, max_length=20)
    subject = forms.CharField(required=False, max_length=500)
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.all(), to_field_name="code", required=False
    )

    def clean_locality(self):
        # A locality not (yet) chosen narrows nothing; it is not an error while typing.
        return self.cleaned_data.get("locality")


class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("all")), *Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("all")), *Status.choices], required=False
    )
    field = forms.ModelChoiceField(
        label=_("field"),
        queryset=Field.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("all"),
    )


class BookDateForm(forms.Form):
    date = forms.DateField(
        label=_("date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def day(self):
        if self.is_valid() and self.cleaned_data["date"]:
            return self.cleaned_data["date"]
        return timezone.localdate()


class FlagField(forms.Field):
    """A yes/no filter read as the API reads it ("true", "false", "1", "0" …); empty is none."""

    default_error_messages = {"invalid": _("Write “true” or “false”, not “%(value)s”.")}

    def to_python(self, value):
        try:
            return parse_flag(value or "")
        except ValueError as exc:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from exc


UNKNOWN_VALUE = {"invalid_choice": _("There is no “%(value)s” to choose here.")}


def _code_field(label, queryset):
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        to_field_name="code",
        required=False,
        error_messages=UNKNOWN_VALUE,
    )


def _choice_field(label, choices):
    return forms.ChoiceField(
        label=label, choices=choices, required=False, error_messages=UNKNOWN_VALUE
    )


class CaseSearchForm(forms.Form):
    """The search page's query string: the API's parameter names and codes."""

    PAGE_SIZE = SearchQuery.page_size

    q = forms.CharField(
        label=_("Words, a reference or a tracking code"), max_length=500, required=False
    )
    kind = _choice_field(_("kind"), Kind.choices)
    status = _choice_field(_("status"), Status.choices)
    unit = _code_field(_("unit"), Unit.objects.all())
    locality = _code_field(_("locality"), Locality.objects.all())
    field = _code_field(_("field"), Field.objects.all())
    channel = _choice_field(_("channel"), Channel.choices)
    year = forms.IntegerField(
        label=_("year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
        error_messages={"invalid": _("Enter a year, such as 2024.")},
    )
    overdue = FlagField(label=_("deadline"), required=False)
    due_soon = FlagField(label=_("due soon"), required=False)
    # Engines count and page no further than COUNT_CAP results.
    page = forms.IntegerField(
        label=_("page"),
        min_value=1,
        max_value=COUNT_CAP // PAGE_SIZE,
        required=False,
        error_messages={"invalid": _("Enter a page number.")},
    )

    def to_search_query(self) -> SearchQuery:
        return search_query_from({**self.cleaned_data, "page_size": self.PAGE_SIZE})

    def value_label(self, name: str) -> str:
        """Return how the chosen value of a filter reads, for the list of active filters."""
        value = self.cleaned_data.get(name)
        if name == "overdue":
            return OVERDUE_LABELS[value]
        if name == "due_soon":
            return _("due soon") if value else _("not due soon")
        if isinstance(value, Unit | Locality | Field):
            return value.name
        if isinstance(self.fields[name], forms.ChoiceField):
            return str(dict(self.fields[name].choices)[value])
        return str(value)

    def active_filters(self) -> list[str]:
        """Return the names of the filters this search narrows by, in the facets' order."""
        return [name for name in FILTERS if self.cleaned_data.get(name) not in (None, "")]


# --- Leaders' reception sessions ---------------------------------------------------------------


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name()} — {user.unit.name if user.unit_id else ''}"


def _leaders():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.LEADER)
        .select_related("unit")
        .order_by("unit__path", "last_name", "first_name")
    )


class SessionForm(forms.Form):
    """A leader's reception session, once or repeated, as the schedule's page takes it."""

    unit = forms.ModelChoiceField(
        label=_("unit"), queryset=Unit.objects.none(), to_field_name="code"
    )
    day = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts = forms.TimeField(
        label=_("starts at"), initial="07:30", widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("ends at"), initial="11:30", widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("place"), max_length=255)
    presiding = LeaderChoiceField(
        label=_("presiding leader"), queryset=get_user_model().objects.none()
    )
    repeat = forms.ChoiceField(
        label=_("repeat"),
        required=False,
        choices=[
            (Repeat.NONE, _("once")),
            (Repeat.WEEKLY, _("every week")),
            (Repeat.MONTHLY, _("every month, on the same day")),
        ],
    )
    repeat_until = forms.DateField(
        label=_("until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["presiding"].queryset = _leaders()

    def to_session_input(self) -> SessionInput:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return SessionInput(
            unit=data["unit"],
            starts_at=timezone.make_aware(datetime.combine(data["day"], data["starts"]), zone),
            ends_at=timezone.make_aware(datetime.combine(data["day"], data["ends"]), zone),
            place=data["place"],
            presiding=data["presiding"],
            repeat=data["repeat"],
            repeat_until=data["repeat_until"],
            note=data["note"],
        )


class SessionChangeForm(forms.Form):
    """Who presided, where, or whether the session was cancelled after all."""

    presiding = LeaderChoiceField(
        label=_("presiding leader"), queryset=get_user_model().objects.none(), required=False
    )
    place = forms.CharField(label=_("place"), max_length=255, required=False)
    cancelled = forms.NullBooleanField(
        label=_("cancelled"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("unchanged")), ("true", _("cancel")), ("false", _("hold"))]
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presiding"].queryset = _leaders()
