"""A developer's machine: `make run`."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import BASE_DIR, REDIS_URL, SITE_URL, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", urlsplit(SITE_URL).hostname])
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

(BASE_DIR / "var").mkdir(exist_ok=True)
# `make run` starts the web server and the worker as two processes: they share a cache on disk
# (unless REDIS_URL is set), so a page the worker publishes shows on the next request here too.
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / "var" / "cache",
        }
    }
# Static files come straight from the source folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
