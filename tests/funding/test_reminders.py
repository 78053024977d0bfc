"""Three days before a window closes, each applicant who has not sent gets one reminder, and only one."""

import datetime

import pytest
import time_machine
from django.core import mail
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.periodic import registered_periodic_tasks
from funding import services, tasks
from funding.models import ApplicationStatus, EoiStatus, ReminderSent
from tests.factories.funding import (
    ApplicationFactory,
    CollaboratorFactory,
    DraftFactory,
    ExpressionOfInterestFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

THREE_DAYS = datetime.timedelta(days=3)
MINUTE = datetime.timedelta(minutes=1)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def draft_in_window(round_, **kwargs):
    with time_machine.travel(round_.eoi_opens_at + datetime.timedelta(days=1), tick=False):
        return DraftFactory(**kwargs)


@pytest.fixture
def eoi_drafts(round_1):
    draft_in_window(round_1, owner="waiting@example.gov.uk")
    draft_in_window(round_1, owner="waiting@example.gov.uk")  # a second draft: still one reminder
    draft_in_window(round_1, owner="sent@example.gov.uk", submitted_at=round_1.eoi_opens_at + THREE_DAYS)
    draft_in_window(round_1, owner="other-journey@example.gov.uk", journey="events_submission")
    with time_machine.travel(round_1.eoi_opens_at - datetime.timedelta(days=30), tick=False):
        DraftFactory(owner="last-round@example.gov.uk")  # started before this round's window opened


@pytest.mark.parametrize(
    ("offset", "reminded"),
    [(-MINUTE, False), (datetime.timedelta(0), True), (MINUTE, True)],
    ids=["a minute more than 3 days before", "exactly 3 days before", "a minute less than 3 days before"],
)
def test_unsent_drafts_are_reminded_from_3_days_before_expressions_of_interest_close(
    round_1, eoi_drafts, sending, offset, reminded
):
    with sending():
        services.send_window_reminders(round_1.eoi_closes_at - THREE_DAYS + offset)

    assert recipients() == (["waiting@example.gov.uk"] if reminded else [])


def test_the_eoi_reminder_says_when_the_window_closes(round_1, eoi_drafts, sending):
    with sending():
        services.send_window_reminders(round_1.eoi_closes_at - THREE_DAYS)

    reminder = mail.outbox[0]
    assert reminder.subject == "Send your expression of interest by 11:59pm on 5 October 2018"
    assert "Round 1" in reminder.body and "http://testserver/fund/" in reminder.body or "/fund/" in reminder.body


def test_a_reminder_goes_once_however_often_the_task_runs(round_1, eoi_drafts, sending):
    with sending():
        services.send_window_reminders(round_1.eoi_closes_at - THREE_DAYS)
        services.send_window_reminders(round_1.eoi_closes_at - datetime.timedelta(days=1))
        services.send_window_reminders(round_1.eoi_closes_at - MINUTE)

    assert recipients() == ["waiting@example.gov.uk"]
    assert ReminderSent.objects.filter(round=round_1, window="eoi").count() == 1


def test_no_reminder_once_the_window_has_closed(round_1, eoi_drafts, sending):
    with sending():
        services.send_window_reminders(round_1.eoi_closes_at)

    assert mail.outbox == []


def test_a_recorded_reminder_is_not_sent_again_by_a_second_worker(round_1, eoi_drafts, sending):
    ReminderSent.objects.create(round=round_1, window="eoi", email="waiting@example.gov.uk")

    with sending():
        assert services.send_window_reminders(round_1.eoi_closes_at - THREE_DAYS) == 0

    assert mail.outbox == []


def test_another_rounds_window_does_not_remind_this_rounds_applicants(round_1, sending):
    later = RoundFactory(opens=round_1.eoi_opens_at + datetime.timedelta(days=200))
    draft_in_window(later, owner="later@example.gov.uk")

    with sending():
        services.send_window_reminders(round_1.eoi_closes_at - THREE_DAYS)

    assert mail.outbox == []


def invited(round_, email, *, notified=True):
    """An invited expression of interest's contact, notified of the invitation (or not yet)."""
    return ExpressionOfInterestFactory(
        round=round_,
        contact_email=email,
        status=EoiStatus.INVITED,
        notified_at=round_.eoi_closes_at if notified else None,
    )


@pytest.fixture
def applications(round_1):
    in_progress = ApplicationFactory(expression_of_interest=invited(round_1, "lead@example.gov.uk"))
    CollaboratorFactory(application=in_progress, email="colleague@example.gov.uk")
    submitted = ApplicationFactory(
        expression_of_interest=invited(round_1, "done@example.gov.uk"), status=ApplicationStatus.SUBMITTED
    )
    CollaboratorFactory(application=submitted, email="done-colleague@example.gov.uk")
    # Invited, but not yet told: the application is not theirs to open, so nothing reminds them of it.
    ApplicationFactory(expression_of_interest=invited(round_1, "untold@example.gov.uk", notified=False))
    later = RoundFactory(opens=round_1.eoi_opens_at + datetime.timedelta(days=200))
    ApplicationFactory(expression_of_interest=invited(later, "later@example.gov.uk"))
    return in_progress


@pytest.mark.parametrize(
    ("offset", "reminded"),
    [(-MINUTE, False), (datetime.timedelta(0), True), (MINUTE, True)],
    ids=["a minute more than 3 days before", "exactly 3 days before", "a minute less than 3 days before"],
)
def test_the_lead_and_collaborators_of_each_unsent_application_are_reminded_once(
    round_1, applications, sending, offset, reminded
):
    people = ["colleague@example.gov.uk", "lead@example.gov.uk"]
    with sending():
        services.send_window_reminders(round_1.applications_close_at - THREE_DAYS + offset)
    assert recipients() == (people if reminded else [])

    with sending():
        services.send_window_reminders(round_1.applications_close_at - MINUTE)

    assert recipients() == people  # each once
    assert applications.reference in mail.outbox[0].body
    assert mail.outbox[0].subject == "Submit your application by 11:59pm on 15 November 2018"


def test_the_reminders_are_a_periodic_task_that_runs_again_after_an_hour(round_1, eoi_drafts, sending, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run at once
    assert tasks.send_window_reminders in [periodic.task for periodic in registered_periodic_tasks()]
    now = round_1.eoi_closes_at - THREE_DAYS

    with sending(), time_machine.travel(now, tick=False):
        tasks.send_window_reminders.call()

    assert list(ReminderSent.objects.values_list("email", flat=True)) == ["waiting@example.gov.uk"]
    [next_run] = DBTaskResult.objects.filter(
        task_path=tasks.send_window_reminders.module_path, status=TaskResultStatus.READY
    )
    assert next_run.run_after == now + datetime.timedelta(hours=1)
