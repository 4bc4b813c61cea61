"""`make serve` on a fresh machine: a new database, no secrets yet; it serves, then stops."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ops import database
from ops.processes import HOST, free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_database():
    url = database.with_name(os.environ["DATABASE_URL"], "tiepdan_serve_test")
    database.drop(url, "tiepdan_serve_test")
    yield url
    database.drop(url, "tiepdan_serve_test")


def wait_for(process, text: str, seconds: float = 240) -> str:
    """Return the output up to the line holding `text`."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return "".join(seen)
    raise AssertionError("".join(seen))


def test_serve_makes_its_secrets_serves_the_production_site_and_stops(tmp_path, fresh_database):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database,
        "PORT": str(port),
        "TIEPDAN_SECRETS_DIR": str(tmp_path / "secrets"),
    }
    for name in ("SECRET_KEY", "IDENTITY_ENCRYPTION_KEYS", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "ops.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = wait_for(serve, "stop: Ctrl-C")
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("GET", "/staff/login/")
        login = connection.getresponse()
        page = login.read().decode()
        connection.request("GET", "/api/v1/track/26-K7Q3M-9XPAB-4/")
        tracking = connection.getresponse()
        tracking.read()
        connection.close()
    finally:
        serve.send_signal(signal.SIGINT)
        output, _ = serve.communicate(timeout=60)

    secret = (tmp_path / "secrets" / "secret_key").read_text().strip()
    assert f"serving http://127.0.0.1:{port}/" in started
    assert "generated secret_key, identity_encryption_keys" in started
    assert secret not in started + output
    assert login.status == 200 and "csrfmiddlewaretoken" in page
    assert login.getheader("Content-Security-Policy")
    assert tracking.status == 404
    assert "serve: stopped" in output
    assert serve.returncode == 0
