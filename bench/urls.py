"""The project's URLs plus the baseline: the smallest Django JSON view, served the same way."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal_view(request):
    return JsonResponse({"ok": True})


urlpatterns = [*project_urlpatterns, path("bench/minimal/", minimal_view)]
