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
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://localdigital.example.gov.uk",
}


def start_django(then="print('started')", **environment):
    """Start Django with production settings in a fresh process, as gunicorn would, then run `then`."""
    env = {key: value for key, value in os.environ.items() if key not in COMPLETE_ENVIRONMENT}
    env.update(environment, DJANGO_SETTINGS_MODULE="localdigital.settings.production")
    return subprocess.run(  # noqa: S603 - the test's own code, in a fresh interpreter
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; " + then],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


REQUIRED = ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL"]


@pytest.mark.parametrize("missing", REQUIRED)
def test_refuses_to_start_without_a_required_variable_and_names_it(missing):
    environment = {key: value for key, value in COMPLETE_ENVIRONMENT.items() if key != missing}

    result = start_django(**environment)

    assert result.returncode != 0
    assert f"which are not set: {missing}." in result.stderr


def test_refuses_to_start_without_a_shared_cache_and_says_how_to_add_one():
    environment = {key: value for key, value in COMPLETE_ENVIRONMENT.items() if key != "REDIS_URL"}

    result = start_django(**environment)

    assert result.returncode != 0
    assert "need a cache shared by every process" in result.stderr
    assert "set REDIS_URL" in result.stderr
    assert "DATABASE_CACHE=true" in result.stderr


def test_the_shared_cache_is_redis_or_postgresql():
    without_redis = {key: value for key, value in COMPLETE_ENVIRONMENT.items() if key != "REDIS_URL"}
    backend = "settings.CACHES['default']['BACKEND']"

    assert production_setting(backend) == "core.cache.RedisCache"
    assert production_setting(backend, REDIS_URL="", DATABASE_CACHE="true") == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    assert start_django(**without_redis, DATABASE_CACHE="true").returncode == 0


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


def production_setting(expression: str, **environment) -> str:
    """The value of a setting as production computes it from this environment."""
    result = start_django(then=f"print({expression})", **{**COMPLETE_ENVIRONMENT, **environment})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_preload_is_off_until_an_operator_opts_in():
    assert production_setting("settings.SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("settings.SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="true") == "True"


def test_content_security_policy_violations_go_to_the_configured_address():
    expression = "settings.CONTENT_SECURITY_POLICY['DIRECTIVES'].get('report-uri')"

    assert production_setting(expression) == "None"
    assert (
        production_setting(expression, CSP_REPORT_URI="https://csp.example/report") == "['https://csp.example/report']"
    )


def test_uploads_go_to_s3_compatible_storage_when_a_bucket_is_named_and_pages_may_show_them():
    bucket = {"AWS_STORAGE_BUCKET_NAME": "ld-media", "AWS_S3_CUSTOM_DOMAIN": "media.localdigital.example.gov.uk"}
    expression = (
        "settings.STORAGES['default']['BACKEND'], settings.SERVE_MEDIA, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']"
    )

    assert production_setting(expression) == ("django.core.files.storage.FileSystemStorage True [\"'self'\", 'data:']")
    assert production_setting(expression, **bucket) == (
        "storages.backends.s3.S3Storage False [\"'self'\", 'data:', 'https://media.localdigital.example.gov.uk']"
    )


def test_errors_are_reported_to_sentry_only_when_a_dsn_is_set():
    active = "__import__('sentry_sdk').get_client().is_active()"

    assert production_setting(active) == "False"
    assert production_setting(active, SENTRY_DSN="https://key@sentry.example.gov.uk/1") == "True"
    assert (
        production_setting(
            "__import__('sentry_sdk').get_client().options['send_default_pii']",
            SENTRY_DSN="https://key@sentry.example.gov.uk/1",
        )
        == "False"
    )


def test_a_cdn_is_purged_only_when_one_is_configured():
    assert production_setting("'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS") == "False"

    cloudflare = {
        "FRONTEND_CACHE_BACKEND": "cloudflare",
        "CLOUDFLARE_BEARER_TOKEN": "token-for-this-test",
        "CLOUDFLARE_ZONE_ID": "zone-for-this-test",
    }
    assert production_setting("'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS", **cloudflare) == "True"
    assert production_setting("settings.WAGTAILFRONTENDCACHE['default']['ZONEID']", **cloudflare) == (
        "zone-for-this-test"
    )
    purge = {"FRONTEND_CACHE_BACKEND": "http-purge", "FRONTEND_CACHE_PURGE_URL": "http://varnish.internal:6081"}
    assert production_setting("settings.WAGTAILFRONTENDCACHE['default']['BACKEND']", **purge) == (
        "wagtail.contrib.frontend_cache.backends.HTTPBackend"
    )


def test_a_cdn_without_its_settings_stops_start_up_and_names_them():
    result = start_django(**COMPLETE_ENVIRONMENT, FRONTEND_CACHE_BACKEND="cloudflare", CLOUDFLARE_ZONE_ID="zone")
    assert result.returncode != 0
    assert "needs these environment variables, which are not set: CLOUDFLARE_BEARER_TOKEN." in result.stderr

    result = start_django(**COMPLETE_ENVIRONMENT, FRONTEND_CACHE_BACKEND="akamai")
    assert result.returncode != 0
    assert "it must be one of cloudflare, cloudfront, http-purge." in result.stderr


def test_the_page_cache_lifetimes_come_from_the_environment():
    assert production_setting("(settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_CDN_SECONDS)") == "(600, 300)"
    assert (
        production_setting(
            "(settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_CDN_SECONDS)",
            PAGE_CACHE_SECONDS="0",
            PAGE_CACHE_CDN_SECONDS="60",
        )
        == "(0, 60)"
    )
