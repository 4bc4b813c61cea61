"""schemathesis over the OpenAPI document, against a live server: no failure of any check.

Run as a new user of the API would (the `schemathesis run` command, every default check, the
stateful links the schema declares), signed in as a leader, as a reception officer, and signed
out. The examples per operation are bounded so the three runs stay well under 90 seconds.
The whole run, coverage phase included, against `make run`'s server:

    .venv/bin/schemathesis --config-file tests/schemathesis.toml run \
        http://127.0.0.1:8000/api/schema/?format=json -H "Authorization: Token <token>"
"""

import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from .factories import build_world, register

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = "5"
# The coverage phase's thousands of boundary requests take minutes; fuzzing and the stateful
# links run in seconds. `make`-free repeat: see the module docstring.
PHASES = "examples,fuzzing,stateful"


@pytest.fixture
def served(live_server):
    world = build_world()
    # Cases to read and act on, beside those the stateful links create.
    register(world)
    register(world, kind="denunciation")
    return live_server, world


def schemathesis_run(url: str, *headers: str) -> subprocess.CompletedProcess:
    options = [option for header in headers for option in ("--header", header)]
    return subprocess.run(
        [
            str(SCHEMATHESIS),
            f"--config-file={CONFIG}",
            "run",
            f"{url}/api/schema/?format=json",
            f"--max-examples={MAX_EXAMPLES}",
            "--workers=1",
            "--seed=12",
            "--no-color",
            "--suppress-health-check=all",
            f"--phases={PHASES}",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("role", ["leader", "reception", None])
def test_schemathesis_finds_no_failure(served, role):
    live_server, world = served
    headers = []
    if role is not None:
        token, _created = Token.objects.get_or_create(user=getattr(world, role))
        headers.append(f"Authorization: Token {token.key}")

    run = schemathesis_run(live_server.url, *headers)

    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
