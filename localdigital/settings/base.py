"""Settings shared by every environment.

Configuration comes from the environment through django-environ, and only
in this package. dev.py, test.py and production.py adjust these defaults.
"""

import base64
import datetime
import hashlib
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's own overrides; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = False

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "pages",
    "organisations",
    "topics",
    "roadmap",
    "declaration",
    "news",
    "events",
    "funding",
    "subscriptions",
    "notifications",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, which keeps pages uncompressed; compresses public responses only.
    "core.middleware.PublicGZipMiddleware",
    "core.middleware.RefuseUnstorableInputMiddleware",
    "core.middleware.ErrorPagesMiddleware",
    # Before sessions, CSRF and authentication: a cached page skips them (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "localdigital.urls"
# GOV.UK pages for a failed form security check (and 400, 403, 405 and 429: see core/errors.py).
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
WSGI_APPLICATION = "localdigital.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# SQLite is only the embedded default for a developer's machine: dev.py sets
# it, production.py insists on DATABASE_URL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",  # Django's, reusing its Redis client (core/cache.py)
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (core/page_cache.py): anonymous visitors' pages are kept in this cache for
# PAGE_CACHE_SECONDS (0 turns the cache off; any change a public page shows empties it at
# once, so this only bounds what time alone changes, such as an event passing), and a CDN
# or other shared cache may hold them for PAGE_CACHE_CDN_SECONDS (s-maxage) while browsers
# revalidate every time.
PAGE_CACHE_ALIAS = "default"
# What this deploy is (the commit, say): pages kept by another release are not served. Left empty,
# a hash of the static files' manifest stands in (core.page_cache.release).
RELEASE = env.str("RELEASE", default="")
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_CDN_SECONDS = env.int("PAGE_CACHE_CDN_SECONDS", default=300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# frontend_build/ holds GOV.UK Frontend and other npm assets, copied there by
# scripts/build_frontend.sh; static/ holds the site's own CSS and JS.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "frontend_build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads live in MEDIA_ROOT and the site serves them (core/media.py), unless
# production.py puts them in S3-compatible storage.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

# Email: any Django backend; SMTP settings are used by the SMTP backend.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "emails"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Local Digital <noreply@localdigital.gov.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Bulk email (bulletins, alerts, digests: notifications.bulk) goes through GOV.UK Notify when
# its API key is set, with one Notify template whose subject is ((subject)) and body ((body));
# otherwise through EMAIL_BACKEND, like every other email.
GOVUK_NOTIFY_API_KEY = env.str("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_TEMPLATE_ID = env.str("GOVUK_NOTIFY_TEMPLATE_ID", default="")
GOVUK_NOTIFY_BASE_URL = env.str("GOVUK_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
if GOVUK_NOTIFY_API_KEY and not GOVUK_NOTIFY_TEMPLATE_ID:
    raise ImproperlyConfigured(
        "GOVUK_NOTIFY_API_KEY is set but GOVUK_NOTIFY_TEMPLATE_ID is not: set it to the id of the Notify "
        "template whose subject is ((subject)) and whose body is ((body))."
    )
# The worker claims this many bulk emails at a time; if it is killed mid-batch, at most these are in doubt.
BULK_EMAIL_BATCH_SIZE = env.int("BULK_EMAIL_BATCH_SIZE", default=50)
# ... and sends them over this many connections at once.
BULK_EMAIL_CONNECTIONS = env.int("BULK_EMAIL_CONNECTIONS", default=4)

# Background work: django-tasks with the database backend, run by
# `manage.py db_worker`. Wagtail queues its own background work here too.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker check (/healthz/worker, core.background_work) answers 503 when no worker
# has sent a heartbeat (every 10 s while waiting for work) for WORKER_HEARTBEAT_MAX_AGE
# seconds, when a task has run for longer than WORKER_TASK_TIME_LIMIT (a worker stuck
# past it counts as gone, and its task is queued again), or when a task ready to run
# has waited longer than WORKER_QUEUE_MAX_WAIT.
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=60)
WORKER_TASK_TIME_LIMIT = env.int("WORKER_TASK_TIME_LIMIT", default=600)
WORKER_QUEUE_MAX_WAIT = env.int("WORKER_QUEUE_MAX_WAIT", default=300)

WAGTAIL_SITE_NAME = "Local Digital"
# The site's public address, without a trailing slash: every absolute link
# (emailed links, the sitemap, robots.txt, the admin's "view live") starts
# with it. `make run` sets it from HOST and PORT; production requires it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# English stemming on PostgreSQL, so "council" finds "councils" (on SQLite a migration
# in pages gives the full-text table the Porter stemmer instead).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
# The admin asks no one else for anything: no Gravatar (it would send a hash of
# each member of staff's email address) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_MODERATION_ENABLED = True
# Signing in to see a private page, and the password a page or document asks for, in the GOV.UK layout.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "core/sign_in.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "core/password_required.html"  # noqa: S105 - a template, not a password
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "core/password_required.html"  # noqa: S105 - a template
WAGTAIL_WORKFLOW_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The visitor's address, for rate limits (django-ratelimit) and the admin's sign-in
# throttle (django-axes), comes from core.client_address. Behind a proxy, name the
# header it writes the client's address into, e.g. X-Real-IP (RATELIMIT_IP_META_KEY
# is the older name of this variable, still read).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="") or env.str("RATELIMIT_IP_META_KEY", default="")
RATELIMIT_IP_META_KEY = "core.client_address.client_address"
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
# If the cache is down, let people through rather than turn everyone away.
RATELIMIT_FAIL_OPEN = True

# The admin's sign-in is throttled by django-axes (core.sign_in): after 5 failed attempts
# on one account from one address, signing in to that account from that address is
# paused for 15 minutes (a 429 page that says until when); the account still signs in
# from anywhere else. After 20 failures from one address across all accounts (a password
# spray), that address is paused. Attempts are kept in the database, so every process counts them.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
ADMIN_SIGN_IN_ATTEMPTS = env.int("ADMIN_SIGN_IN_ATTEMPTS", default=5)
ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS = env.int("ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS", default=20)
AXES_HANDLER = "core.sign_in.SignInAttempts"
AXES_FAILURE_LIMIT = "core.sign_in.failure_limit"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("ADMIN_SIGN_IN_PAUSE_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.errors.sign_in_paused"
AXES_USERNAME_CALLABLE = "core.client_address.signing_in_username"
AXES_VERBOSE = False

# GOV.UK Frontend's snippet that tells its styles that JavaScript runs: the one inline script on
# public pages ({% js_enabled_script %} in layout.html). It is allowed by its hash, so a public page
# carries nothing that changes per request and the page cache keeps it ready compressed.
JS_ENABLED_SCRIPT = (
    "document.body.className += ' js-enabled' + "
    "('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
)
JS_ENABLED_SCRIPT_HASH = f"'sha256-{base64.b64encode(hashlib.sha256(JS_ENABLED_SCRIPT.encode()).digest()).decode()}'"

# Content-Security-Policy (django-csp 4): scripts only from this site, the snippet above by
# its hash, or with the request's nonce (a template may write `nonce="{{ CSP_NONCE }}"` on
# an inline script: the page cache then gives each visitor a nonce of their own, but cannot
# keep that page compressed), never 'unsafe-inline'. Browsers send violation reports to
# CSP_REPORT_URI if set.
csp_report_uri = env.str("CSP_REPORT_URI", default="")  # lower case: django-csp refuses settings named CSP_*
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, JS_ENABLED_SCRIPT_HASH, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"report-uri": [csp_report_uri]} if csp_report_uri else {}),
    },
}
# The Wagtail admin writes inline scripts and styles of its own (inline panels, date
# pickers, the rich text editor) and shows previews in a frame, so under ADMIN_URL_PREFIX
# core.middleware.ContentSecurityPolicyMiddleware replaces these directives. Scripts
# there still come only from this site.
ADMIN_URL_PREFIX = "/admin/"
PAGE_CACHE_EXCLUDED_PREFIXES = (ADMIN_URL_PREFIX, STATIC_URL, MEDIA_URL)
ADMIN_CONTENT_SECURITY_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
}
# Browser features the site never uses, switched off (Permissions-Policy), and this
# site's files only for this site's pages (Cross-Origin-Resource-Policy).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
