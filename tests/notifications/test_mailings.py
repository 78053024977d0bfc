"""Bulk email: one message to many people, sent in batches by the worker, each delivered at most once."""

import datetime
import threading
import tracemalloc

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications import bulk_sending, tasks
from notifications.bulk import Recipient, create_mailing, mailing_progress
from notifications.models import RETRY_DELAYS, Delivery, Mailing
from scripts.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db


def recipient(name):
    address = f"{name.lower()}@example.gov.uk"
    unsubscribe_url = f"https://localdigital.example.gov.uk/email-updates/unsubscribe/{name}-token/"
    return Recipient(
        email=address,
        context={"name": name, "unsubscribe_url": unsubscribe_url},
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def a_mailing(template, names=("Jo", "Sam"), key="bulletin:1", **options):
    return create_mailing(
        key=key,
        subject="Local Digital news",
        template=template,
        context={"name": "subscriber"},
        recipients=(recipient(name) for name in names),
        **options,
    )


@pytest.fixture
def smtp_sink(settings):
    """A local SMTP server that Django's SMTP backend sends to."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 5
    yield sink
    sink.stop()


def test_each_recipient_gets_the_message_once_with_their_own_links_and_unsubscribe_headers(
    newsletter_template, django_capture_on_commit_callbacks, settings
):
    later = a_mailing(
        newsletter_template, ("Ali",), key="bulletin:later", send_after=timezone.now() + datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        mailing = a_mailing(newsletter_template)

    assert sorted(message.to[0] for message in mail.outbox) == ["jo@example.gov.uk", "sam@example.gov.uk"]
    for message in mail.outbox:
        name = message.to[0].split("@")[0].capitalize()
        unsubscribe_url = f"https://localdigital.example.gov.uk/email-updates/unsubscribe/{name}-token/"
        assert message.subject == "Local Digital news"
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert f"Hello {name}. Unsubscribe: {unsubscribe_url}" in message.body
        html = BeautifulSoup(message.alternatives[0][0], "html.parser")
        assert html.find("a", string="Unsubscribe")["href"] == unsubscribe_url
        sent = message.message()
        assert sent["List-Unsubscribe"] == f"<{unsubscribe_url}>"
        assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailing_progress(mailing) == {"queued": 0, "sending": 0, "sent": 2, "failed": 0, "total": 2}
    # Once sent, a person's links are forgotten; the mailing to come is untouched.
    assert list(mailing.deliveries.values_list("context", "headers")) == [({}, {}), ({}, {})]
    assert mailing_progress(later) == {"queued": 1, "sending": 0, "sent": 0, "failed": 0, "total": 1}


def test_a_second_press_of_send_sends_nothing_more(newsletter_template, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = a_mailing(newsletter_template)

    def never_read():
        raise AssertionError("the recipients of a mailing already made are not read")
        yield

    with django_capture_on_commit_callbacks(execute=True):
        again = create_mailing(
            key="bulletin:1",
            subject="Local Digital news",
            template=newsletter_template,
            context={},
            recipients=never_read(),
        )
        other = a_mailing(newsletter_template, ("Jo",), key="bulletin:2")
    tasks.send_mailing.call(first.pk)  # the sending task queued twice

    assert again == first
    assert Mailing.objects.count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "jo@example.gov.uk",  # bulletin 1
        "jo@example.gov.uk",  # bulletin 2, the bystander
        "sam@example.gov.uk",
    ]
    assert mailing_progress(first)["total"] == 2
    assert mailing_progress(other) == {"queued": 0, "sending": 0, "sent": 1, "failed": 0, "total": 1}


def test_an_address_listed_twice_gets_one_delivery(newsletter_template, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mailing = a_mailing(newsletter_template, ("Jo", "Sam", "Jo"))

    assert mailing_progress(mailing)["total"] == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["jo@example.gov.uk", "sam@example.gov.uk"]


def test_recipients_are_written_in_chunks_so_a_long_generator_is_never_held_at_once(newsletter_template, monkeypatch):
    monkeypatch.setattr("notifications.bulk.INSERT_CHUNK", 3)
    read = []

    def recipients():
        for number in range(7):
            read.append(number)
            yield recipient(f"Person{number}")

    writes = []
    original = Delivery.objects.bulk_create
    monkeypatch.setattr(
        Delivery.objects, "bulk_create", lambda rows, **kw: writes.append(len(rows)) or original(rows, **kw)
    )

    mailing = create_mailing(
        key="digest:daily:2026-12-01",
        subject="Digest",
        template=newsletter_template,
        context={},
        recipients=recipients(),
    )

    assert writes == [3, 3, 1]
    assert mailing.deliveries.count() == 7


@pytest.mark.parametrize(
    ("recipients", "context", "message"),
    [
        (
            [Recipient("jo@example.gov.uk", {}, {"List-Unsubscribe": "<https://x/>\r\nBcc: all@example.com"})],
            {},
            "header",
        ),
        ([Recipient("jo@example.gov.uk", {}, {"Bcc": "all@example.com"})], {}, "header"),
        ([Recipient("jo@example.gov.uk", {"when": datetime.date(2026, 1, 1)}, {})], {}, "JSON"),
        ([recipient("Jo")], {"when": object()}, "JSON"),
    ],
)
def test_a_mailing_with_an_unsafe_header_or_a_context_that_is_not_json_records_nothing(
    newsletter_template, recipients, context, message
):
    with pytest.raises(ValueError, match=message):
        create_mailing(
            key="bulletin:1",
            subject="News",
            template=newsletter_template,
            context=context,
            recipients=[recipient("Sam"), *recipients],
        )

    assert not Mailing.objects.exists()
    assert not Delivery.objects.exists()


def test_a_mailing_without_its_templates_is_refused_at_once():
    from django.template import TemplateDoesNotExist

    with pytest.raises(TemplateDoesNotExist):
        create_mailing(
            key="bulletin:1", subject="News", template="no_such_email", context={}, recipients=[recipient("Jo")]
        )

    assert not Mailing.objects.exists()


def test_a_refused_message_is_retried_after_a_minute_and_then_sent_once(
    newsletter_template, smtp_sink, django_capture_on_commit_callbacks
):
    smtp_sink.refuse_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        mailing = a_mailing(newsletter_template)
    # Messages go out side by side, so either may be the one refused.
    [refused] = mailing.deliveries.filter(status=Delivery.Status.QUEUED)
    [accepted] = mailing.deliveries.filter(status=Delivery.Status.SENT)

    assert smtp_sink.recipients() == [accepted.email]
    assert refused.attempts == 1
    assert "451" in refused.last_error and "Try again later" in refused.last_error
    assert refused.next_attempt_at - timezone.now() == pytest.approx(
        RETRY_DELAYS[0], abs=datetime.timedelta(seconds=5)
    )

    with time_machine.travel(timezone.now() + RETRY_DELAYS[0] - datetime.timedelta(seconds=5)):
        tasks.sweep_mailings()  # not yet
    assert smtp_sink.recipients() == [accepted.email]

    with time_machine.travel(refused.next_attempt_at + datetime.timedelta(seconds=1)):
        tasks.sweep_mailings()

    assert smtp_sink.recipients() == [accepted.email, refused.email]
    refused.refresh_from_db()
    assert (refused.status, refused.attempts, refused.last_error) == (Delivery.Status.SENT, 2, "")
    assert mailing_progress(mailing) == {"queued": 0, "sending": 0, "sent": 2, "failed": 0, "total": 2}


@pytest.mark.parametrize(
    ("attempts_so_far", "status"), [(len(RETRY_DELAYS) - 1, "queued"), (len(RETRY_DELAYS), "failed")]
)
def test_a_message_that_keeps_failing_is_marked_failed_after_its_last_attempt(
    newsletter_template, unreachable_smtp_server, attempts_so_far, status
):
    mailing = a_mailing(newsletter_template)
    mailing.deliveries.filter(email="jo@example.gov.uk").update(attempts=attempts_so_far)

    bulk_sending.send_due_deliveries(mailing.pk, time_limit=10)

    jo = mailing.deliveries.get(email="jo@example.gov.uk")
    assert (jo.status, jo.attempts) == (status, attempts_so_far + 1)
    assert "ConnectionRefusedError" in jo.last_error
    sam = mailing.deliveries.get(email="sam@example.gov.uk")
    assert (sam.status, sam.attempts) == (Delivery.Status.QUEUED, 1)


def claimed(mailing, email, minutes_ago, seconds=0):
    return mailing.deliveries.filter(email=email).update(
        status=Delivery.Status.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago, seconds=seconds),
    )


def test_the_sweeper_marks_a_batch_left_sending_past_the_timeout_as_failed_and_never_sends_it_again(
    newsletter_template,
):
    abandoned = a_mailing(newsletter_template, ("Jo", "Sam", "Ali"), key="bulletin:1")
    claimed(abandoned, "jo@example.gov.uk", minutes_ago=15, seconds=1)
    claimed(abandoned, "sam@example.gov.uk", minutes_ago=14, seconds=59)  # one step inside the timeout
    waiting = a_mailing(newsletter_template, ("Kim",), key="bulletin:2")

    with time_machine.travel(timezone.now(), tick=False):
        in_doubt, mailings = bulk_sending.sweep()

    assert in_doubt == 1
    jo = abandoned.deliveries.get(email="jo@example.gov.uk")
    assert jo.status == Delivery.Status.FAILED
    assert "may or may not have been delivered" in jo.last_error
    assert abandoned.deliveries.get(email="sam@example.gov.uk").status == Delivery.Status.SENDING
    # A mailing still being sent (Sam's batch) is left to its sender; one with nobody sending it is started.
    assert mailings == [waiting.pk]

    tasks.sweep_mailings()
    assert [message.to for message in mail.outbox] == [["kim@example.gov.uk"]]


def test_a_worker_that_was_only_slow_records_what_really_happened_after_the_sweeper(newsletter_template, settings):
    mailing = a_mailing(newsletter_template, ("Jo",))
    provider = bulk_sending.bulk_email_provider()
    outcomes = [
        (delivery, *bulk_sending.send_one(provider, mailing, None, delivery))
        for delivery in bulk_sending.claim_batch(mailing)
    ]

    with time_machine.travel(timezone.now() + bulk_sending.SENDING_TIMEOUT + datetime.timedelta(seconds=1)):
        assert bulk_sending.sweep()[0] == 1
    bulk_sending.record(outcomes)

    assert mailing_progress(mailing) == {"queued": 0, "sending": 0, "sent": 1, "failed": 0, "total": 1}
    assert len(mail.outbox) == 1


def test_a_mailing_for_later_is_sent_when_its_time_comes(newsletter_template, django_capture_on_commit_callbacks):
    send_after = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = a_mailing(newsletter_template, send_after=send_after)
    tasks.send_mailing.call(mailing.pk)
    assert mail.outbox == []

    with time_machine.travel(send_after + datetime.timedelta(seconds=30)):
        tasks.sweep_mailings()

    assert sorted(message.to[0] for message in mail.outbox) == ["jo@example.gov.uk", "sam@example.gov.uk"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sending_one_mailing_at_once_each_send_different_people(newsletter_template, smtp_sink, settings):
    settings.BULK_EMAIL_BATCH_SIZE = 7
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not sent at once
    names = [f"Person{number}" for number in range(120)]
    mailing = a_mailing(newsletter_template, names)

    def worker():
        try:
            bulk_sending.send_due_deliveries(mailing.pk, time_limit=60)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(smtp_sink.recipients()) == sorted(f"{name.lower()}@example.gov.uk" for name in names)
    assert mailing_progress(mailing)["sent"] == 120


def peak_memory_sending(template, count):
    mailing = a_mailing(template, [f"Person{number}" for number in range(count)], key=f"bulletin:{count}")
    tracemalloc.start()
    try:
        bulk_sending.send_due_deliveries(mailing.pk, time_limit=600)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert mailing_progress(mailing)["sent"] == count


def test_sending_runs_in_constant_memory_whatever_the_number_of_recipients(newsletter_template, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    settings.BULK_EMAIL_BATCH_SIZE = 50

    small, large = peak_memory_sending(newsletter_template, 1000), peak_memory_sending(newsletter_template, 5000)

    assert large < small * 1.25, (small, large)


def test_a_mailing_deleted_after_it_was_queued_sends_nothing(newsletter_template):
    mailing = a_mailing(newsletter_template)
    kept = a_mailing(newsletter_template, ("Kim",), key="bulletin:2")
    deleted_id = mailing.pk
    mailing.delete()

    tasks.send_mailing.call(deleted_id)
    tasks.send_mailing.call(kept.pk)

    assert [message.to for message in mail.outbox] == [["kim@example.gov.uk"]]
