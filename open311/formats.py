"""GeoReport v2's two formats from one structure (docs/open311.md#formats).

Answers are built as plain data, in the order the specification lists the elements: a list
for a collection, a dict for one element. JSON is that data as it stands. XML follows the
Spark convention the specification maps the two with: a list becomes an element named for
its container holding one element per item, named by CONTAINERS; None is an empty element,
a boolean `true` or `false`.
"""

import json
from decimal import Decimal
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils.functional import Promise

CONTAINERS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class FormatConverter:
    """The extension that names the format: `services.json`, `services.xml`."""

    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Promise):  # a label translated when it is read
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _element(name: str, value) -> ElementTree.Element:
    element = ElementTree.Element(name)
    if isinstance(value, list):
        element.extend(_element(CONTAINERS[name], item) for item in value)
    elif isinstance(value, dict):
        element.extend(_element(key, inner) for key, inner in value.items())
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def render(data, *, root: str, format: str, status: int = 200) -> HttpResponse:
    """Return `data` in the format, as the element `root` (the container of a collection)."""
    if format == "json":
        body = json.dumps(data, ensure_ascii=False, default=_json_value)
    else:
        tree = ElementTree.tostring(_element(root, data), encoding="unicode")
        # The specification asks for the declaration naming UTF-8 before the root element.
        body = f'<?xml version="1.0" encoding="utf-8"?>\n{tree}'
    return HttpResponse(body.encode("utf-8"), content_type=CONTENT_TYPES[format], status=status)
