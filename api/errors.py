"""One mapping from the case domain's errors to HTTP statuses and the API's error shape.

Every error the API answers is JSON (docs/api.md#errors): 400 `{field: [messages]}`, any
other status `{detail}`.
"""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cases.exceptions import (
    CaseConflict,
    CaseError,
    CaseNotFound,
    InvalidInput,
    NotAllowedInState,
    NotPermitted,
    UnknownTransition,
)
from search.backends.base import SearchUnavailable

STATUS_BY_ERROR = {
    CaseError: status.HTTP_400_BAD_REQUEST,
    InvalidInput: status.HTTP_400_BAD_REQUEST,
    NotPermitted: status.HTTP_403_FORBIDDEN,
    CaseNotFound: status.HTTP_404_NOT_FOUND,
    UnknownTransition: status.HTTP_404_NOT_FOUND,
    NotAllowedInState: status.HTTP_409_CONFLICT,
    CaseConflict: status.HTTP_409_CONFLICT,
}


def status_for(exc: CaseError) -> int:
    """Return the status of the exception's class, or of its nearest listed ancestor."""
    return next(STATUS_BY_ERROR[cls] for cls in type(exc).__mro__ if cls in STATUS_BY_ERROR)


def exception_handler(exc, context):
    if isinstance(exc, SearchUnavailable):
        # Case writes go on while the search engine is down; only searching waits.
        return Response(
            {"detail": _("Search is unavailable for a moment; try again shortly.")},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    if isinstance(exc, CaseError):
        code = status_for(exc)
        if isinstance(exc, InvalidInput):
            return Response(exc.errors, status=code)
        return Response({"detail": str(exc.message)}, status=code)
    if isinstance(exc, ParseError):
        # A 400 names what to fix; a body that cannot be read is the whole body's fault.
        return Response({"non_field_errors": [str(exc.detail)]}, status=exc.status_code)
    return drf_exception_handler(exc, context)
