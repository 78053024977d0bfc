"""Signed emailed links: for any model, one purpose each, with a lifetime and, if asked, single use.

A service declares each of its links once::

    CONFIRM = EmailedLink(
        "declaration.confirm", model=Commitment, lookup_field="reference",
        lifetime=datetime.timedelta(days=7), url_name="declaration:confirm_email",
    )

then ``CONFIRM.url(commitment)`` goes in the email, and the view behind the
URL calls ``CONFIRM.resolve(token)`` to get the object back. A link nobody
can forge carries the object's key, its purpose and when it was made,
signed with the site's SECRET_KEY; it changes nothing by being opened.

``resolve`` raises one of the ``LinkProblem`` exceptions below, each with a
``kind`` that ``problem_response`` turns into a page saying what went wrong
and what to do next: expired (410), invalid (404), used (200) or made for
something else (404).

The pages behind a link take the object from ``behind_the_link``::

    @behind_the_link(CONFIRM, problem_template="declaration/links/link_problem.html",
                     can_change=lambda commitment: commitment.status == Status.NEW,
                     cannot_change=already_confirmed)
    def confirm(request, token, commitment): ...
"""

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import UsedLink
from .workflows import IllegalTransition

SALT = "core.links"


class LinkProblem(Exception):
    kind = "invalid"
    status = 404


class LinkExpired(LinkProblem):
    kind, status = "expired", 410


class LinkInvalid(LinkProblem):
    """Altered, truncated, or for something that no longer exists."""


class LinkWrongPurpose(LinkProblem):
    """Genuine, but made for another page: a confirmation link pasted into the signing page."""

    kind = "wrong_purpose"


class LinkUsed(LinkProblem):
    """Genuine, but what it was for has already happened. `instance` is what it was for, when known."""

    kind, status = "used", 200

    def __init__(self, instance=None):
        super().__init__()
        self.instance = instance


def absolute_url(path: str) -> str:
    """The public address of a path on this site, for emails."""
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class EmailedLink:
    purpose: str
    model: type[models.Model]
    lifetime: datetime.timedelta
    url_name: str
    lookup_field: str = "pk"
    single_use: bool = False

    def token_for(self, instance) -> str:
        key = getattr(instance, self.lookup_field)
        return signing.dumps({"p": self.purpose, "k": str(key)}, salt=SALT, compress=False)

    def url(self, instance) -> str:
        return absolute_url(reverse(self.url_name, args=[self.token_for(instance)]))

    def resolve(self, token: str, queryset=None):
        """The object the link was made for. Raises a LinkProblem."""
        try:
            data = signing.loads(token, salt=SALT, max_age=self.lifetime)
        except signing.SignatureExpired as error:
            raise LinkExpired from error
        except signing.BadSignature as error:
            raise LinkInvalid from error
        if not isinstance(data, dict) or "k" not in data:
            raise LinkInvalid
        if data.get("p") != self.purpose:
            raise LinkWrongPurpose
        queryset = queryset if queryset is not None else self.model._default_manager.all()
        instance = queryset.filter(**{self.lookup_field: data["k"]}).first()
        if instance is None:
            raise LinkInvalid
        if self.single_use and UsedLink.objects.filter(digest=_digest(token)).exists():
            raise LinkUsed(instance)
        return instance

    def use(self, token: str) -> None:
        """Mark a single-use link as used, inside the caller's transaction. Raises LinkUsed if it already was."""
        if not self.single_use:
            return
        try:
            with transaction.atomic():
                UsedLink.objects.create(purpose=self.purpose, digest=_digest(token))
        except IntegrityError as error:
            raise LinkUsed from error


# Records of used single-use links are kept longer than any link lives, then forgotten.
USED_LINK_RETENTION = datetime.timedelta(days=90)


def forget_old_used_links(now: datetime.datetime | None = None) -> int:
    """Delete records of single-use links used more than 90 days ago: those links have expired anyway."""
    deleted, _ = UsedLink.objects.filter(used_at__lt=(now or timezone.now()) - USED_LINK_RETENTION).delete()
    return deleted


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def problem_response(request, problem: LinkProblem, *, template: str = "core/link_problem.html", context=None):
    """The page for a link that cannot be followed: what happened, and what to do next."""
    return render(request, template, {"problem": problem.kind, **(context or {})}, status=problem.status)


def behind_the_link(
    link: EmailedLink,
    *,
    problem_template: str,
    cannot_change: Callable,
    can_change: Callable[[models.Model], bool] | None = None,
    queryset=None,
):
    """A view of the page behind `link`: it is called as `view(request, token, instance)`.

    A link that cannot be followed (expired, altered, for another page) gets
    `problem_template` through `problem_response`. What can no longer change
    gets `cannot_change(request, instance)`: a single-use link already used,
    an object `can_change` refuses (when given), and a view that raises
    IllegalTransition or LinkUsed because someone acted since the page loaded.
    The page is never cached: it is one person's.
    """

    def decorate(view):
        @never_cache
        @functools.wraps(view)
        def wrapped(request, token):
            try:
                instance = link.resolve(token, queryset.all() if queryset is not None else None)
            except LinkUsed as used:  # a single-use link, already used
                return cannot_change(request, used.instance)
            except LinkProblem as problem:
                return problem_response(request, problem, template=problem_template)
            if can_change is not None and not can_change(instance):
                return cannot_change(request, instance)
            try:
                return view(request, token, instance)
            except (IllegalTransition, LinkUsed):
                return cannot_change(request, instance)

        return wrapped

    return decorate
