from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .services import otp_required, served, serving, session_expire_if_over, totp_device

# Pages a user who must still enrol a second factor can reach.
ENROLMENT_PATHS = ("staff:otp_setup", "staff:logout", "staff:login", "set_language")


class AccountsMiddleware:
    """Ends expired sessions, sends users who must enrol a second factor to do so first,
    and lets audit receivers know the request being served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = serving(request)
        try:
            return self.refusal(request) or self.get_response(request)
        finally:
            served(token)

    def refusal(self, request):
        # Only a signed-in session is checked: the public pages cost nothing more.
        if "_auth_user_id" not in request.session:
            return None
        if session_expire_if_over(request):
            messages.info(request, _("Your session has ended; please sign in again."))
            return None
        user = request.user
        if user.is_verified() or not otp_required(user):
            return None
        if request.path in {reverse(name) for name in ENROLMENT_PATHS}:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Enrol an authenticator app on the staff pages first.")}, status=403
            )
        if totp_device(user) is not None:
            # Enrolled but not verified in this session: only a new sign-in verifies.
            logout(request)
            return redirect_to_login(request.get_full_path())
        return redirect("staff:otp_setup")
