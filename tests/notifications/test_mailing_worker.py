"""Exactly once with a real worker: killed in the middle of a mailing and started again, nobody gets it twice."""

import datetime
from collections import Counter
from email import message_from_bytes

import pytest
import time_machine
from django.utils import timezone

from core.worker import requeue_abandoned_tasks
from notifications import bulk_sending, tasks
from notifications.bulk import Recipient, create_mailing, mailing_progress
from notifications.models import Delivery
from scripts.smtp_sink import SmtpSink
from tests.support.real_worker import WORKER_DEADLINE, start_worker, wait_for

BATCH_SIZE = 20


def a_mailing(key, subject, count):
    return create_mailing(
        key=key,
        subject=subject,
        template="test_email",
        context={},
        recipients=(
            Recipient(f"person{number}@example.gov.uk", {}, {"List-Unsubscribe": f"<https://x.example/u/{number}/>"})
            for number in range(count)
        ),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_send_and_started_again_sends_nobody_a_mailing_twice(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sink = SmtpSink(delay=0.01).start()
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "BULK_EMAIL_BATCH_SIZE": str(BATCH_SIZE),
    }
    bulletin = a_mailing("bulletin:1", "December bulletin", 300)
    digest = a_mailing("digest:daily:2026-12-01", "Your daily digest", 30)  # the same people, another mailing
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 - read after the worker stops
    # Killed mid-batch: the 110th email is the tenth of the sixth batch of 20.
    midway = sink.when_received(110)
    workers = [start_worker(log, **smtp)]
    try:
        assert midway.wait(timeout=WORKER_DEADLINE), "the first worker did not send 110 emails"
        workers[0].kill()
        workers[0].wait(timeout=30)
        received_before_the_kill = len(sink.recipients())
        assert received_before_the_kill < 330, "the worker was killed before it had sent everything"
        assert 0 < Delivery.objects.filter(status=Delivery.Status.SENDING).count() <= BATCH_SIZE

        # Sixteen minutes on: the dead worker's task is queued again, and the sweeper marks its batch in doubt.
        with time_machine.travel(timezone.now() + bulk_sending.SENDING_TIMEOUT + datetime.timedelta(minutes=1)):
            requeue_abandoned_tasks()
            tasks.sweep_mailings()
        workers.append(start_worker(log, **smtp))
        unfinished = Delivery.objects.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])
        wait_for(lambda: not unfinished.exists(), "the second worker to send the rest")
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=30)
        sink.stop()
        log.seek(0)
        output = log.read()
        log.close()

    received = Counter((recipient, message_from_bytes(message)["Subject"]) for recipient, message in sink.received)
    assert [pair for pair, count in received.items() if count > 1] == [], "nobody gets a mailing twice"
    subjects = {bulletin.pk: "December bulletin", digest.pk: "Your daily digest"}
    sent = {
        (email, subjects[mailing])
        for email, mailing in Delivery.objects.filter(status="sent").values_list("email", "mailing")
    }
    in_doubt = {
        (email, subjects[mailing])
        for email, mailing in Delivery.objects.filter(status="failed").values_list("email", "mailing")
    }
    assert sent <= set(received), "every email recorded as sent was received"
    assert set(received) - sent <= in_doubt, "an email received but not recorded as sent is one in doubt"
    assert len(in_doubt) <= BATCH_SIZE, output[-3000:]
    assert set(Delivery.objects.filter(status="failed").values_list("last_error", flat=True)) <= {
        bulk_sending.IN_DOUBT
    }
    assert mailing_progress(bulletin)["sent"] + mailing_progress(digest)["sent"] == 330 - len(in_doubt)
    assert len(received) >= 330 - BATCH_SIZE
