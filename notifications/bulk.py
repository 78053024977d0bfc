"""Bulk email: one message to many people, each delivered at most once.

An app records a mailing with `create_mailing` (a bulletin, an alert, a digest) and
reads how it is going with `mailing_progress`; the worker sends it in batches
(notifications.bulk_sending) through SMTP or GOV.UK Notify (notifications.providers).
"""

import json
from dataclasses import dataclass
from itertools import islice

from django.db import models, transaction

from . import tasks
from .models import Delivery, Mailing, email_templates
from .services import checked_headers

# Recipients are written to the database this many at a time, so a generator over 100,000 stays small.
INSERT_CHUNK = 1000


@dataclass(frozen=True)
class Recipient:
    email: str
    context: dict  # this person's part of the template context (JSON values): e.g. manage_url, unsubscribe_url
    headers: dict  # this person's headers, e.g. List-Unsubscribe and List-Unsubscribe-Post


def create_mailing(
    *, key: str, subject: str, template: str, context: dict, recipients, send_after=None, label: str = ""
) -> Mailing:
    """Record one message to many people and queue its sending (after commit, or at `send_after`).

    `key` is unique (e.g. "bulletin:12", "alert:news:345", "digest:daily:2026-12-01"): calling
    again with a key already used returns the existing Mailing, reads no recipient and adds or
    sends nothing more, so a second press of Send sends nothing.

    `recipients` is any iterable of Recipient (a generator over 100,000 rows is fine): deliveries
    are written in chunks, one per (mailing, email), a unique constraint in the database, so
    nobody is added twice. `template` names emails/<template>.txt and .html, rendered for each
    person with {**context, **recipient.context}; a missing template raises at once. A context
    that is not JSON, or a header that could add headers or recipients, raises ValueError and
    records nothing.
    """
    email_templates(template)
    subject = " ".join(subject.split())  # a line break in a header would stop the message being sent
    with transaction.atomic():
        mailing, created = Mailing.objects.get_or_create(
            key=key,
            defaults={
                "subject": subject,
                "template_name": template,
                "context": _json(context),
                "send_after": send_after,
                "label": label,
            },
        )
        if not created:
            return mailing
        for chunk in _chunks(recipients, INSERT_CHUNK):
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        mailing=mailing,
                        email=recipient.email.strip(),
                        context=_json(recipient.context),
                        headers=checked_headers(recipient.headers),
                    )
                    for recipient in chunk
                ],
                ignore_conflicts=True,
            )
        transaction.on_commit(
            lambda: tasks.enqueue_mailing(mailing.pk, run_after=mailing.send_after or mailing.created_at)
        )
    return mailing


def mailing_progress(mailing: Mailing) -> dict[str, int]:
    """How many of the mailing's deliveries are queued, sending, sent and failed, and the total."""
    counts = dict(
        mailing.deliveries.order_by()
        .values_list("status")
        .annotate(count=models.Count("id"))
        .values_list("status", "count")
    )
    progress = {status: counts.get(status, 0) for status in Delivery.Status.values}
    return {**progress, "total": sum(progress.values())}


def withdraw(email: str, mailings: models.Q | None = None) -> int:
    """Take the address out of every mailing (or those matching `mailings`) not yet sent to it.

    For someone who leaves: their deliveries still waiting to go are deleted, so
    a bulletin already on its way does not reach them. A delivery the worker has
    already claimed is on the wire and cannot be called back. Returns how many
    were withdrawn.
    """
    waiting = Delivery.objects.filter(email__iexact=email.strip(), status=Delivery.Status.QUEUED)
    if mailings is not None:
        waiting = waiting.filter(mailing__in=Mailing.objects.filter(mailings))
    deleted, _ = waiting.delete()
    return deleted


def _json(context: dict) -> dict:
    try:
        return json.loads(json.dumps(context))
    except (TypeError, ValueError) as error:
        raise ValueError(f"A mailing's context must be JSON values only: {error}") from None


def _chunks(items, size: int):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk
