"""Thin views: check access, parse input, call a service or selector, render."""

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.models import AuditAction
from accounts.services import audit_record, lockout_api_response, second_factor_refusal
from cases.exceptions import NotPermitted, UnknownTransition
from cases.identity import with_identities
from cases.models import CaseEvent, Field, Locality, Petition, Unit
from cases.permissions import may_register_petitions
from cases.selectors import (
    available_transitions,
    case_get_visible,
    cases_visible_to,
    forwarding_links,
    public_status,
)
from cases.services import case_transition, petition_register
from search.selectors import search_cases

from . import serializers as s
from .throttles import FixedWindowThrottle, LimitedMessageMixin


class UnitList(generics.ListAPIView):
    queryset = Unit.objects.filter(is_active=True).select_related("parent")
    serializer_class = s.UnitSerializer
    pagination_class = None


class LocalityList(generics.ListAPIView):
    serializer_class = s.LocalitySerializer
    pagination_class = None

    def get_queryset(self):
        localities = Locality.objects.select_related("parent")
        if self.request.query_params.get("current") == "true":
            today = timezone.localdate()
            localities = localities.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            )
        return localities


class FieldList(generics.ListAPIView):
    queryset = Field.objects.filter(is_active=True)
    serializer_class = s.FieldSerializer
    pagination_class = None


class MayRegisterPetitions(BasePermission):
    message = NotPermitted.default_message

    def has_permission(self, request, view):
        return request.user.is_authenticated and may_register_petitions(request.user)


# The body names the petitioner: kept out of error reports (Luật Tố cáo 2018, Điều 8).
@method_decorator(sensitive_post_parameters(), name="dispatch")
class PetitionCreate(APIView):
    permission_classes = [MayRegisterPetitions]

    @extend_schema(request=s.PetitionCreateSerializer, responses={201: s.PetitionCreatedSerializer})
    @method_decorator(sensitive_variables())
    def post(self, request):
        incoming = s.PetitionCreateSerializer(
            data=request.data, context={"visible_cases": cases_visible_to(request.user)}
        )
        incoming.is_valid(raise_exception=True)
        petition = petition_register(actor=request.user, data=incoming.to_petition_input())
        return Response(s.PetitionCreatedSerializer(petition).data, status=status.HTTP_201_CREATED)


CASE_FILTERS = [
    OpenApiParameter(
        "q",
        str,
        description="Free text, with or without Vietnamese diacritics; a reference or "
        "tracking code however typed.",
    ),
    OpenApiParameter("kind", str),
    OpenApiParameter("status", str),
    OpenApiParameter("unit", str, description="Unit code; includes the units below it."),
    OpenApiParameter(
        "locality", str, description="Locality code; includes the localities below it."
    ),
    OpenApiParameter("field", str),
    OpenApiParameter("channel", str),
    OpenApiParameter("year", int),
    OpenApiParameter("overdue", bool),
    OpenApiParameter("due_soon", bool),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="At most 100."),
]


class CaseList(APIView):
    """Search and list the cases the user may open, with facet counts.

    The parameters and the answer: docs/api.md#listing-and-searching-cases.
    """

    @extend_schema(
        operation_id="v1_cases_list", parameters=CASE_FILTERS, responses=s.CaseSearchSerializer
    )
    def get(self, request):
        incoming = s.CaseSearchParamsSerializer(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        page = search_cases(user=request.user, query=incoming.to_search_query())
        return Response(
            s.CaseSearchSerializer(page, context={"request": request, "params": incoming}).data
        )


class CaseDetail(APIView):
    @extend_schema(responses=s.CaseDetailSerializer)
    def get(self, request, reference):
        case = case_get_visible(user=request.user, reference=reference)
        prefetch_related_objects(
            [case],
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch(
                "petitions",
                queryset=with_identities(Petition.objects.select_related("received_by")),
            ),
            "suspensions",
            "extensions",
        )
        case.available_transitions = available_transitions(case, request.user)
        case.forwarding = forwarding_links(case, request.user)
        return Response(s.CaseDetailSerializer(case, context={"request": request}).data)


class CaseTransition(APIView):
    """Take any transition by its name; the schema lists one operation per transition."""

    @extend_schema(exclude=True)
    def post(self, request, reference, name):
        return self.take(request, reference, name)

    def take(self, request, reference, name):
        case = case_get_visible(user=request.user, reference=reference)
        if name not in s.TRANSITION_BODIES:
            raise UnknownTransition
        # Partial: only the types are checked here; what a transition requires is the form's
        # to say, after the state and the role (docs/api.md#transition-bodies).
        incoming = s.TRANSITION_BODIES[name](data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        case = case_transition(
            case=case,
            actor=request.user,
            name=name,
            data=incoming.initial_data,
            expected_version=incoming.validated_data.get("version"),
        )
        return Response(s.TransitionResultSerializer(case).data)


def transition_view(name: str):
    """Return the view of one transition: the same view, with that transition's typed body."""

    @extend_schema(
        operation_id=f"v1_cases_transitions_{name}",
        request=s.TRANSITION_BODIES[name],
        responses=s.TransitionResultSerializer,
        description=(
            f"Take the transition `{name}`: its fields, an optional `note` and an optional "
            "`version` (docs/api.md#transition-bodies)."
        ),
    )
    def post(self, request, reference):
        return self.take(request, reference, name)

    view = type(
        f"{s.TRANSITION_BODIES[name].__name__}Transition", (CaseTransition,), {"post": post}
    )
    return view.as_view()


class TokenLogin(ObtainAuthToken):
    """Exchange a username and password for an API token; rate-limited against guessing.

    A username locked out after repeated failures gets 429; an account with an
    authenticator app also sends `otp_token`, the app's current code.
    """

    serializer_class = s.TokenLoginSerializer
    # DRF's own view names its parsers; the API's JSON parser refuses bodies nested too deep.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    throttle_classes = [FixedWindowThrottle]
    throttle_scope = "login"

    def post(self, request, *args, **kwargs):
        incoming = self.get_serializer(data=request.data)
        if not incoming.is_valid():
            # django-axes marks the DRF request when this failure locks the username out.
            if getattr(request, "axes_locked_out", False):
                return lockout_api_response()
            raise serializers.ValidationError(incoming.errors)
        user = incoming.validated_data["user"]
        refusal = second_factor_refusal(user, incoming.validated_data.get("otp_token", ""))
        if refusal:
            audit_record(
                actor=None,
                action=AuditAction.LOGIN_FAILED,
                target=user.get_username(),
                request=request,
                details={"via": "api", "reason": "code"},
            )
            raise serializers.ValidationError({"otp_token": [refusal]})
        token, _created = Token.objects.get_or_create(user=user)
        audit_record(
            actor=user,
            action=AuditAction.LOGIN,
            target=user.get_username(),
            request=request,
            details={"via": "api"},
        )
        return Response({"token": token.key})


class Track(LimitedMessageMixin, APIView):
    """Public status of one petition by its tracking code; no login, rate-limited per client.

    An unknown code, a wrong check character and a malformed string get the same 404 after
    the same lookup, so neither the answer nor its time tells them apart.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [FixedWindowThrottle]
    throttle_scope = "tracking"

    @extend_schema(responses=s.TrackingSerializer)
    def get(self, request, code):
        found = public_status(code)
        if found is None:
            raise NotFound(_("No petition has this code."))
        # The selector's fields are the documented keys; no serializer pass on this hot path.
        return Response(vars(found))
