import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


RANDOM_KEY = "x7Gq" + "kP9vR2mZ8wL4tN6bY1cH3jF5dS0aE" * 2
IDENTITY_KEY = "Wm0zQ1d2dGJ4eWlOa2F0M0p1aGdFbzV4c2ZQcVY4cjI="
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
LOAD_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; settings.SECRET_KEY"
)


def start_django(settings_module: str, *arguments: str, **env) -> subprocess.CompletedProcess:
    """Run Python with these arguments (default: load the settings) in a clean environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    environment.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, *(arguments or ("-c", LOAD_SETTINGS))],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "secret", ["", "short", "dev-only-insecure-key-do-not-deploy" * 3, "a" * 60]
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = start_django("config.settings.production", SECRET_KEY=secret)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_random_secret_key():
    result = start_django(
        "config.settings.production", SECRET_KEY=RANDOM_KEY, IDENTITY_ENCRYPTION_KEYS=IDENTITY_KEY
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_redis():
    result = start_django(
        "config.settings.production",
        SECRET_KEY=RANDOM_KEY,
        IDENTITY_ENCRYPTION_KEYS=IDENTITY_KEY,
        REDIS_URL="",
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_a_malformed_boolean_stops_start_up_with_its_name():
    result = start_django("config.settings.dev", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_vietnamese_is_the_default_language_and_the_clock_is_vietnams(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_the_deployment_checklist_passes_with_production_settings():
    result = start_django(
        "config.settings.production",
        *("manage.py", "check", "--deploy", "--fail-level", "WARNING"),
        SECRET_KEY=RANDOM_KEY,
        IDENTITY_ENCRYPTION_KEYS=IDENTITY_KEY,
        ALLOWED_HOSTS="tiepdan.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
