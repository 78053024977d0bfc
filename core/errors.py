"""The pages a visitor sees when a request cannot be answered: 400, 403, CSRF failure, 405, 429.

Each is a GOV.UK page in plain English, rendered without the database (a
broken request must not need it) and without reading the request's body
again (a body Django cannot decode is often why we are here). `urls.py`
names `bad_request` and `permission_denied` as Django's handlers, the
CSRF_FAILURE_VIEW setting names `csrf_failure`, `core.middleware` turns a
bare 405 into `method_not_allowed`, and code that limits a rate answers with
`too_many_requests`.
"""

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage


def bad_request(request, exception=None, reason: str = ""):
    return render(request, "errors/400.html", {"reason": reason}, status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason: str = ""):
    """The form's security check failed: usually an old tab, blocked cookies or a back-button resubmit."""
    return render(request, "errors/403_csrf.html", status=403)


def method_not_allowed(request, allowed: str):
    response = render(request, "errors/405.html", status=405)
    response["Allow"] = allowed
    return response


def seconds_until_allowed(request, *, group: str, rate: str, key="ip") -> int | None:
    """Count this request against `rate` per client address, or per `key` (a django-ratelimit key, e.g.
    a callable (group, request) -> str); seconds to wait if over it, else None."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


def too_many_requests(request, retry_after: int, template: str = "errors/429.html", context: dict | None = None):
    """429 with Retry-After, and the wait in words on the page."""
    minutes = max(1, -(-retry_after // 60))
    wait = "an hour" if minutes >= 60 else f"{minutes} minute{'s' if minutes != 1 else ''}"
    response = render(request, template, {"wait": wait, **(context or {})}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def sign_in_paused(request, original_response=None, credentials=None):
    """django-axes' answer once an account has failed to sign in too often from this address, or the address has."""
    from .sign_in import paused_until

    until = paused_until(request, credentials)
    retry_after = max(1, int((until - timezone.now()).total_seconds()))
    return too_many_requests(request, retry_after, template="errors/429_sign_in.html", context={"until": until})


def connection_lost(error: BaseException) -> bool:
    """A lost or refused database connection (no SQLSTATE, or classes 08 and 57), not a bad statement."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(("08", "57"))
