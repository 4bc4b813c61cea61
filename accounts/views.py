"""Sign-in in two steps (password, then a code when enrolled) and the authenticator page."""

from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from segno import make_qr

from .forms import CodeForm
from .models import AuditAction
from .services import (
    audit_record,
    lockout_api_response,
    lockout_message,
    may_enrol_otp,
    pending_login_expired,
    totp_device,
    totp_enrol,
    totp_enrolment_device,
    totp_remove,
    totp_verify,
)

PENDING = "accounts_pending_login"


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers a locked-out client: JSON for the API, the login page else."""
    if request.path.startswith("/api/"):
        return lockout_api_response()
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "lockout": lockout_message()}
    return render(request, "registration/login.html", context, status=429)


class LoginView(auth_views.LoginView):
    """The password step; a user with an authenticator goes on to the code step."""

    template_name = "registration/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if totp_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "started": timezone.now().timestamp(),
            "next": self.get_success_url(),
        }
        return redirect("staff:login_code")


@sensitive_post_parameters("token")
@never_cache
def login_code(request):
    """The code step of a sign-in: the password was right, the authenticator's code decides."""
    pending = request.session.get(PENDING)
    if not pending or pending_login_expired(pending["started"]):
        request.session.pop(PENDING, None)
        return redirect("staff:login")
    user = get_user_model().objects.get(pk=pending["user"])
    device = totp_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device is not None and totp_verify(device, form.cleaned_data["token"]):
            del request.session[PENDING]
            user.otp_device = device  # django-otp marks the new session verified
            login(request, user, backend=pending["backend"])
            # Checked by the password step before it was kept in the session.
            return redirect(pending["next"])
        audit_record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            target=user.get_username(),
            request=request,
            details={"via": "staff", "reason": "code"},
        )
        form.add_error(
            "token", _("The code is wrong or has expired; enter the code the app shows now.")
        )
    return render(request, "registration/login_code.html", {"form": form})


@login_required
@sensitive_post_parameters("token")
@never_cache
def otp_setup(request):
    """Enrol an authenticator app (QR code and key, confirmed by a code), or remove it."""
    if not may_enrol_otp(request.user):
        raise PermissionDenied
    device = totp_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if device is None:
            error = totp_enrol(
                request=request, device=totp_enrolment_device(request.user), token=token
            )
            done = _("The authenticator app is enrolled: sign-ins now ask for its code.")
        else:
            error = totp_remove(device=device, token=token)
            done = _("The authenticator app is removed.")
        if error is None:
            messages.success(request, done)
            return redirect("staff:home" if device is None else "staff:otp_setup")
        form.add_error("token", error)
    context = {"form": form, "enrolled": device is not None}
    if device is None:
        enrolment = totp_enrolment_device(request.user)
        context["qr_svg"] = make_qr(enrolment.config_url).svg_inline(scale=4)
        context["secret"] = _grouped_secret(enrolment.bin_key)
    return render(request, "staff/otp_setup.html", context)


def _grouped_secret(key: bytes) -> str:
    """The key as an app's manual entry takes it: base32, in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
