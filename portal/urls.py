from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.status, name="status"),
    path("submit/", views.submit, name="submit"),
    path("sessions/", views.sessions, name="sessions"),
]
