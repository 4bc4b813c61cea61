"""The results table: one row per measurement, with its target and verdict."""

import os
from dataclasses import dataclass
from pathlib import Path

HEADER = ("measurement", "value", "target", "verdict")


@dataclass(frozen=True)
class Row:
    measurement: str
    value: str
    target: str = "—"
    verdict: str = "—"


def verdict(met: bool, detail: str = "") -> str:
    word = "ok" if met else "MISSED"
    return f"{detail} {word}".strip()


def milliseconds(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def rate(value: float) -> str:
    return f"{value:,.0f}/s" if value >= 10 else f"{value:.1f}/s"


def render(rows: list[Row], notes: list[str]) -> str:
    """Return the rows as a plain-text table with aligned columns, then the notes."""
    cells = [HEADER, *[(r.measurement, r.value, r.target, r.verdict) for r in rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(HEADER))]

    def line(row) -> str:
        padded = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    body = [line(HEADER), rule, *(line(row) for row in cells[1:])]
    return "\n".join([*body, "", *notes]) + "\n"


def setting(name: str, default: int) -> int:
    """Read a positive whole number from the environment; a bad value stops the run by name."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"bench: {name} must be a positive whole number, not {raw!r}")
    return int(raw)


def publish(rows: list[Row], notes: list[str], path: Path) -> str:
    """Print the results table and save it to `path`; return it."""
    table = render(rows, notes)
    print(table, end="")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(table, encoding="utf-8")
    return table
