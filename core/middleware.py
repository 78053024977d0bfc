"""Middleware of the ground: refuse input the site cannot store, and give every error a GOV.UK page.

`RefuseUnstorableInputMiddleware` sits near the top of MIDDLEWARE, before
sessions and CSRF, so no view, form, filter, token or session lookup ever
sees a NUL byte (which PostgreSQL refuses in text) or a form body in a
character set other than UTF-8 (which Django cannot decode, and which
otherwise fails again inside the CSRF check of Django's own 400 handler,
Django ticket 34709). Paths, query strings, form fields, uploaded file names
and cookies are all checked, so a form or token added later is covered too.
"""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.cache import cc_delim_re

from . import errors

logger = logging.getLogger(__name__)

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UNSTORABLE_CHARACTERS = ("\x00",)


def unstorable(text: str) -> bool:
    return any(character in text for character in UNSTORABLE_CHARACTERS)


def problem_with(request) -> str | None:
    """What in the request this site cannot accept, in words for the 400 page; None if nothing."""
    if unstorable(request.path):
        return "The web address has a character in it that this site cannot accept."
    charset = request.content_params.get("charset", "utf-8").lower().replace("_", "-")
    if request.content_type in FORM_CONTENT_TYPES and charset not in ("utf-8", "utf8"):
        return "The form was sent in a character set other than UTF-8."
    if any(unstorable(key) or unstorable(value) for key, value in request.COOKIES.items()):
        return (
            "A cookie for this site has a character in it that this site cannot accept. "
            "Clear this site’s cookies and try again."
        )
    if _any_unstorable(request.GET):
        return "The web address has a character in it that this site cannot accept."
    if (
        request.method == "POST"
        and request.content_type in FORM_CONTENT_TYPES
        and (
            _any_unstorable(request.POST)
            or any(unstorable(key) or unstorable(upload.name or "") for key, upload in request.FILES.items())
        )
    ):
        return "The form has a character in it that this site cannot accept, such as a null character."
    return None


def _any_unstorable(query_dict) -> bool:
    return any(unstorable(key) or any(unstorable(value) for value in values) for key, values in query_dict.lists())


class RefuseUnstorableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = problem_with(request)
        if problem:
            return errors.bad_request(request, reason=problem)
        return self.get_response(request)


class ErrorPagesMiddleware:
    """A GOV.UK page for a bare 405, and 503 with Retry-After while the database is unreachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not getattr(response, "streaming", False):
            return errors.method_not_allowed(request, allowed=response.get("Allow", ""))
        return response

    def process_exception(self, request, exception):
        if errors.connection_lost(exception):
            logger.error("Database unreachable for %s: %s", request.path, str(exception).strip())
            response = render(request, "errors/503.html", status=503)
            response["Retry-After"] = "10"
            return response
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with the directives the Wagtail admin needs replaced under the admin's prefix."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.replace = {**settings.ADMIN_CONTENT_SECURITY_POLICY, **(parts.replace or {})}
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress what anyone may see, and nothing personal.

    Compressing a page that carries a secret (a form's CSRF token) next to text an
    attacker chose lets them guess the secret from the compressed size (BREACH).
    Public pages (`Cache-Control: public`, which the page cache gives every page it
    may keep) carry no secret, so they, the lists and the open-data files go
    compressed; personal pages and forms do not. Static files are compressed
    ahead of time by whitenoise, which answers them before this runs.
    """

    def process_response(self, request, response):
        if "public" not in cc_delim_re.split(response.get("Cache-Control", "")):
            return response
        return super().process_response(request, response)
