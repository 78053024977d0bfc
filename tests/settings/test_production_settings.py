import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMPLETE_ENVIRONMENT = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-this-test-only-1234567890",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/localdigital",
    "ALLOWED_HOSTS": "localdigital.example.gov.uk",
    "SITE_URL": "https://localdigital.example.gov.uk",
}


def start_django(**environment):
    """Start Django with production settings in a fresh process, as gunicorn would."""
    env = {key: value for key, value in os.environ.items() if key not in COMPLETE_ENVIRONMENT}
    env.update(environment, DJANGO_SETTINGS_MODULE="localdigital.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL"])
def test_refuses_to_start_without_a_required_variable_and_names_it(missing):
    environment = {key: value for key, value in COMPLETE_ENVIRONMENT.items() if key != missing}

    result = start_django(**environment)

    assert result.returncode != 0
    assert f"which are not set: {missing}." in result.stderr


def test_names_every_missing_variable_at_once():
    result = start_django()

    assert "which are not set: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, SITE_URL." in result.stderr


def test_starts_when_everything_is_set():
    result = start_django(**COMPLETE_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_refuses_a_site_url_that_is_not_a_full_address():
    result = start_django(**{**COMPLETE_ENVIRONMENT, "SITE_URL": "localdigital.example.gov.uk"})

    assert result.returncode != 0
    assert "SITE_URL must be the site's full address" in result.stderr
