"""The API's JSON parser: refuses, with a 400, the bodies the standard one lets through to a 500.

A body nested deeper than MAX_DEPTH, a number too large for a float (`1e400`), NaN and
Infinity, and text holding a lone surrogate (which PostgreSQL cannot store) are refused
before any view sees them (docs/api.md#errors).
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

# Far deeper than any body the API takes (a petition with its representatives is 3).
MAX_DEPTH = 32


def _refuse_constant(name: str):
    raise ValueError(name)


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return number


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _check(value) -> tuple[int, bool]:
    """Return how deep the value nests and whether any of its texts holds a lone surrogate."""
    depth, bad_text, stack = 0, False, [(value, 1)]
    while stack:
        item, level = stack.pop()
        depth = max(depth, level)
        if depth > MAX_DEPTH:
            return depth, bad_text
        if isinstance(item, str):
            bad_text = bad_text or _has_surrogate(item)
        elif isinstance(item, dict):
            bad_text = bad_text or any(_has_surrogate(key) for key in item)
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return depth, bad_text


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The body is not valid JSON.")) from exc
        depth, _bad = _check(data)
        if depth > MAX_DEPTH:
            raise ParseError(
                _("The body nests deeper than %(depth)d levels.") % {"depth": MAX_DEPTH}
            )
        # Named per field where the body is an object, so the client sees which one to fix.
        fields = data.items() if isinstance(data, dict) else [("non_field_errors", data)]
        errors = {
            (name if not _has_surrogate(name) else "non_field_errors"): [
                _("The text holds a character that is not valid Unicode.")
            ]
            for name, value in fields
            if _has_surrogate(name) or _check(value)[1]
        }
        if errors:
            raise ValidationError(errors)
        return data
