from django.urls import path, register_converter

from . import views
from .formats import FormatConverter

register_converter(FormatConverter, "format")

app_name = "open311"
urlpatterns = [
    path("discovery.<format:format>", views.discovery, name="discovery"),
    path("services.<format:format>", views.services, name="services"),
    path(
        "services/<str:service_code>.<format:format>",
        views.service_definition,
        name="service-definition",
    ),
    path("requests.<format:format>", views.service_requests, name="requests"),
    path(
        "requests/<str:service_request_id>.<format:format>",
        views.service_request,
        name="request",
    ),
    path("tokens/<str:token>.<format:format>", views.token, name="token"),
]
