"""The report screens: the periodic report with its downloads, and the locality view."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import AuditAction
from accounts.services import audit_record
from cases.permissions import may_report
from common.access import requires

from .charts import commune_map, monthly_chart
from .documents import report_pdf
from .exports import report_xlsx
from .forms import MetricForm
from .layout import (
    BREAKDOWNS,
    FORWARDING_COLUMNS,
    RECEPTION_DAYS_COLUMNS,
    SECTIONS,
    reception_days_rows,
)
from .params import ReportParamsForm
from .periods import current_quarter
from .selectors import locality_figures, periodic_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _params(request) -> ReportParamsForm:
    data = request.GET.copy()
    if not any(data.get(name) for name in ("period", "from", "to", "unit")):
        data["period"] = current_quarter(timezone.localdate()).shorthand
    return ReportParamsForm(data, user=request.user)


def _render_invalid(request, template: str, form: ReportParamsForm):
    return render(request, template, {"form": form}, status=400)


@requires(may_report)
def periodic(request):
    """The periodic report of a unit for a period, on screen, with Excel and PDF links."""
    form = _params(request)
    if not form.is_valid():
        return _render_invalid(request, "reports/periodic.html", form)
    report = periodic_report(user=request.user, period=form.period, unit=form.unit)
    sections = [
        (title, [(label, getattr(report, name), name) for name, label in rows])
        for title, rows in SECTIONS
    ]
    breakdowns = [
        (title, heading, getattr(report, attribute)) for attribute, title, heading in BREAKDOWNS
    ]
    return render(
        request,
        "reports/periodic.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "breakdowns": breakdowns,
            "chart": monthly_chart(report.months),
            "query": _query(form),
            "forwarding_columns": FORWARDING_COLUMNS,
            "reception_days": reception_days_rows(report),
            "reception_days_columns": RECEPTION_DAYS_COLUMNS,
        },
    )


def _query(form: ReportParamsForm) -> str:
    """Return the query string naming exactly this report, for its downloads and views."""
    period, unit = form.period, form.unit
    if period.shorthand:
        return f"period={period.shorthand}&unit={unit.code}"
    return f"from={period.first:%Y-%m-%d}&to={period.last:%Y-%m-%d}&unit={unit.code}"


def _download(request, build, content_type: str, extension: str):
    form = _params(request)
    if not form.is_valid():
        return _render_invalid(request, "reports/periodic.html", form)
    report = periodic_report(user=request.user, period=form.period, unit=form.unit)
    response = HttpResponse(build(report), content_type=content_type)
    name = f"bao-cao-{report.unit.code}-{report.period.first:%Y%m%d}-{report.period.last:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    period = report.period
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=f"periodic report {report.unit.code} {period.first:%Y-%m-%d}–{period.last:%Y-%m-%d}",
        request=request,
        details={"format": extension, "unit": report.unit.code, "period": period.shorthand},
    )
    return response


@requires(may_report)
def periodic_xlsx(request):
    return _download(request, report_xlsx, XLSX, "xlsx")


@requires(may_report)
def periodic_pdf(request):
    return _download(request, report_pdf, "application/pdf", "pdf")


@requires(may_report)
def localities(request):
    """The communes coloured by open cases, with their main fields and trend, and the months."""
    form = _params(request)
    metric_form = MetricForm(request.GET)
    if not form.is_valid():
        return _render_invalid(request, "reports/localities.html", form)
    metric = metric_form.chosen()
    figures = locality_figures(user=request.user, period=form.period, unit=form.unit)
    report = periodic_report(user=request.user, period=form.period, unit=form.unit)
    return render(
        request,
        "reports/localities.html",
        {
            "form": form,
            "metric": metric,
            "metric_form": MetricForm(initial={"metric": metric}),
            "figures": figures,
            "map": commune_map(figures, metric),
            "chart": monthly_chart(report.months),
            "query": _query(form),
            "communes": sorted(figures.communes, key=lambda c: (-c.open, c.locality.name)),
        },
    )
