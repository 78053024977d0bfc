"""Email updates: subscribing with double opt-in, managing, leaving, and forgetting.

Every answer to the public is the same whether or not an address is known,
so nobody can find out who subscribes: what differs is only the email that
goes to the address itself. Unconfirmed addresses never get anything but
their confirmation email, and are deleted after 30 days, as are the
addresses of people who left.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from core.workflows import IllegalTransition
from notifications.services import send_email
from topics.services import ensure_topic

from .links import CONFIRM_LINK, CONFIRM_NEW_EMAIL_LINK, personal_links
from .models import Subscriber, new_token

Status = Subscriber.Status
Frequency = Subscriber.Frequency
FORGET_AFTER = datetime.timedelta(days=30)

# The topics people can always choose from: (name, slug). Editors add others in the admin's Topics.
SITE_TOPICS = [
    ("Local Digital news", "local-digital-news"),
    ("The Declaration", "the-declaration"),
    ("Local Digital Fund", "local-digital-fund"),
    ("Events", "events"),
]


def ensure_site_topics() -> list[str]:
    """Make the topics email updates always offer, if missing. Returns what it made, in words."""
    return [f"topic ‘{name}’" for name, slug in SITE_TOPICS if ensure_topic(name, slug)[1]]


def find(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email__iexact=email.strip()).first()


@transaction.atomic
def subscribe(email: str, *, topics, frequency: str) -> None:
    """Ask for updates: a new or waiting address is sent a link to confirm; a confirmed one, its manage link.

    A confirmed subscriber's choices are not changed from this public form:
    only the emailed links change them.
    """
    email = email.strip()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber and subscriber.status == Status.CONFIRMED:
        _send(subscriber, "Your email updates from Local Digital", "already_subscribed")
        return
    if subscriber is None:
        subscriber = Subscriber(email=email)
    subscriber.status = Status.PENDING
    subscriber.frequency = frequency
    subscriber.confirmation_sent_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save()
    subscriber.topics.set(topics)
    send_email(
        to=subscriber.email,
        subject="Confirm your email updates from Local Digital",
        template="subscriptions/confirm",
        context={"confirm_url": CONFIRM_LINK.url(subscriber), **_choices(subscriber)},
        keep_copy=False,
    )


@transaction.atomic
def confirm(subscriber: Subscriber) -> Subscriber:
    """The person followed the link and pressed Confirm: they get email from now on."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Status.PENDING:
        raise IllegalTransition("Only a subscription waiting for confirmation can be confirmed.")
    subscriber.status = Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.save(update_fields=["status", "confirmed_at"])
    _send(subscriber, "You’re subscribed to email updates from Local Digital", "subscribed")
    return subscriber


def send_manage_link(email: str) -> None:
    """Someone lost their emails: a confirmed subscriber at that address is sent a new manage link."""
    subscriber = find(email)
    if subscriber and subscriber.status == Status.CONFIRMED:
        _send(subscriber, "Manage your email updates from Local Digital", "manage_link")


@transaction.atomic
def change_choices(subscriber: Subscriber, *, topics, frequency: str) -> Subscriber:
    subscriber = _locked_confirmed(subscriber)
    subscriber.frequency = frequency
    subscriber.save(update_fields=["frequency"])
    subscriber.topics.set(topics)
    return subscriber


@transaction.atomic
def ask_to_change_email(subscriber: Subscriber, new_email: str) -> None:
    """Send a link to the new address; the address changes only when it is followed."""
    subscriber = _locked_confirmed(subscriber)
    subscriber.new_email = new_email.strip()
    subscriber.new_email_token = new_token()
    subscriber.save(update_fields=["new_email", "new_email_token"])
    send_email(
        to=subscriber.new_email,
        subject="Confirm your new email address for Local Digital updates",
        template="subscriptions/confirm_new_email",
        context={"confirm_url": CONFIRM_NEW_EMAIL_LINK.url(subscriber), "old_email": subscriber.email},
        keep_copy=False,
    )


@transaction.atomic
def confirm_new_email(subscriber: Subscriber) -> Subscriber:
    """The new address is confirmed: it replaces the old one, and links sent to the old one stop working.

    Whoever else held the new address (someone who left, or never confirmed,
    or an earlier subscription of the same person) is replaced by this one.
    """
    subscriber = _locked_confirmed(subscriber)
    if not subscriber.new_email:
        raise IllegalTransition("There is no new address waiting for confirmation.")
    Subscriber.objects.filter(email__iexact=subscriber.new_email).exclude(pk=subscriber.pk).delete()
    subscriber.email, subscriber.new_email, subscriber.new_email_token = subscriber.new_email, "", ""
    subscriber.token = new_token()
    subscriber.save(update_fields=["email", "new_email", "new_email_token", "token"])
    _send(subscriber, "Your email updates from Local Digital now come here", "email_changed")
    return subscriber


@transaction.atomic
def unsubscribe(subscriber: Subscriber) -> Subscriber:
    """Stop every email at once. The address is forgotten 30 days later; until then the links still say so."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Status.UNSUBSCRIBED:
        return subscriber
    subscriber.status = Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.new_email, subscriber.new_email_token = "", ""
    subscriber.save(update_fields=["status", "unsubscribed_at", "new_email", "new_email_token"])
    subscriber.topics.clear()
    return subscriber


def forget_unconfirmed_and_departed(now: datetime.datetime | None = None) -> int:
    """Delete addresses not confirmed within 30 days, and those of people who left 30 days ago or more."""
    cutoff = (now or timezone.now()) - FORGET_AFTER
    deleted, _ = (
        Subscriber.objects.filter(status=Status.PENDING, confirmation_sent_at__lte=cutoff)
        | Subscriber.objects.filter(status=Status.UNSUBSCRIBED, unsubscribed_at__lte=cutoff)
    ).delete()
    return deleted


def _locked_confirmed(subscriber: Subscriber) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Status.CONFIRMED:
        raise IllegalTransition("Only a confirmed subscriber can change their email updates.")
    return subscriber


def _choices(subscriber: Subscriber) -> dict:
    return {
        "topics": [topic.name for topic in subscriber.topics.all()],
        "frequency": subscriber.get_frequency_display(),
    }


def _send(subscriber: Subscriber, subject: str, template: str) -> None:
    links = personal_links(subscriber)
    send_email(
        to=subscriber.email,
        subject=subject,
        template=f"subscriptions/{template}",
        context={**links["context"], **_choices(subscriber)},
        headers=links["headers"],
        keep_copy=False,
    )
