from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import user_has_device


class AdminSite(admin.AdminSite):
    """The admin, signed in to through the staff login: one place for lockout and the code step."""

    def has_permission(self, request):
        # An enrolled user's session must have passed the code step (django-otp's flag).
        user = request.user
        return super().has_permission(request) and (user.is_verified() or not user_has_device(user))

    def login(self, request, extra_context=None):
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name)
        )
