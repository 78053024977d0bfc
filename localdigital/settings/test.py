"""pytest: `make test`."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-insecure-key"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tests run on PostgreSQL, as production does: the local server unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/localdigital")}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages are not kept between requests, so a test may change data inside its transaction and see
# it at once; tests/core/test_page_cache.py turns the page cache on. Cache-Control and ETag still apply.
PAGE_CACHE_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the finders; there is no collectstatic in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
