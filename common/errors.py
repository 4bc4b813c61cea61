"""Answer 503, never 500, when a service the request needs is down (docs/operations.md).

Django calls `server_error` for every exception nothing else handled, including those raised
in middleware, so a lost database connection or a Redis that is down is answered here: a
short JSON body for the API, a page for everyone else, in the request's language, with
Retry-After. The page is rendered without the request: its context would ask the database
for the user.
"""

import sys

import psycopg
import redis
from django import db
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found as django_page_not_found
from django.views.defaults import server_error as django_server_error
from django_redis.exceptions import ConnectionInterrupted

RETRY_AFTER_SECONDS = 30


class ServiceUnavailable(Exception):
    """A service the request needs (the rate limiter's Redis, the database) did not answer."""


# Raised when PostgreSQL closed or lost the connection, or Redis refused or timed out. The
# driver's own errors are listed too: Django does not wrap them when it closes a server-side
# cursor after iterating (a form's choices rendered while the connection was cut).
UNAVAILABLE = (
    ServiceUnavailable,
    db.OperationalError,
    db.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    ConnectionInterrupted,
    redis.ConnectionError,
    redis.TimeoutError,
)


def unavailable_message() -> str:
    return _("The service is unavailable for a moment. Please try again in a few minutes.")


def _unavailable(request) -> HttpResponse:
    message = unavailable_message()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        page = render_to_string("503.html", {"message": message})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def page_not_found(request, exception, *args, **kwargs):
    """Answer an address that names nothing: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("There is nothing at this address.")}, status=404)
    return django_page_not_found(request, exception, *args, **kwargs)


def server_error(request, *args, **kwargs):
    """Handle an uncaught exception: 503 when a service is down, else 500, JSON for the API."""
    exc = sys.exc_info()[1]
    if isinstance(exc, UNAVAILABLE):
        return _unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("The server failed to answer. The error is logged; try again later.")},
            status=500,
        )
    return django_server_error(request, *args, **kwargs)
