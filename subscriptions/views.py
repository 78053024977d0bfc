"""The public pages of email updates: subscribe, and the pages behind the links in our emails.

Opening a link changes nothing: confirming, changing and leaving are forms
that POST, so a mail scanner that opens links acts for nobody. The one
exception to the CSRF check is the one-click unsubscribe POST of RFC 8058,
which mail programs send with no cookie: the signed link is its proof.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from core.errors import seconds_until_allowed, too_many_requests
from core.links import ask_by_email, behind_the_link

from . import services
from .forms import ChoicesForm, EmailForm, NewEmailForm, SubscribeForm
from .links import CONFIRM_LINK, CONFIRM_NEW_EMAIL_LINK, MANAGE_LINK, UNSUBSCRIBE_LINK
from .models import Subscriber

SUBSCRIBE_RATE = "10/h"
LINK_REQUEST_RATE = "5/h"
LINK_PROBLEM_TEMPLATE = "subscriptions/link_problem.html"
ONE_CLICK = "One-Click"


def _behind(link, *, can_change=None, cannot_change):
    return behind_the_link(
        link,
        queryset=Subscriber.objects.prefetch_related("topics"),
        problem_template=LINK_PROBLEM_TEMPLATE,
        can_change=can_change,
        cannot_change=cannot_change,
    )


def _confirmed(subscriber) -> bool:
    return subscriber.status == Subscriber.Status.CONFIRMED


def _not_subscribed(request, subscriber):
    """Behind a link for someone who left or never confirmed: say so, and how to subscribe again."""
    return render(request, "subscriptions/not_subscribed.html")


def _already_confirmed(request, subscriber):
    if _confirmed(subscriber):
        return render(request, "subscriptions/confirmed.html", {"manage_token": MANAGE_LINK.token_for(subscriber)})
    return _not_subscribed(request, subscriber)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        retry_after = seconds_until_allowed(request, group="subscriptions-subscribe", rate=SUBSCRIBE_RATE)
        if retry_after:
            return too_many_requests(request, retry_after)
        data = form.cleaned_data
        services.subscribe(data["email"], topics=data["topics"], frequency=data["frequency"])
        # The same page whether the address is new, waiting or subscribed: nobody learns who subscribes.
        return render(request, "subscriptions/check_your_email.html", {"email": data["email"]})
    return render(request, "subscriptions/subscribe.html", {"form": form})


@_behind(CONFIRM_LINK, can_change=lambda s: s.status == Subscriber.Status.PENDING, cannot_change=_already_confirmed)
@require_http_methods(["GET", "POST"])
def confirm(request, token, subscriber):
    """Opening the link shows a button, and only the button confirms."""
    if request.method == "POST":
        subscriber = services.confirm(subscriber)
        return render(request, "subscriptions/confirmed.html", {"manage_token": MANAGE_LINK.token_for(subscriber)})
    return render(request, "subscriptions/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def request_manage_link(request):
    return ask_by_email(
        request,
        form_class=EmailForm,
        template="subscriptions/request_manage_link.html",
        sent_template="subscriptions/manage_link_sent.html",
        send=services.send_manage_link,
        rate=LINK_REQUEST_RATE,
        rate_group="subscriptions-manage-link",
    )


@_behind(MANAGE_LINK, can_change=_confirmed, cannot_change=_not_subscribed)
@require_http_methods(["GET", "POST"])
def manage(request, token, subscriber):
    initial = {"topics": list(subscriber.topics.all()), "frequency": subscriber.frequency}
    form = ChoicesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        subscriber = services.change_choices(
            subscriber, topics=form.cleaned_data["topics"], frequency=form.cleaned_data["frequency"]
        )
        saved = True
    context = {
        "subscriber": subscriber,
        "form": form,
        "token": token,
        "saved": saved,
        "unsubscribe_token": UNSUBSCRIBE_LINK.token_for(subscriber),
    }
    return render(request, "subscriptions/manage.html", context)


@_behind(MANAGE_LINK, can_change=_confirmed, cannot_change=_not_subscribed)
@require_http_methods(["GET", "POST"])
def change_email(request, token, subscriber):
    form = NewEmailForm(request.POST or None, current_email=subscriber.email)
    if request.method == "POST" and form.is_valid():
        retry_after = seconds_until_allowed(request, group="subscriptions-change-email", rate=LINK_REQUEST_RATE)
        if retry_after:
            return too_many_requests(request, retry_after)
        services.ask_to_change_email(subscriber, form.cleaned_data["email"])
        context = {"email": form.cleaned_data["email"], "token": token}
        return render(request, "subscriptions/new_email_sent.html", context)
    return render(request, "subscriptions/change_email.html", {"form": form, "token": token})


@_behind(
    CONFIRM_NEW_EMAIL_LINK,
    can_change=lambda s: _confirmed(s) and bool(s.new_email),
    cannot_change=_not_subscribed,
)
@require_http_methods(["GET", "POST"])
def confirm_new_email(request, token, subscriber):
    if request.method == "POST":
        subscriber = services.confirm_new_email(subscriber)
        context = {"subscriber": subscriber, "manage_token": MANAGE_LINK.token_for(subscriber)}
        return render(request, "subscriptions/email_changed.html", context)
    return render(request, "subscriptions/confirm_new_email.html", {"subscriber": subscriber})


def _left(request, subscriber):
    return render(request, "subscriptions/unsubscribed.html")


@csrf_exempt  # only for RFC 8058's one-click POST; every other POST is checked below
@_behind(UNSUBSCRIBE_LINK, can_change=lambda s: s.status != Subscriber.Status.UNSUBSCRIBED, cannot_change=_left)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token, subscriber):
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK:
        services.unsubscribe(subscriber)
        return _left(request, subscriber)
    return _unsubscribe_page(request, token, subscriber)


@csrf_protect
def _unsubscribe_page(request, token, subscriber):
    """GET shows the button; its POST, with the form's CSRF token, unsubscribes."""
    if request.method == "POST":
        services.unsubscribe(subscriber)
        return _left(request, subscriber)
    return render(request, "subscriptions/unsubscribe.html", {"subscriber": subscriber})
