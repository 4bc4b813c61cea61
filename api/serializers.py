"""One input and one output serializer per operation; no business logic here."""

import datetime as dt

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from cases import people
from cases.deadlines import compute_deadlines
from cases.identity import Identity, Purpose, identity_if_allowed
from cases.models import Case, Channel, Field, Kind, Locality, Petition, Status, Unit
from cases.services import PetitionInput
from cases.transition_forms import FORMS
from search.params import YEAR_MAX, YEAR_MIN, search_query_from
from search.query import COUNT_CAP, SearchQuery


class DateTimeField(serializers.DateTimeField):
    """A time in RFC 3339: an old one in the zone's present offset, not its local mean time.

    Asia/Ho_Chi_Minh before 1906 is +07:06:30, an offset RFC 3339 cannot write.
    """

    def enforce_timezone(self, value):
        value = super().enforce_timezone(value)
        if timezone.is_aware(value) and value.utcoffset().seconds % 60:
            value = value.astimezone(dt.timezone(timezone.localtime().utcoffset()))
        return value


# ModelSerializers render their model's date-times with the field above.
FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.DateTimeField: DateTimeField,
}


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent"]


class LocalitySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Locality
        fields = ["code", "name", "level", "parent", "valid_from", "valid_to"]


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["code", "name"]


class PersonField(serializers.CharField):
    """An ID number or phone, checked and normalised by the people rule (cases.people)."""

    def __init__(self, normalise, **kwargs):
        super().__init__(
            required=False, allow_blank=True, max_length=people.TYPED_MAX_LENGTH, **kwargs
        )
        self.normalise = normalise

    def to_internal_value(self, data):
        try:
            return self.normalise(super().to_internal_value(data))
        except people.NotValid as exc:
            raise serializers.ValidationError(exc.message) from exc


class PetitionerInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=255)
    phone = PersonField(people.normal_phone)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    id_number = PersonField(people.normal_id_number)
    email = serializers.EmailField(required=False, allow_blank=True)


class PetitionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    subject = serializers.CharField(max_length=500)
    content = serializers.CharField(max_length=100_000)
    petitioner = PetitionerInputSerializer(required=False, allow_null=True)
    representatives = PetitionerInputSerializer(many=True, required=False)
    locality = serializers.SlugRelatedField(slug_field="code", queryset=Locality.objects.all())
    field = serializers.SlugRelatedField(
        slug_field="code", queryset=Field.objects.filter(is_active=True)
    )
    received_at = serializers.DateTimeField(required=False)
    group_size = serializers.IntegerField(min_value=1, max_value=100_000, default=1)
    duplicate_of = serializers.CharField(required=False, allow_blank=True, max_length=32)
    forwarded_from = serializers.CharField(required=False, allow_blank=True, max_length=255)
    is_second_time = serializers.BooleanField(default=False)
    previous_case = serializers.CharField(required=False, allow_blank=True, max_length=32)

    def _visible_case(self, reference: str) -> Case | None:
        if not reference:
            return None
        case = self.context["visible_cases"].filter(reference=reference.strip().upper()).first()
        if case is None:
            raise serializers.ValidationError(_("No such case."))
        return case

    def validate_duplicate_of(self, value):
        return self._visible_case(value)

    def validate_previous_case(self, value):
        return self._visible_case(value)

    def validate(self, attrs):
        locality, received_at = attrs["locality"], attrs.get("received_at") or timezone.now()
        if not locality.is_valid_on(timezone.localdate(received_at)):
            raise serializers.ValidationError(
                {"locality": [_("This locality was not valid on that date.")]}
            )
        return attrs

    def to_petition_input(self) -> PetitionInput:
        return PetitionInput.from_cleaned(
            self.validated_data, channel=self.validated_data["channel"]
        )


class PetitionCreatedSerializer(serializers.Serializer):
    code = serializers.CharField(source="tracking_code")
    case = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.status_label")
    received_at = DateTimeField()
    due_date = serializers.DateField(source="case.due_on", allow_null=True)


class CaseListSerializer(serializers.ModelSerializer):
    serializer_field_mapping = FIELD_MAPPING
    status_label = serializers.CharField(read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    locality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    field = serializers.SlugRelatedField(slug_field="code", read_only=True)
    handler = serializers.SlugRelatedField(slug_field="username", read_only=True)
    due_date = serializers.DateField(source="due_on", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    is_due_soon = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "kind",
            "status",
            "status_label",
            "subject",
            "unit",
            "locality",
            "field",
            "handler",
            "received_at",
            "due_date",
            "is_overdue",
            "is_due_soon",
        ]

    def get_is_overdue(self, case) -> bool:
        return case.is_overdue(timezone.localdate())

    def get_is_due_soon(self, case) -> bool:
        return case.is_due_soon(timezone.localdate())


class EitherBooleanField(serializers.BooleanField):
    """`true` or `false`; absent or empty is either. Not the word "null": the schema's
    boolean does not know it."""

    NULL_VALUES = {"", None}


class CaseSearchParamsSerializer(serializers.Serializer):
    """The list's query string: free text, filters by code, and the page."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=500)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects, required=False)
    locality = serializers.SlugRelatedField(
        slug_field="code", queryset=Locality.objects, required=False
    )
    field = serializers.SlugRelatedField(slug_field="code", queryset=Field.objects, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    overdue = EitherBooleanField(required=False, allow_null=True, default=None)
    due_soon = EitherBooleanField(required=False, allow_null=True, default=None)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=50)

    def to_search_query(self) -> SearchQuery:
        return search_query_from(self.validated_data)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    margin = serializers.IntegerField(
        allow_null=True,
        help_text="Null when `count` is exact; else half the 95% confidence interval of the"
        " estimate.",
    )


class FoundCaseSerializer(CaseListSerializer):
    subject = serializers.CharField(source="found.subject")
    snippet = serializers.CharField(
        source="found.snippet", help_text="HTML: escaped text, matches in <mark>."
    )

    class Meta(CaseListSerializer.Meta):
        fields = [*CaseListSerializer.Meta.fields, "snippet"]


class CaseSearchSerializer(serializers.Serializer):
    """{count, next, previous, results, facets}.

    `count_is_exact` is false only past 10,000 matches: the database backend, in an index of
    more than 300,000 cases, then estimates `count` and the facets from a uniform sample and
    gives each its `margin`, half the 95% confidence interval; Elasticsearch gives 10,000 as
    `count` with a null `count_margin`, and exact facets.
    """

    count = serializers.IntegerField(source="total")
    count_is_exact = serializers.BooleanField(source="total_is_exact")
    count_margin = serializers.IntegerField(
        source="total_margin",
        allow_null=True,
        help_text="Half the 95% confidence interval of an estimated `count`; null otherwise.",
    )
    next = serializers.SerializerMethodField()
    previous = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    facets = serializers.DictField(child=FacetValueSerializer(many=True))

    def _page_url(self, page: int) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(
            request.path + "?" + _with_page(request.query_params, page)
        )

    def get_next(self, found) -> str | None:
        params = self.context["params"].validated_data
        # The engines page no further than COUNT_CAP results, however many match.
        if params["page"] * params["page_size"] >= min(found.total, COUNT_CAP):
            return None
        return self._page_url(params["page"] + 1)

    def get_previous(self, found) -> str | None:
        page = self.context["params"].validated_data["page"]
        return self._page_url(page - 1) if page > 1 else None

    @extend_schema_field(FoundCaseSerializer(many=True))
    def get_results(self, found) -> list:
        cases = []
        for item in found.results:
            item.case.found = item
            cases.append(item.case)
        return FoundCaseSerializer(cases, many=True, context=self.context).data


def _with_page(params, page: int) -> str:
    params = params.copy()
    params["page"] = str(page)
    return params.urlencode()


class EventSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.SerializerMethodField()
    note = serializers.CharField()
    data = serializers.JSONField()
    created_at = DateTimeField()

    def get_actor(self, event) -> str | None:
        return event.actor.username if event.actor else None


class PetitionerOutputSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    id_number = serializers.CharField()
    email = serializers.CharField()


class PetitionOutputSerializer(serializers.ModelSerializer):
    """A petition; its sender is revealed (and the view logged) only to those who may see it."""

    serializer_field_mapping = FIELD_MAPPING

    code = serializers.CharField(source="tracking_code")
    received_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    subject = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    petitioner = serializers.SerializerMethodField()
    representatives = serializers.SerializerMethodField()
    is_anonymous = serializers.BooleanField(read_only=True)

    class Meta:
        model = Petition
        fields = [
            "code",
            "channel",
            "received_at",
            "received_by",
            "subject",
            "content",
            "group_size",
            "is_anonymous",
            "petitioner",
            "representatives",
        ]

    def _identity(self, petition) -> Identity | None:
        # One reveal, so one access logged, per petition shown.
        revealed = self.context.setdefault("revealed", {})
        if petition.pk not in revealed:
            revealed[petition.pk] = identity_if_allowed(
                user=self.context["request"].user, petition=petition, purpose=Purpose.API
            )
        return revealed[petition.pk]

    def get_subject(self, petition) -> str:
        """The subject; a denouncer's identity in it is redacted for those who may not see it."""
        identity = self._identity(petition)
        return identity.subject if identity else petition.subject

    def get_content(self, petition) -> str:
        identity = self._identity(petition)
        return identity.content if identity else petition.content

    @extend_schema_field(PetitionerOutputSerializer(allow_null=True))
    def get_petitioner(self, petition) -> dict | None:
        """Return the petitioner, None when anonymous, or {redacted: true} when hidden."""
        if petition.petitioner_id is None:
            return None
        identity = self._identity(petition)
        if identity is None:
            return {"redacted": True}
        return PetitionerOutputSerializer(identity.petitioner).data

    @extend_schema_field(PetitionerOutputSerializer(many=True))
    def get_representatives(self, petition) -> list[dict]:
        """Return a group's representatives, each redacted where the petitioner would be."""
        people = petition.representatives.all()
        if not people:
            return []
        identity = self._identity(petition)
        if identity is None:
            return [{"redacted": True} for _person in people]
        return PetitionerOutputSerializer(identity.representatives, many=True).data


def _link(name: str, help_text: str) -> serializers.CharField:
    return serializers.CharField(
        source=f"forwarding.{name}", allow_null=True, read_only=True, help_text=help_text
    )


class CaseDetailSerializer(CaseListSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    deadlines = serializers.SerializerMethodField()
    events = EventSerializer(many=True, read_only=True)
    petitions = PetitionOutputSerializer(many=True, read_only=True)
    available_transitions = serializers.ListField(child=serializers.CharField(), read_only=True)
    # The linked cases (`cases.selectors.forwarding_links`): a reference only where the
    # caller may open that case, else null beside its unit's name.
    forwarded_to_case = _link("to_case", "The case received where this one was forwarded.")
    forwarded_to_unit = _link("to_unit", "The name of the unit it was forwarded to.")
    forwarded_from_case = _link("from_case", "The case this one was forwarded from.")
    forwarded_from_unit = _link("from_unit", "The name of the unit that forwarded it.")

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "kind_label",
            "unit_name",
            "complexity",
            "is_remote_area",
            "is_second_time",
            "accepted_on",
            "decided_on",
            "responded_on",
            "closed_on",
            "forwarded_to",
            "forwarded_to_case",
            "forwarded_to_unit",
            "forwarded_from_case",
            "forwarded_from_unit",
            "report_requested_on",
            "report_due_on",
            "report_received_on",
            "archive_reason",
            "findings",
            "outcome",
            "decision_number",
            "public_summary",
            "response_method",
            "version",
            "deadlines",
            "available_transitions",
            "events",
            "petitions",
        ]

    def get_deadlines(self, case) -> dict:
        """Return each step's due date with the explanation of how it was computed."""
        return {
            str(step): {"due_on": due.due_on, "explanation": due.explain()}
            for step, due in compute_deadlines(case).shown()
        }


class TransitionResultSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(read_only=True)
    due_date = serializers.DateField(source="due_on", read_only=True)

    class Meta:
        model = Case
        fields = ["reference", "status", "status_label", "due_date", "version"]


class ForwardingStepSerializer(serializers.Serializer):
    unit = serializers.CharField()
    date = serializers.DateField()
    text = serializers.CharField(help_text="The step as a sentence in the visitor's language.")


class TrackingSerializer(serializers.Serializer):
    """Exactly what the public may see, nothing about any person.

    The fields: docs/tracking-codes.md#what-the-public-view-shows.
    """

    code = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_at = serializers.DateField()
    unit = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    updated_at = serializers.DateField()
    outcome_summary = serializers.CharField(allow_null=True)
    forwarding = ForwardingStepSerializer(
        many=True, help_text="Each forwarding inside the system, oldest first; unit names only."
    )


class TokenLoginSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=12,
        help_text="The current code of the user's authenticator app, for an enrolled account.",
    )


# --- Transition bodies (docs/api.md#transition-bodies) -------------------------------------
# Each transition's form (cases.transition_forms) says which fields it takes; its body
# serializer, built from that form, types them for the schema and refuses a wrong JSON type
# (a list where a text goes) with a 400 naming the field before the form sees it.


def _body_field(field: forms.Field) -> serializers.Field:
    options = {"required": field.required, "help_text": field.label}
    if isinstance(field, forms.ModelChoiceField):
        return serializers.CharField(allow_blank=not field.required, max_length=150, **options)
    if isinstance(field, forms.ChoiceField):
        choices = [(value, label) for value, label in field.choices if value != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **options)
    if isinstance(field, forms.NullBooleanField):
        return serializers.BooleanField(allow_null=True, **options)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**options)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value, max_value=field.max_value, **options
        )
    if isinstance(field, forms.DateField):
        return serializers.DateField(**options)
    return serializers.CharField(
        allow_blank=not field.required, max_length=field.max_length, **options
    )


class TransitionBodySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The case's version as read: if it changed since, the answer is 409.",
    )


def _transition_body(name: str, form: type[forms.Form]) -> type[TransitionBodySerializer]:
    fields = {field_name: _body_field(field) for field_name, field in form.base_fields.items()}
    class_name = "".join(part.title() for part in name.split("_")) + "Body"
    return type(class_name, (TransitionBodySerializer,), fields)


TRANSITION_BODIES = {name: _transition_body(name, form) for name, form in FORMS.items()}
