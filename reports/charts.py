"""Pictures drawn on the server: the commune tiles and the monthly chart's SVG geometry.

Templates turn them into HTML and inline SVG with presentation attributes only, so the
pages need no script, no style attribute and nothing from outside (CSP-clean).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import CommuneFigures, LocalityFigures, Month

# Light to dark: five classes of the chosen measure, then "no population known".
PALETTE = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
NO_DATA = "#d5dae1"


@dataclass(frozen=True)
class Tile:
    fill: str
    dark: bool
    name: str
    value: str
    trend: str
    fields: str
    title: str
    url: str


@dataclass(frozen=True)
class Map:
    tiles: list[Tile]
    legend: list[tuple[str, str]]


def _measure(commune: CommuneFigures, metric: str) -> float | None:
    return commune.per_thousand if metric == "rate" else float(commune.open)


def _show(value: float | None, metric: str) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",") if metric == "rate" else f"{int(value)}"


def search_url(code: str) -> str:
    return reverse("staff:search") + "?" + urlencode({"locality": code})


def _trend(commune: CommuneFigures) -> str:
    if commune.trend > 0:
        return f"▲ +{commune.trend}"
    if commune.trend < 0:
        return f"▼ {commune.trend}"
    return "= 0"


def commune_map(figures: LocalityFigures, metric: str) -> Map:
    """Return a tile per commune, coloured by the measure's share of the top; CSS lays them out."""
    communes = figures.communes
    values = [_measure(c, metric) for c in communes]
    top = max((v for v in values if v is not None), default=0)
    tiles = []
    for commune, value in zip(communes, values, strict=True):
        if value is None:
            fill, dark = NO_DATA, False
        else:
            step = min(len(PALETTE) - 1, int(value / top * len(PALETTE))) if top else 0
            fill, dark = PALETTE[step], step >= 3
        fields = ", ".join(f"{line.label} ({line.count})" for line in commune.top_fields)
        title = _(
            "%(name)s: %(open)d open, %(overdue)d overdue, %(rate)s per 1,000 inhabitants; "
            "received %(received)d against %(before)d in the period before; main fields: "
            "%(fields)s"
        ) % {
            "name": commune.locality.name,
            "open": commune.open,
            "overdue": commune.overdue,
            "rate": _show(commune.per_thousand, "rate"),
            "received": commune.received,
            "before": commune.received_before,
            "fields": fields or "—",
        }
        tiles.append(
            Tile(
                fill=fill,
                dark=dark,
                name=commune.locality.name,
                value=_show(value, metric),
                trend=_trend(commune),
                fields=fields,
                title=title,
                url=search_url(commune.locality.code),
            )
        )
    return Map(
        tiles=tiles,
        legend=_legend(top, metric),
    )


def _legend(top: float, metric: str) -> list[tuple[str, str]]:
    classes = len(PALETTE)
    legend = [
        (colour, f"{_show(top * i / classes, metric)} – {_show(top * (i + 1) / classes, metric)}")
        for i, colour in enumerate(PALETTE)
    ]
    if metric == "rate":
        legend.append((NO_DATA, _("population unknown")))
    return legend


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    base: float
    received: list[Bar]
    resolved: list[Bar]
    labels: list[tuple[float, str]]
    share_points: str
    share_dots: list[tuple[float, float, str]]
    # (y, count on the left axis, share on the right axis)
    ticks: list[tuple[float, str, str]]
    plot_left: float
    plot_right: float


CHART_H, PLOT_TOP, PLOT_BOTTOM, LEFT, RIGHT, SLOT, MIN_PLOT = 260, 16, 220, 48, 48, 64, 576


def monthly_chart(months: list[Month]) -> Chart:
    """Return bars of received and resolved per month and a line of the overdue share.

    The left axis counts petitions; the right one is the share of decisions made late.
    """
    # At least a quarter's width, so that a short period still reads as a chart.
    slot = max(SLOT, MIN_PLOT // max(1, len(months)))
    width = LEFT + RIGHT + slot * max(1, len(months))
    top = max([1, *(m.received for m in months), *(m.resolved for m in months)])
    scale = (PLOT_BOTTOM - PLOT_TOP) / top
    received, resolved, labels, dots = [], [], [], []
    for index, month in enumerate(months):
        left = LEFT + index * slot + (slot - 48) / 2
        label = f"{month.month:%m/%Y}"
        for bars, value, offset, text in (
            (received, month.received, 0, _("received")),
            (resolved, month.resolved, 24, _("resolved")),
        ):
            height = value * scale
            bars.append(
                Bar(
                    left + offset,
                    PLOT_BOTTOM - height,
                    22,
                    height,
                    value,
                    f"{label}: {value} {text}",
                )
            )
        labels.append((left + 23, label))
        if month.overdue_share is not None:
            share = month.overdue_share
            y = PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP)
            title = ngettext(
                "%(month)s: %(late)d of %(count)d decision late (%(share)d%%)",
                "%(month)s: %(late)d of %(count)d decisions late (%(share)d%%)",
                month.resolved,
            ) % {
                "month": label,
                "late": month.resolved_overdue,
                "count": month.resolved,
                "share": round(share * 100),
            }
            dots.append((left + 23, y, title))
    ticks = [
        (PLOT_BOTTOM - f * (PLOT_BOTTOM - PLOT_TOP), f"{round(f * top)}", f"{round(f * 100)}%")
        for f in (0, 0.5, 1)
    ]
    return Chart(
        width=width,
        height=CHART_H,
        base=PLOT_BOTTOM,
        received=received,
        resolved=resolved,
        labels=labels,
        share_points=" ".join(f"{x:.1f},{y:.1f}" for x, y, _title in dots),
        share_dots=dots,
        ticks=ticks,
        plot_left=LEFT,
        plot_right=width - RIGHT,
    )
