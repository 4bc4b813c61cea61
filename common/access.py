"""Access checks for views, given the rule as a predicate on the user (cases.permissions)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def requires(predicate):
    """Let signed-in users for whom `predicate(user)` holds through; others get 403.

    Anonymous users are sent to sign in first.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
