"""Every URL the project routes, as the permission matrix and the leak test walk them.

`routes()` reads the URL configuration, so a URL added without a `PROBES` entry fails
`test_every_url_has_a_probe`. A probe says how to call the URL (method, arguments, body) and
what each role gets back, for a complaint and for a denunciation.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = (
    "reception",
    "handler",
    "other_handler",
    "leader",
    "other_leader",
    "inspector",
    "administrator",
    "anonymous",
)
KINDS = ("complaint", "denunciation")

# Django's admin builds a URL per model and guards every one with `AdminSite.admin_view`
# (staff flag, then model permissions); its index stands for them in the matrix.
ADMIN_STANDS_FOR_ITSELF = "admin:index"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str


def _walk(patterns, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner.strip(":"))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(name=name or "", pattern=prefix + str(entry.pattern))


def routes() -> list[Route]:
    """Every routed URL but the admin's own (see ADMIN_STANDS_FOR_ITSELF)."""
    found = [
        route
        for route in _walk(get_resolver().url_patterns, "", "")
        if not route.pattern.startswith("admin/") or route.name == ADMIN_STANDS_FOR_ITSELF
    ]
    return sorted({route.name: route for route in found}.values(), key=lambda r: r.name)


def statuses(default: int, **by_role: int) -> dict[str, int]:
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"no such role: {unknown}"
    return {role: by_role.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Probe:
    """How to call one URL, and the status each role gets for each kind of case.

    `kwargs(fixture, kind)` returns the URL's arguments; `expected` holds the statuses for a
    complaint, and `denunciation` the roles whose status differs for a denunciation.
    """

    expected: dict[str, int]
    kwargs: Callable = lambda fixture, kind: {}
    method: str = "get"
    data: Callable = lambda fixture, kind: {}
    denunciation: dict[str, int] = field(default_factory=dict)
    json: bool = False

    def status_for(self, role: str, kind: str) -> int:
        if kind == "denunciation" and role in self.denunciation:
            return self.denunciation[role]
        return self.expected[role]
