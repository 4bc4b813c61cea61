import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from .factories import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache (Redis in CI); each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """Return a function giving an API client logged in as the given user (None: anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
