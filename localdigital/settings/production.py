"""Production: gunicorn behind a TLS-terminating proxy, PostgreSQL.

Secrets have no defaults here: start-up stops and names what is missing.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ADMIN_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY, REDIS_URL, env

REQUIRED_VARIABLES = ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL"]
_missing = [name for name in REQUIRED_VARIABLES if not env.str(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables, which are not set: " + ", ".join(_missing) + "."
    )

if not env.str("SITE_URL").startswith(("https://", "http://")):
    raise ImproperlyConfigured("SITE_URL must be the site's full address, such as https://www.localdigital.gov.uk.")

# Rate limits, the admin's sign-in throttle and cached pages must be the same for every
# gunicorn worker and every server, so production needs a shared cache: Redis, or
# PostgreSQL's own table when there is no Redis.
# base.py has set the Redis cache when REDIS_URL is set.
if not REDIS_URL and env.bool("DATABASE_CACHE", default=False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}
elif not REDIS_URL:
    raise ImproperlyConfigured(
        "Production settings need a cache shared by every process, so that rate limits hold across them: "
        "set REDIS_URL (e.g. redis://127.0.0.1:6379/0), or set DATABASE_CACHE=true to keep it in PostgreSQL "
        "(then run `manage.py createcachetable` once)."
    )

# A CDN in front of the site (docs/production.md): public pages say s-maxage=PAGE_CACHE_CDN_SECONDS,
# and Wagtail's front-end cache invalidation purges what changed, in the background.
FRONTEND_CACHE_BACKEND = env.str("FRONTEND_CACHE_BACKEND", default="")
_frontend_cache_backends = {
    "cloudflare": (
        "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        {"BEARER_TOKEN": "CLOUDFLARE_BEARER_TOKEN", "ZONEID": "CLOUDFLARE_ZONE_ID"},
    ),
    # boto3 (with django-storages) reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment.
    "cloudfront": (
        "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        {"DISTRIBUTION_ID": "CLOUDFRONT_DISTRIBUTION_ID"},
    ),
    # Varnish, Fastly's or nginx's PURGE: a request with the PURGE method to this address.
    "http-purge": ("wagtail.contrib.frontend_cache.backends.HTTPBackend", {"LOCATION": "FRONTEND_CACHE_PURGE_URL"}),
}
if FRONTEND_CACHE_BACKEND:
    if FRONTEND_CACHE_BACKEND not in _frontend_cache_backends:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND is {FRONTEND_CACHE_BACKEND!r}: it must be one of "
            + ", ".join(_frontend_cache_backends)
            + "."
        )
    _backend, _variables = _frontend_cache_backends[FRONTEND_CACHE_BACKEND]
    _unset = [variable for variable in _variables.values() if not env.str(variable, default="")]
    if _unset:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND={FRONTEND_CACHE_BACKEND} needs these environment variables, which are not set: "
            + ", ".join(_unset)
            + "."
        )
    WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": _backend, **{key: env.str(variable) for key, variable in _variables.items()}}
    }
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]  # noqa: F405

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.static_files.StaticFilesStorage"},
}
# Uploaded images and documents: on the filesystem (MEDIA_ROOT, served by the site
# itself, core/media.py), or in S3-compatible storage through django-storages when
# AWS_STORAGE_BUCKET_NAME is set. boto3 reads AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY from the environment itself.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None  # for providers other than AWS
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None  # e.g. a CDN in front of it
    AWS_DEFAULT_ACL = None  # the bucket's own policy decides
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)  # true for a private bucket
    AWS_S3_FILE_OVERWRITE = False
    SERVE_MEDIA = False
    # Pages show images from the bucket, so the Content-Security-Policy allows its address.
    media_origin = (
        f"https://{AWS_S3_CUSTOM_DOMAIN}"
        if AWS_S3_CUSTOM_DOMAIN
        else AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
        media_origin,
    ]
    ADMIN_CONTENT_SECURITY_POLICY["img-src"] = [*ADMIN_CONTENT_SECURITY_POLICY["img-src"], media_origin]

# Errors go to Sentry when SENTRY_DSN is set; no personal data is sent with them.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )
# whitenoise sends far-future, immutable cache headers for the hashed file
# names this storage writes; unhashed names get a short max-age.

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/worker$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits every subdomain to HTTPS in browsers' built-in lists for months:
# opt in with SECURE_HSTS_PRELOAD=true once that is meant. Until then Django's deploy
# check would warn (security.W021), so that one warning is silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
