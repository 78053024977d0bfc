"""Email updates: subscribing with double opt-in, managing, leaving, and forgetting.

Every answer to the public is the same whether or not an address is known,
so nobody can find out who subscribes: what differs is only the email that
goes to the address itself. Unconfirmed addresses never get anything but
their confirmation email, and are deleted after 30 days, as are the
addresses of people who left. `export` and `erase` answer data-protection
requests (manage.py export_subscriber / erase_subscriber).
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.workflows import IllegalTransition
from notifications import bulk
from notifications.models import Delivery, Mailing, OutboundEmail
from notifications.services import send_email
from topics.services import all_topics, ensure_topic

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
    bulk.withdraw(subscriber.email, mailings=our_mailings())  # a bulletin on its way no longer reaches them
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


def counts() -> dict:
    """How many confirmed subscribers each topic and each frequency has, and how many wait or left."""
    confirmed = Subscriber.objects.filter(status=Status.CONFIRMED)
    by_frequency = dict(confirmed.order_by().values_list("frequency").annotate(n=Count("pk")))
    by_status = dict(Subscriber.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {
        "topic_counts": list(
            all_topics()
            .annotate(confirmed=Count("subscribers", filter=Q(subscribers__status=Status.CONFIRMED)))
            .values_list("name", "confirmed")
        ),
        "frequency_counts": [(label, by_frequency.get(value, 0)) for value, label in Frequency.choices],
        "status_counts": [(label, by_status.get(value, 0)) for value, label in Status.choices],
    }


# Data-protection requests -------------------------------------------------------

# The mailings this app makes, by the start of their key (see subscriptions.mailings).
MAILING_KEY_PREFIXES = ("bulletin:", "alert:", "digest:")


def our_mailings() -> Q:
    """A filter on Mailing for the bulletins, alerts and digests of email updates."""
    keys = Q()
    for prefix in MAILING_KEY_PREFIXES:
        keys |= Q(key__startswith=prefix)
    return keys


def _their_emails(email: str):
    """The records of our emails to the address: single emails and deliveries of our mailings."""
    single = OutboundEmail.objects.filter(to__iexact=email, template_name__startswith="subscriptions/")
    deliveries = Delivery.objects.filter(mailing__in=Mailing.objects.filter(our_mailings()), email__iexact=email)
    return single, deliveries


def export(email: str) -> dict | None:
    """Everything held about the address, for a subject access request; None if nothing is."""
    subscriber = find(email)
    single, deliveries = _their_emails(email.strip())
    if subscriber is None and not single.exists() and not deliveries.exists():
        return None
    held = {"subscriber": None}
    if subscriber:
        held["subscriber"] = {
            "email": subscriber.email,
            "status": subscriber.status,
            "frequency": subscriber.frequency,
            "topics": [topic.name for topic in subscriber.topics.all()],
            "new_email_waiting_for_confirmation": subscriber.new_email,
            "created_at": _iso(subscriber.created_at),
            "confirmation_sent_at": _iso(subscriber.confirmation_sent_at),
            "confirmed_at": _iso(subscriber.confirmed_at),
            "unsubscribed_at": _iso(subscriber.unsubscribed_at),
        }
    held["emails"] = [
        {"subject": e.subject, "status": e.status, "created_at": _iso(e.created_at), "sent_at": _iso(e.sent_at)}
        for e in single.order_by("created_at")
    ]
    held["mailings"] = [
        {"subject": d.mailing.subject, "status": d.status, "sent_at": _iso(d.sent_at)}
        for d in deliveries.select_related("mailing").order_by("pk")
    ]
    return held


@transaction.atomic
def erase(email: str) -> int:
    """Forget the address: the subscriber and the records of our emails to it. Returns how many records went."""
    email = email.strip()
    single, deliveries = _their_emails(email)
    counts = [
        Subscriber.objects.filter(email__iexact=email).delete()[0],
        single.delete()[0],
        deliveries.delete()[0],
    ]
    return sum(counts)


def _iso(value) -> str | None:
    return value.isoformat() if value else None
