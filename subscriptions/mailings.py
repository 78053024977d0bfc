"""What goes to subscribers in bulk: bulletins, alerts and digests, each one mailing sent exactly once.

Each is one call to notifications.bulk.create_mailing with a key that names
it for good ("bulletin:12", "alert:news:345", "digest:daily:2026-12-01"), so
asking twice (a second press of Send, a task run again) sends nothing more.
Recipients are read from the database in chunks, so a mailing to 100,000
subscribers takes constant memory; each gets their own manage and
unsubscribe links and the one-click unsubscribe headers.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.log_actions import log
from wagtail.rich_text import expand_db_html

from core.formatting import UK_TIME_ZONE, format_datetime
from core.periodic import DailyAt, WeeklyAt
from core.workflows import IllegalTransition
from notifications.bulk import Recipient, create_mailing, mailing_progress
from notifications.models import Delivery, Mailing
from notifications.services import send_email
from topics.services import all_topics

from .links import personal_links
from .models import Bulletin, DigestItem, Subscriber
from .services import our_mailings
from .workflow import BULLETINS

CHUNK = 2000
DAILY_DIGEST = DailyAt(datetime.time(7, 0))
WEEKLY_DIGEST = WeeklyAt(datetime.time(7, 0), weekday=0)  # Monday
# Every event is about ‘Events’ and every news item about ‘Local Digital news’, whatever else it is about.
KIND_TOPICS = {"event": "events", "news": "local-digital-news"}


def _confirmed(**filters):
    return (
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, **filters)
        .order_by("pk")
        .only("pk", "email", "token")
    )


def _recipient(subscriber: Subscriber, context: dict | None = None) -> Recipient:
    links = personal_links(subscriber)
    return Recipient(email=subscriber.email, context={**links["context"], **(context or {})}, headers=links["headers"])


def _subscribers_of(topic_ids, **filters):
    """Confirmed subscribers of any of the topics, each once, in chunks."""
    subscriber_ids = Subscriber.topics.through.objects.filter(topic_id__in=list(topic_ids)).values("subscriber_id")
    return _confirmed(pk__in=subscriber_ids, **filters).iterator(chunk_size=CHUNK)


# Bulletins ------------------------------------------------------------------


def bulletin_context(bulletin: Bulletin) -> dict:
    html = expand_db_html(bulletin.body)
    return {"body_html": html, "body_text": strip_tags(html.replace("</p>", "</p>\n\n")).strip()}


@transaction.atomic
def create_bulletin(data: dict, *, user) -> Bulletin:
    bulletin = Bulletin.objects.create(subject=data["subject"], body=data["body"])
    bulletin.topics.set(data["topics"])
    log(bulletin, "wagtail.create", user=user)
    return bulletin


@transaction.atomic
def edit_bulletin(bulletin: Bulletin, data: dict, *, user) -> Bulletin:
    bulletin.subject, bulletin.body = data["subject"], data["body"]
    BULLETINS.move(bulletin, "edit", user=user)
    bulletin.save()
    bulletin.topics.set(data["topics"])
    return bulletin


def send_test(bulletin: Bulletin, *, user) -> None:
    """The bulletin as subscribers will get it, to the member of staff alone."""
    with transaction.atomic():
        BULLETINS.move(bulletin, "send_test", user=user, data={"to": user.email})
        send_email(
            to=user.email,
            subject=f"Test: {bulletin.subject}",
            template="subscriptions/bulletin",
            context={**bulletin_context(bulletin), "manage_url": "#", "unsubscribe_url": "#"},
        )


@transaction.atomic
def send_bulletin(bulletin: Bulletin, *, user=None) -> Mailing:
    """Send a draft or scheduled bulletin now: one email to each confirmed subscriber of its topics.

    A second press, or the schedule's task running again, raises IllegalTransition and sends nothing more.
    """
    bulletin.mailing_key = f"bulletin:{bulletin.pk}"
    bulletin.sent_at = timezone.now()
    if user is not None:
        bulletin.sent_by = user
    BULLETINS.move(bulletin, "send", user=user)
    return create_mailing(
        key=bulletin.mailing_key,
        subject=bulletin.subject,
        template="subscriptions/bulletin",
        context=bulletin_context(bulletin),
        recipients=(_recipient(s) for s in _subscribers_of(bulletin.topics.values_list("pk", flat=True))),
        label=f"Bulletin: {bulletin.subject}",
    )


def schedule(bulletin: Bulletin, send_at: datetime.datetime, *, user) -> Bulletin:
    bulletin.send_at, bulletin.sent_by = send_at, user
    return BULLETINS.move(bulletin, "schedule", user=user, data={"send_at": format_datetime(send_at)})


def unschedule(bulletin: Bulletin, *, user) -> Bulletin:
    bulletin.send_at = None
    return BULLETINS.move(bulletin, "unschedule", user=user)


def progress(bulletin: Bulletin) -> dict | None:
    """Queued, sending, sent, failed and total, once sending has started."""
    mailing = Mailing.objects.filter(key=bulletin.mailing_key).first() if bulletin.mailing_key else None
    return mailing_progress(mailing) if mailing else None


def failures(bulletin: Bulletin, limit: int = 10) -> list[tuple[str, str]]:
    """(address, error) of failed deliveries, for the admin."""
    return list(
        Delivery.objects.filter(mailing__key=bulletin.mailing_key, status=Delivery.Status.FAILED)
        .order_by("pk")
        .values_list("email", "last_error")[:limit]
    )


def send_due_bulletins(now: datetime.datetime | None = None) -> None:
    """Send the scheduled bulletins whose time has come, and mark as sent those whose mailing is done."""
    now = now or timezone.now()
    for bulletin in Bulletin.objects.filter(status=Bulletin.Status.SCHEDULED, send_at__lte=now):
        try:
            send_bulletin(bulletin)
        except IllegalTransition:
            continue  # sent or unscheduled by staff meanwhile
    for bulletin in Bulletin.objects.filter(status=Bulletin.Status.SENDING):
        counts = progress(bulletin)
        if counts and counts["queued"] == 0 and counts["sending"] == 0:
            try:
                BULLETINS.move(bulletin, "finish", user=None)
            except IllegalTransition:
                continue


MAILING_RETENTION = datetime.timedelta(days=90)


def forget_old_mailings(now: datetime.datetime | None = None) -> int:
    """Delete our mailings made more than 90 days ago, with the record of who each went to."""
    cutoff = (now or timezone.now()) - MAILING_RETENTION
    return Mailing.objects.filter(our_mailings(), created_at__lt=cutoff).delete()[0]


# Alerts and digests -----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """Something published that subscribers of its topics hear of."""

    kind: str
    reference: str
    title: str
    summary: str
    url: str
    topic_slugs: list[str]


def item_context(item: Item | DigestItem) -> dict:
    """What an alert or a digest says of an item."""
    return {"kind": item.kind, "title": item.title, "summary": item.summary, "url": item.url}


@transaction.atomic
def announce(item: Item) -> None:
    """Tell ‘as it happens’ subscribers of the item's topics at once; keep it for the others' digests."""
    slugs = {*item.topic_slugs, KIND_TOPICS.get(item.kind, "")}
    topic_ids = list(all_topics().filter(slug__in=slugs).values_list("pk", flat=True))
    digest_item, created = DigestItem.objects.get_or_create(
        kind=item.kind,
        reference=item.reference,
        defaults={"title": item.title, "summary": item.summary, "url": item.url},
    )
    if not created:
        return  # announced before: the alert went then
    digest_item.topics.set(topic_ids)
    create_mailing(
        key=f"alert:{item.kind}:{item.reference}",
        subject=item.title,
        template="subscriptions/alert",
        context={"item": item_context(item)},
        recipients=(_recipient(s) for s in _subscribers_of(topic_ids, frequency=Subscriber.Frequency.IMMEDIATE)),
        label=f"Alert: {item.title}",
    )


def digest_key(frequency: str, at: datetime.datetime) -> str:
    return f"digest:{frequency}:{timezone.localtime(at, UK_TIME_ZONE).date().isoformat()}"


@transaction.atomic
def send_digest(frequency: str, now: datetime.datetime | None = None) -> Mailing | None:
    """One email to each daily (or weekly) subscriber, listing once each new item of any of their topics.

    The items are those no digest of this frequency has taken; they are marked
    with the digest's key in the same transaction as the mailing is made, so
    none is listed twice and a second run on the same day sends nothing more.
    """
    now = now or timezone.now()
    key = digest_key(frequency, now)
    taken_by = "daily_digest" if frequency == Subscriber.Frequency.DAILY else "weekly_digest"
    items = list(
        DigestItem.objects.select_for_update().filter(**{taken_by: ""}, created_at__lte=now).prefetch_related("topics")
    )
    if not items or Mailing.objects.filter(key=key).exists():
        return None
    topics_of = {item.pk: {topic.pk for topic in item.topics.all()} for item in items}
    all_topic_ids = set().union(*topics_of.values())

    def recipients():
        subscribers = _subscribers_of(all_topic_ids, frequency=frequency)
        for chunk in _chunks(subscribers, CHUNK):
            chosen = _topics_by_subscriber([s.pk for s in chunk])
            for subscriber in chunk:
                theirs = [item_context(item) for item in _items(items, topics_of, chosen.get(subscriber.pk, set()))]
                if theirs:
                    yield _recipient(subscriber, {"items": theirs})

    mailing = create_mailing(
        key=key,
        subject=f"Your {'daily' if frequency == Subscriber.Frequency.DAILY else 'weekly'} updates from Local Digital",
        template="subscriptions/digest",
        context={"frequency": frequency},
        recipients=recipients(),
        label=f"{frequency.capitalize()} digest",
    )
    DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(**{taken_by: key})
    return mailing


def _items(items, topics_of, chosen_topics):
    return [item for item in items if topics_of[item.pk] & chosen_topics]


def _topics_by_subscriber(subscriber_ids) -> dict[int, set[int]]:
    chosen: dict[int, set[int]] = {}
    rows = Subscriber.topics.through.objects.filter(subscriber_id__in=subscriber_ids)
    for subscriber_id, topic_id in rows.values_list("subscriber_id", "topic_id"):
        chosen.setdefault(subscriber_id, set()).add(topic_id)
    return chosen


def _chunks(iterable, size):
    chunk = []
    for thing in iterable:
        chunk.append(thing)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
