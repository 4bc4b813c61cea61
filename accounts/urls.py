"""Sign-in pages, included by staff/urls.py: their names are the staff pages' (staff:login)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("account/authenticator/", views.otp_setup, name="otp_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
