"""The periodic report as JSON: GET /api/v1/reports/periodic/ (docs/api.md#reports)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.exceptions import NotPermitted
from cases.permissions import may_report
from reports.layout import summary_rows
from reports.params import ReportParamsForm
from reports.selectors import periodic_report


class MayReport(BasePermission):
    message = NotPermitted.default_message

    def has_permission(self, request, view):
        return request.user.is_authenticated and may_report(request.user)


class LineSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class MonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month.")
    received = serializers.IntegerField()
    resolved = serializers.IntegerField()
    resolved_overdue = serializers.IntegerField()


class PeriodSerializer(serializers.Serializer):
    first = serializers.DateField()
    last = serializers.DateField()
    shorthand = serializers.CharField(help_text="2026-Q1, 2026-H1, 2026-9M, 2026, or empty.")
    label = serializers.CharField()


class ReportUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class UnitForwardingSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    forwarded_in = serializers.IntegerField()
    forwarded_to_units = serializers.IntegerField()
    forwarded_to_agencies = serializers.IntegerField()


class ReceptionDaysSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    minimum_sessions = serializers.IntegerField(source="quota.sessions")
    minimum_per = serializers.CharField(source="quota.per", help_text="week or month")
    citation = serializers.CharField(source="quota.citation")
    held = serializers.IntegerField()
    held_by_head = serializers.IntegerField()
    required = serializers.IntegerField()
    short = serializers.IntegerField(help_text="Weeks or months with fewer than the minimum.")


class PeriodicReportSerializer(serializers.Serializer):
    """The report's figures; breakdowns list every kind, channel, field and outcome."""

    period = PeriodSerializer()
    unit = ReportUnitSerializer()
    figures = serializers.SerializerMethodField()
    by_kind = LineSerializer(many=True)
    by_channel = LineSerializer(many=True)
    by_field = LineSerializer(many=True)
    by_outcome = LineSerializer(many=True)
    months = MonthSerializer(many=True)
    forwarding_by_unit = UnitForwardingSerializer(many=True)
    reception_days = ReceptionDaysSerializer(many=True)

    def get_figures(self, report) -> dict[str, int]:
        return {name: value for name, _label, value in summary_rows(report)}


REPORT_PARAMETERS = [
    OpenApiParameter(
        "period",
        str,
        pattern=r"^\d{4}(-([Qq][1-4]|[Hh][12]|9[Mm]))?$",
        description="2026-Q1 … 2026-Q4, 2026-H1, 2026-H2, 2026-9M or 2026.",
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (with `to`)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included."),
    OpenApiParameter(
        "unit",
        str,
        description="Unit code; includes the units below it. Default: the user's unit.",
    ),
]


PARAMETER_NAMES = [parameter.name for parameter in REPORT_PARAMETERS]


class PeriodicReportView(APIView):
    """The periodic report of a unit for a period, counting only cases the user may open.

    Days are whole days in Asia/Ho_Chi_Minh. Without `period`, `from` and `to`: the current
    quarter. A unit outside the user's reach is a 400 on `unit` (units are public
    reference data, so naming one reveals no case).
    """

    permission_classes = [MayReport]

    @extend_schema(
        operation_id="v1_reports_periodic",
        parameters=REPORT_PARAMETERS,
        responses={
            200: PeriodicReportSerializer,
            400: OpenApiResponse(description="{field: [reason]} for a bad period or unit."),
            403: OpenApiResponse(description="Only leaders and inspectors see reports."),
        },
    )
    def get(self, request):
        # The staff page's form reads a blank field as absent; the API's schema has no blank.
        blank = [name for name in PARAMETER_NAMES if request.query_params.get(name) == ""]
        if blank:
            raise ValidationError({name: [_("This field may not be blank.")] for name in blank})
        form = ReportParamsForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors_by_field())
        report = periodic_report(user=request.user, period=form.period, unit=form.unit)
        return Response(PeriodicReportSerializer(report).data)
