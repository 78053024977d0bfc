"""The page cache: what anonymous visitors see, kept in the shared cache and never stale.

Nearly every visitor is anonymous and sees the same page, so `PageCacheMiddleware`
keeps each public page's response (any GET answered 200, with no cookie set and
nothing private about it) in Django's cache (Redis in production) and serves it
again, before sessions, authentication, views and templates run. A page is keyed
by its full address, query string included, and kept with the *generation* it was
rendered under.

Never stale: the generation is a random token kept in the same shared cache.
Whenever something a public page shows changes, the change's transaction, once
committed, replaces the token (`invalidate()`), and every page cached under the
old one is never read again, in every web process and on every server, and the
worker's changes count too, since they all share the cache. One version that
covers everything is simpler and safer than knowing which pages show what: a
change is rare next to the reads, and each page is rendered once afterwards.
One cache read (a Redis MGET) fetches the current token and the page together.

What invalidates is declared, not discovered. The ground covers Wagtail's pages
(saved, published, unpublished, moved, deleted, including scheduled publishing
by the worker, which goes through the same signals), site settings, images,
documents, sites and page privacy. Each domain app declares the models
its public pages show:

    @hooks.register("register_page_cache_models")
    def page_cache_models():
        return [Event, Occurrence]

Saving or deleting one of them, or changing its many-to-many relations, then
invalidates. Changes made with `QuerySet.update()` or `bulk_create()` send no
signals: a service that uses them calls `page_cache.invalidate()` itself.

Never cached: a request carrying a session or the messages cookie (a signed-in
editor, an applicant in a journey, a message to show), anything under the admin,
a response that is not 200, that sets a cookie (a form with a CSRF token sets
one), that streams, that varies on more than Cookie, or that already says
`Cache-Control` (`never_cache` pages say `private, no-store`).

Conditional requests: every cacheable page carries a weak `ETag` (a hash of its
content) and is answered 304 when the browser already has it; its
`Cache-Control` is `public, max-age=0, s-maxage=PAGE_CACHE_CDN_SECONDS,
must-revalidate` (browsers revalidate every time, a CDN holds it briefly).
Anything personal is `private, no-store`.

Compressed once: a public page's one inline script (GOV.UK's "js-enabled" snippet)
is allowed by its hash, so the page is the same bytes for everyone, and it is
kept gzip-compressed beside the plain copy, under a key of its own so that a
visit reads only the bytes it sends, and served as it is to every visitor who
accepts gzip (`Vary: Accept-Encoding`). A page that does use a
Content-Security-Policy nonce is stored with a placeholder where its nonce was,
gets a new nonce each time it is served (a 304 sends no new policy, so the
browser keeps the nonce of the copy it has), and is compressed per response.

Why not a package: wagtail-cache 3 requires Wagtail below 8, and clears its
cache wholesale; Django's UpdateCacheMiddleware/FetchFromCacheMiddleware take
their lifetime from the response's max-age (which must be 0 here, for browsers
to revalidate), key by every cookie named in Vary and cannot be invalidated
across processes. This module is Django's cache framework and
`django.utils.cache`'s header helpers, with keys it controls.
"""

import datetime
import hashlib
import logging
import math
import uuid
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from wagtail import hooks

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
GZIP_SUFFIX = ":gzip"  # the key of a page as sent to visitors who accept gzip
# Stands in a stored page for the Content-Security-Policy nonce it was rendered with.
NONCE_PLACEHOLDER = b"__page-cache-csp-nonce-3b9f61__"
# Headers never stored: each response gets its own.
UNSTORED_HEADERS = {"set-cookie", "content-length", "etag", "cache-control", "x-page-cache"}
ALLOWED_VARY = {"cookie"}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def storing() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


# Generation ---------------------------------------------------------------------


def current_generation() -> str:
    """The token every cached page's key includes; a new one if the cache has lost it."""
    store = _cache()
    generation = store.get(GENERATION_KEY)
    if generation is None:
        store.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = store.get(GENERATION_KEY)
    return generation


def _new_generation():
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # The change is committed; pages cached before it expire after PAGE_CACHE_SECONDS.
        logger.exception("Could not empty the page cache")


def invalidate():
    """Forget every cached page once the current transaction commits (at once outside one).

    After the commit, not before: a page rendered meanwhile from the old data is
    stored under the old generation, which is never read again.
    """
    transaction.on_commit(_new_generation)


def changes_at(request, moment: datetime.datetime | None):
    """Say that the page being rendered for `request` changes by itself at `moment` (a window opening).

    Nothing is saved then, so no signal would invalidate it: the page cache keeps
    the page until that moment at most, and a CDN no longer either, so the page
    changes at the minute set rather than up to PAGE_CACHE_SECONDS later. The
    earliest moment said during one render counts.
    """
    if moment is None:
        return
    earliest = getattr(request, "_page_cache_changes_at", None)
    if earliest is None or moment < earliest:
        request._page_cache_changes_at = moment


def _seconds_until_change(request) -> int | None:
    moment = getattr(request, "_page_cache_changes_at", None)
    if moment is None:
        return None
    return max(0, math.floor((moment - timezone.now()).total_seconds()))


# What invalidates -------------------------------------------------------------


@cache
def invalidating_models() -> frozenset:
    """Wagtail's own content models, and each app's from its `register_page_cache_models` hook.

    Worked out when the apps are ready, before Wagtail has registered the snippets, so an app
    names its snippets (topics, principles) in its hook too.
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site

    models = {Site, PageViewRestriction, get_image_model(), get_document_model()}
    models.update(model for model in apps.get_models() if issubclass(model, Page))
    if apps.is_installed("wagtail.contrib.settings"):
        from wagtail.contrib.settings.models import BaseSiteSetting

        models.update(model for model in apps.get_models() if issubclass(model, BaseSiteSetting))
    for hook in hooks.get_hooks("register_page_cache_models"):
        models.update(hook())
    return frozenset(models)


def _purge_from_cdn(instance):
    """With a CDN (`wagtail.contrib.frontend_cache`), purge the home page and the changed thing's own page.

    Wagtail purges a page's own addresses when it is published or unpublished. Other
    lists showing the change stay in the CDN for at most PAGE_CACHE_CDN_SECONDS. The
    purge is a background task, so it runs in the worker, after the commit.
    """
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = [settings.SITE_URL + "/"]
    get_absolute_url = getattr(instance, "get_absolute_url", None)
    if callable(get_absolute_url):
        address = get_absolute_url()
        urls.append(address if address.startswith(("https://", "http://")) else settings.SITE_URL + address)
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def _model_saved_or_deleted(sender, instance, **kwargs):
    if sender in invalidating_models():
        invalidate()
        _purge_from_cdn(instance)


def _relations_changed(sender, instance, model, action, **kwargs):
    if action.startswith("post_") and (type(instance) in invalidating_models() or model in invalidating_models()):
        invalidate()


def _page_event(sender, **kwargs):
    invalidate()


def _file_changed(sender, file_path, **kwargs):
    """In development, an edited template or module shows on the next request."""
    _new_generation()


def connect_signals():
    """Called by core's AppConfig.ready.

    Deletions are watched model by model: a receiver of every model's post_delete would
    stop Django deleting any other model's rows in one query. Saves and relations are
    watched for every model and filtered, which costs nothing when nothing is cached.
    """
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_model_saved_or_deleted, dispatch_uid="page_cache_post_save")
    for model in invalidating_models():
        post_delete.connect(
            _model_saved_or_deleted, sender=model, dispatch_uid=f"page_cache_post_delete_{model._meta.label}"
        )
    m2m_changed.connect(_relations_changed, dispatch_uid="page_cache_m2m_changed")
    page_published.connect(_page_event, dispatch_uid="page_cache_page_published")
    page_unpublished.connect(_page_event, dispatch_uid="page_cache_page_unpublished")
    post_page_move.connect(_page_event, dispatch_uid="page_cache_post_page_move")
    if settings.DEBUG:
        from django.utils.autoreload import file_changed

        file_changed.connect(_file_changed, dispatch_uid="page_cache_file_changed")


# The middleware ---------------------------------------------------------------


def is_personal(request) -> bool:
    """A signed-in person, someone part-way through a journey, or a message waiting to be shown."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES


def may_be_served_from_cache(request) -> bool:
    """An anonymous visitor's GET or HEAD of a public address."""
    return (
        request.method in ("GET", "HEAD")
        and not is_personal(request)
        and not request.path_info.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):
        return False
    vary = {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field.strip()}
    return vary <= ALLOWED_VARY


@cache
def release() -> str:
    """What this process was deployed from; a page kept by another release is never served by this one.

    RELEASE when the deploy sets it (the commit, say); otherwise a hash of the static files' manifest,
    which changes whenever a stylesheet or script does, so a page never names a file of another
    release. During a rolling deploy each release serves the pages it rendered itself.
    """
    if settings.RELEASE:
        return settings.RELEASE
    try:
        return hashlib.sha256((Path(settings.STATIC_ROOT) / "staticfiles.json").read_bytes()).hexdigest()[:16]
    except (OSError, TypeError):
        return "unbuilt"


def page_key(request) -> str:
    host = request.get_host().lower().rstrip(".")
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    return f"page-cache:{release()}:page:{hashlib.sha256(address.encode()).hexdigest()}"


def _accepts_gzip(request) -> bool:
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _served_key(request) -> str:
    """The key of what this visitor is sent: a page is kept twice, as it is and as sent to those who take gzip,
    so that a visit reads only the bytes it sends."""
    return page_key(request) + (GZIP_SUFFIX if _accepts_gzip(request) else "")


def lookup(request):
    """This address's key, the current generation, and the page kept for it under that generation (or None).

    One cache read (Redis's MGET) fetches the generation and the page together;
    a page kept under any other generation is out of date and is not served. On a
    miss, a second read fetches the routing facts kept for the address's host (below).
    """
    key = _served_key(request)
    found = _cache().get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or current_generation()
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return key, generation, stored[1:]
    routing = _cache().get(_routing_key(request))
    if routing is not None and routing[0] == generation:
        request._wagtail_site, request._page_cache_restricted_paths = routing[1:]
    return key, generation, None


# Routing facts --------------------------------------------------------------------
#
# Every page rendered on a miss first needs what Wagtail works out for every request:
# the site an address belongs to, with its home page (where routing starts), and
# whether the page or an ancestor has a view restriction. Those change only with a
# change that invalidates (sites, pages and view restrictions all do), so they are
# kept under the generation too, one entry per host, read when the page is not
# in the cache (a hit never reads them). Once the first page after a change has
# kept them, a miss skips their three queries for one cache read: Wagtail uses the
# site it finds on the request, and `pages.models.BasePage` asks
# `restricted_paths` before reading restrictions.


def _routing_key(request) -> str:
    # The host as Wagtail matches sites (Site.find_for_request): by name and port.
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
    return f"page-cache:{release()}:routing:{hashlib.sha256(f'{hostname}:{port}'.encode()).hexdigest()}"


def restricted_paths(request) -> tuple[str, ...] | None:
    """The tree paths under which pages have view restrictions, if the page cache knows them for this request.

    A page whose path starts with none of them has no restriction, on itself or an
    ancestor. None: not known, so read the restrictions.
    """
    return getattr(request, "_page_cache_restricted_paths", None)


def _keep_routing(request, generation: str) -> None:
    """After a miss, keep the site Wagtail found for this host, and the restricted paths, under `generation`."""
    if restricted_paths(request) is not None:
        return  # they came from the cache
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return
    from wagtail.models import Page, PageViewRestriction, Site

    # Read afresh rather than pickling what this request's rendering has touched.
    site = Site.objects.select_related("root_page").get(pk=site.pk)
    site.root_page.specific  # noqa: B018 -- the home page's own fields, kept with it
    restricted = PageViewRestriction.objects.values("page_id")
    paths = tuple(
        Page.objects.filter(Q(id__in=restricted, alias_of__isnull=True) | Q(alias_of__in=restricted)).values_list(
            "path", flat=True
        )
    )
    _cache().set(_routing_key(request), (generation, site, paths), timeout=settings.PAGE_CACHE_SECONDS)


def _etag(content: bytes) -> str:
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def _make_public(response, etag: str, cdn_seconds: int | None = None):
    response["ETag"] = etag
    s_maxage = (
        settings.PAGE_CACHE_CDN_SECONDS if cdn_seconds is None else min(cdn_seconds, settings.PAGE_CACHE_CDN_SECONDS)
    )
    patch_cache_control(response, public=True, max_age=0, s_maxage=s_maxage, must_revalidate=True)


def _make_personal(response):
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_store=True)


def _not_modified(request, response, etag: str):
    not_modified = get_conditional_response(request, etag=etag, response=response)
    if not_modified is not None and not_modified is not response:
        # The browser keeps the copy it has, with that copy's nonce, so no new policy goes with a 304.
        not_modified._csp_exempt = True
        return not_modified
    return response


def _stored_content(request, content: bytes) -> bytes:
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        return content.replace(nonce.encode(), NONCE_PLACEHOLDER)
    return content


def _precompressed(content: bytes, response) -> bytes | None:
    """The page gzip-compressed once, served as it is to every visitor who accepts gzip.

    None when the page has a nonce to fill in for each visitor, is too small to gain, or does not
    get smaller. A public page carries no secret, so it needs none of the random padding Django's
    GZipMiddleware adds against BREACH.
    """
    if NONCE_PLACEHOLDER in content or len(content) < 200 or response.has_header("Content-Encoding"):
        return None
    compressed = compress_string(content)
    return compressed if len(compressed) < len(content) else None


def _served_content(request, content: bytes) -> bytes:
    if NONCE_PLACEHOLDER in content:
        return content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
    return content


class PageCacheMiddleware:
    """Serve anonymous visitors' pages from the shared cache; set Cache-Control and ETag on every page.

    It sits after the security headers and the input guard, and before sessions,
    CSRF and authentication, so a hit costs one cache read and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_be_served_from_cache(request):
            response = self.get_response(request)
            if is_personal(request) or request.path_info.startswith(settings.ADMIN_URL_PREFIX):
                _make_personal(response)
            return response

        key = generation = stored = None
        if storing():
            try:
                key, generation, stored = lookup(request)
            except DisallowedHost:
                raise
            except Exception:
                # With the cache unreachable, pages are rendered as if there were none.
                logger.warning("The page cache could not be read", exc_info=True)
                key = None
        if stored is not None:
            return self._from_cache(request, stored)

        response = self.get_response(request)
        if generation is not None:
            try:
                _keep_routing(request, generation)
            except Exception:
                logger.warning("The page cache could not keep the routing facts", exc_info=True)
        if not cacheable(response):
            if response.cookies:
                # A cookie of its own (a form's CSRF token, a session begun): this response is that visitor's.
                _make_personal(response)
            return response

        stored_content = _stored_content(request, response.content)
        etag = _etag(stored_content)
        lifetime = settings.PAGE_CACHE_SECONDS
        until_change = _seconds_until_change(request)
        if until_change is not None:
            lifetime = min(lifetime, until_change)
            if lifetime == 0:
                key = None  # it changes within the second: not worth keeping
        if key is not None:
            headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
            try:
                changes = getattr(request, "_page_cache_changes_at", None)
                gzipped = _precompressed(stored_content, response)
                plain = (generation, stored_content, None, headers, etag, changes)
                for_gzip = (generation, gzipped, "gzip", headers, etag, changes) if gzipped is not None else plain
                raw_key = page_key(request)
                _cache().set_many({raw_key: plain, raw_key + GZIP_SUFFIX: for_gzip}, timeout=lifetime)
            except Exception:
                logger.warning("The page cache could not be written", exc_info=True)
            response["X-Page-Cache"] = "miss"
        _make_public(response, etag, cdn_seconds=until_change)
        return _not_modified(request, response, etag)

    def _from_cache(self, request, stored):
        content, encoding, headers, etag, changes = stored
        changes_at(request, changes)
        response = HttpResponse(content if encoding else _served_content(request, content))
        for name, value in headers:
            response[name] = value
        if encoding:
            response["Content-Encoding"] = encoding
            patch_vary_headers(response, ("Accept-Encoding",))
        response["Content-Length"] = str(len(response.content))
        response["X-Page-Cache"] = "hit"
        _make_public(response, etag, cdn_seconds=_seconds_until_change(request))
        return _not_modified(request, response, etag)
