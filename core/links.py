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

Signing in by an emailed link (`EmailSignIn`, at the end) works otherwise:
its token is random, not signed, and kept only as a hash, so it carries
nothing, not even the address it was sent to.
"""

import datetime
import functools
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.cache import never_cache

from .errors import seconds_until_allowed, too_many_requests
from .models import SignInLink, UsedLink
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


def ask_by_email(request, *, form_class, template, sent_template, send, rate=None, rate_group="", context=None):
    """A page that asks for an email address and emails it something (a link, a confirmation again),
    answering every address with the same "check your email" page, so nobody learns whom we know::

        return ask_by_email(request, form_class=EmailForm, template="x/ask.html", sent_template="x/sent.html",
                            send=services.send_manage_link, rate="5/h", rate_group="x-manage-link")

    `form_class` has an `email` field; `send(email)` does the sending and may raise TooManyLinks;
    `rate` limits the sending per client address. `context` adds to the asking page's context.
    """
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        retry_after = rate and seconds_until_allowed(request, group=rate_group, rate=rate)
        if retry_after:
            return too_many_requests(request, retry_after)
        try:
            send(email)
        except TooManyLinks as limited:
            return too_many_requests(request, limited.retry_after)
        return render(request, sent_template, {"email": email})
    return render(request, template, {"form": form, **(context or {})})


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
    """Delete records of single-use links used, and sign-in links made, more than 90 days ago: those links
    have expired anyway."""
    before = (now or timezone.now()) - USED_LINK_RETENTION
    used, _ = UsedLink.objects.filter(used_at__lt=before).delete()
    sign_in, _ = SignInLink.objects.filter(created_at__lt=before).delete()
    return used + sign_in


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


# Signing in by emailed link --------------------------------------------------


class TooManyLinks(Exception):
    """Links asked for too often, from this client or for this address: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class EmailSignIn:
    """Signing in to a service by a link emailed to the person, without a password::

        FUND_SIGN_IN = EmailSignIn("funding", url_name="funding:sign_in_link",
                                   signed_in_url_name="funding:your_bids", signed_out_url_name="funding:fund")

        url = FUND_SIGN_IN.issue(request, email)  # raises TooManyLinks; the service emails the url
        urlpatterns = [
            path("sign-in/<str:token>/", FUND_SIGN_IN.link_view(), name="sign_in_link"),
            path("sign-out/", FUND_SIGN_IN.sign_out_view(), name="sign_out"),
        ]
        FUND_SIGN_IN.signed_in_email(request)  # the address signed in with, or None

    A link's token is random (it carries no email address or anything else)
    and only its hash is stored. It works for `lifetime`, once, and only if
    it is the latest sent to that address for this purpose: a new link
    cancels the older ones. Links are limited per address and per client
    (`rate_per_address`, `rate_per_client`). Opening the link shows a "Sign
    in" button, and only pressing it signs in, so a mail scanner that follows
    links uses nothing. The signed-in session ends after `signed_in_for`, or
    at "Sign out" (a POST). It is kept in the session, apart from Django's
    users, so signing in here never opens the admin.
    """

    purpose: str
    url_name: str
    signed_in_url_name: str  # where the "Sign in" button leads
    signed_out_url_name: str  # where "Sign out" leads
    lifetime: datetime.timedelta = datetime.timedelta(hours=1)
    signed_in_for: datetime.timedelta = datetime.timedelta(hours=4)
    rate_per_address: str = "3/h"
    rate_per_client: str = "10/h"
    link_template: str = "core/sign_in_link.html"
    problem_template: str = "core/link_problem.html"

    @property
    def session_key(self) -> str:
        return f"signed_in:{self.purpose}"

    def issue(self, request, email: str) -> str:
        """A new link for `email` (cancelling any older), as the public address to email. Raises TooManyLinks."""
        email = email.strip().lower()
        for group, rate, key in (
            (f"{self.purpose}-link-client", self.rate_per_client, "ip"),
            (f"{self.purpose}-link-address", self.rate_per_address, lambda group, request: _digest(email)),
        ):
            retry_after = seconds_until_allowed(request, group=group, rate=rate, key=key)
            if retry_after:
                raise TooManyLinks(retry_after)
        token = secrets.token_urlsafe(32)
        with transaction.atomic():
            SignInLink.objects.filter(purpose=self.purpose, email=email, used_at=None).delete()
            SignInLink.objects.create(purpose=self.purpose, email=email, digest=_digest(token))
        return absolute_url(reverse(self.url_name, args=[token]))

    def check(self, token: str) -> SignInLink:
        """The link behind a token, still to be used. Raises a LinkProblem; changes nothing."""
        link = SignInLink.objects.filter(purpose=self.purpose, digest=_digest(token)).first()
        if link is None:  # altered, cancelled by a newer link, or never sent
            raise LinkInvalid
        if link.used_at is not None:
            raise LinkUsed(link)
        if link.created_at <= timezone.now() - self.lifetime:
            raise LinkExpired
        return link

    def use(self, request, token: str) -> str:
        """Sign in with the link, once: the email address it was sent to. Raises a LinkProblem."""
        link = self.check(token)
        if not SignInLink.objects.filter(pk=link.pk, used_at=None).update(used_at=timezone.now()):
            raise LinkUsed(link)  # pressed twice at once: the other press signed in
        request.session.cycle_key()  # a new session id once signed in
        request.session[self.session_key] = {"email": link.email, "at": timezone.now().isoformat()}
        return link.email

    def signed_in_email(self, request) -> str | None:
        """The address this session signed in with, or None: never signed in, signed out or timed out."""
        signed_in = request.session.get(self.session_key)
        if not isinstance(signed_in, dict):
            return None
        try:
            at = datetime.datetime.fromisoformat(signed_in["at"])
        except (KeyError, TypeError, ValueError):
            return None
        if timezone.now() - at >= self.signed_in_for:
            self.sign_out(request)
            return None
        return signed_in.get("email")

    def sign_out(self, request) -> None:
        if request.session.pop(self.session_key, None) is not None:
            request.session.cycle_key()

    def link_view(self):
        return never_cache(SignInLinkView.as_view(sign_in=self))

    def sign_out_view(self):
        return never_cache(SignOutView.as_view(sign_in=self))


class SignInLinkView(View):
    """GET: a "Sign in" button (or what is wrong with the link); POST: signs in, once."""

    sign_in: EmailSignIn = None

    def get(self, request, token):
        try:
            self.sign_in.check(token)
        except LinkProblem as problem:
            return problem_response(request, problem, template=self.sign_in.problem_template)
        return render(request, self.sign_in.link_template, {})

    def post(self, request, token):
        try:
            self.sign_in.use(request, token)
        except LinkProblem as problem:
            return problem_response(request, problem, template=self.sign_in.problem_template)
        return redirect(self.sign_in.signed_in_url_name)


class SignOutView(View):
    sign_in: EmailSignIn = None
    http_method_names = ["post"]

    def post(self, request):
        self.sign_in.sign_out(request)
        return redirect(self.sign_in.signed_out_url_name)
