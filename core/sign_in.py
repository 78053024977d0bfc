"""The admin's sign-in throttle (django-axes), which nobody can aim at a colleague.

Failures are counted per account and client address together: after
ADMIN_SIGN_IN_ATTEMPTS of them, that account is paused from that address only,
so someone who knows a colleague's username cannot lock them out from
elsewhere. A wider limit, ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS failures from one
address across all accounts, stops a password spray.

axes counts both (AXES_LOCKOUT_PARAMETERS), takes the larger, and compares it
with one limit; `failure_limit` (AXES_FAILURE_LIMIT) picks that limit. An
address's failures include its failures on each account, so the larger count
is always the address's: the per-address limit applies until the account's own
failures from that address reach theirs.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


def recent_attempts(request, credentials=None, *, whole_address: bool):
    """This address's failed attempts within the pause, on the account being signed in to or on any."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=timezone.now() - get_cool_off(request)
    )
    if not whole_address:
        attempts = attempts.filter(username=get_client_username(request, credentials))
    return attempts


def failure_limit(request, credentials=None) -> int:
    """The limit axes compares with: the account's from this address once that is reached, else the address's."""
    account_failures = sum(
        recent_attempts(request, credentials, whole_address=False).values_list("failures_since_start", flat=True)
    )
    if account_failures >= settings.ADMIN_SIGN_IN_ATTEMPTS:
        return settings.ADMIN_SIGN_IN_ATTEMPTS
    return settings.ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS


def pause_ends(attempts, limit: int, cool_off: datetime.timedelta) -> datetime.datetime | None:
    """When these attempts will fall below `limit`: each counts until its latest failure is `cool_off` old."""
    failures = 0
    for attempt in attempts.order_by("-attempt_time"):
        failures += attempt.failures_since_start
        if failures >= limit:
            return attempt.attempt_time + cool_off
    return None


def paused_until(request, credentials=None) -> datetime.datetime:
    """When signing in to this account from this address can be tried again, to the next whole minute."""
    cool_off = get_cool_off(request)
    ends = [
        pause_ends(
            recent_attempts(request, credentials, whole_address=False), settings.ADMIN_SIGN_IN_ATTEMPTS, cool_off
        ),
        pause_ends(
            recent_attempts(request, credentials, whole_address=True),
            settings.ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS,
            cool_off,
        ),
    ]
    until = max((end for end in ends if end is not None), default=timezone.now() + cool_off)
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return until


class SignInAttempts(AxesDatabaseHandler):
    """axes' database handler, except that signing in clears only that account's failures from that address.

    (axes would clear every group it counts, so a sprayer who holds one account could
    sign in to it now and then to wipe the address's failures on all the others.)
    """

    def reset_user_attempts(self, request, credentials=None) -> int:
        deleted, _ = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, username=get_client_username(request, credentials)
        ).delete()
        return deleted
