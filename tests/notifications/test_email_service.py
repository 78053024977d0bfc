import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications import services, tasks
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_sends_plain_text_and_html_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = services.send_email(to="chris@example.gov.uk", subject="A test", template="test_email")
        assert mail.outbox == []  # nothing leaves before the data it describes is saved

    [message] = mail.outbox
    assert message.to == ["chris@example.gov.uk"]
    assert message.subject == "A test"
    assert "the website's email settings work" in message.body.replace("’", "'")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "the website’s email settings work" in html
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker commits, as in production
def test_an_smtp_failure_is_recorded_and_retried_later_by_the_worker(settings, unreachable_smtp_server):
    settings.TASKS = DATABASE_TASKS
    email = services.send_email(to="chris@example.gov.uk", subject="A test", template="test_email")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.RETRYING
    assert email.attempts == 1
    assert "Connection refused" in email.last_error or "ConnectionRefusedError" in email.last_error
    [retry] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    expected = timezone.now() + tasks.RETRY_DELAYS[0]
    assert abs(retry.run_after - expected) < datetime.timedelta(seconds=30)

    # The server comes back before the retry is due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


def test_gives_up_after_the_last_retry_and_says_so(unreachable_smtp_server, caplog):
    email = OutboundEmail.objects.create(
        to="chris@example.gov.uk", subject="A test", template_name="test_email", body_text="x", body_html="<p>x</p>"
    )

    statuses = [tasks.deliver(email.pk) for _ in range(len(tasks.RETRY_DELAYS) + 1)]

    assert statuses[-2] == OutboundEmail.Status.RETRYING
    assert statuses[-1] == OutboundEmail.Status.FAILED
    email.refresh_from_db()
    assert email.attempts == len(tasks.RETRY_DELAYS) + 1
    assert "Gave up sending email" in caplog.text
    # A failed message is not tried again.
    assert tasks.deliver(email.pk) == OutboundEmail.Status.FAILED
    assert email.attempts == len(tasks.RETRY_DELAYS) + 1


def test_a_sent_email_is_never_sent_twice():
    email = OutboundEmail.objects.create(
        to="chris@example.gov.uk", subject="A test", template_name="test_email", body_text="x", body_html="<p>x</p>"
    )

    tasks.deliver(email.pk)
    tasks.deliver(email.pk)

    assert len(mail.outbox) == 1


def test_text_emails_are_not_html_escaped(django_capture_on_commit_callbacks, tmp_path, settings):
    template_dir = tmp_path / "emails"
    template_dir.mkdir()
    (template_dir / "greeting.txt").write_text(
        '{% extends "emails/base.txt" %}{% block body %}Hello {{ name }}{% endblock %}'
    )
    (template_dir / "greeting.html").write_text(
        '{% extends "emails/base.html" %}{% block body %}<p>Hello {{ name }}</p>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    with django_capture_on_commit_callbacks(execute=True):
        services.send_email(
            to="a@example.gov.uk", subject="Hi", template="greeting", context={"name": "Smith & Jones"}
        )

    assert "Hello Smith & Jones" in mail.outbox[0].body
    assert "Hello Smith &amp; Jones" in mail.outbox[0].alternatives[0][0]


def test_operators_can_send_a_test_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "ops@example.gov.uk", stdout=io.StringIO())

    assert mail.outbox[0].to == ["ops@example.gov.uk"]


def test_old_emails_are_forgotten_and_recent_or_unsent_ones_kept():
    def email(status, days_old):
        record = OutboundEmail.objects.create(
            to="a@example.gov.uk", subject="s", template_name="t", body_text="x", body_html="x", status=status
        )
        OutboundEmail.objects.filter(pk=record.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_old)
        )
        return record.pk

    kept = {
        email(OutboundEmail.Status.SENT, 30),
        email(OutboundEmail.Status.FAILED, 100),
        email(OutboundEmail.Status.RETRYING, 200),
    }
    email(OutboundEmail.Status.SENT, 91)
    email(OutboundEmail.Status.FAILED, 181)

    assert tasks.forget_old_emails() == 2
    assert set(OutboundEmail.objects.values_list("pk", flat=True)) == kept
