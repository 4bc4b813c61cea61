"""`make serve` keeps its secrets in var/secrets/: made once, private, read by production."""

import stat

from ops import secrets

from .test_settings import start_django


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_missing_secrets_are_made_once_readable_by_their_owner_alone(tmp_path):
    directory = tmp_path / "secrets"

    made = secrets.ensure(directory, environ={})
    first = (directory / "identity_encryption_keys").read_text()
    again = secrets.ensure(directory, environ={})

    assert made == ["secret_key", "identity_encryption_keys"]
    assert again == []
    assert (directory / "identity_encryption_keys").read_text() == first
    assert mode(directory) == 0o700
    assert {mode(path) for path in directory.iterdir()} == {0o600}


def test_a_secret_given_by_the_environment_is_not_written(tmp_path):
    made = secrets.ensure(tmp_path, environ={"SECRET_KEY": "from the environment"})

    assert made == ["identity_encryption_keys"]
    assert not (tmp_path / "secret_key").exists()


def test_production_starts_with_the_secrets_directory_alone(tmp_path):
    secrets.ensure(tmp_path, environ={})

    result = start_django(
        "config.settings.production",
        SECRET_KEY="",
        IDENTITY_ENCRYPTION_KEYS="",
        TIEPDAN_SECRETS_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").read_text().strip() not in result.stdout + result.stderr
