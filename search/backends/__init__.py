"""The search backend chosen by settings: the database unless ELASTICSEARCH_URL is set."""

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from .base import SearchBackend


@functools.cache
def _backend_class(path: str) -> type[SearchBackend]:
    return import_string(path)


def get_backend() -> SearchBackend:
    return _backend_class(settings.SEARCH_BACKEND)()
