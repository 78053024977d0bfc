"""Who can see subscribers, and the answers to data-protection requests."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

from notifications.bulk import Recipient, create_mailing
from notifications.models import Delivery, Mailing, OutboundEmail
from subscriptions import mailings
from subscriptions.models import Subscriber
from tests.factories.subscriptions import SubscriberFactory

from .helpers import text_of

pytestmark = pytest.mark.django_db


def a_delivery(key, *emails):
    return create_mailing(
        key=key,
        subject=f"Mailing {key}",
        template="subscriptions/alert",
        context={"item": {"kind": "news", "title": "T", "summary": "", "url": "http://testserver/"}},
        recipients=[Recipient(email=email, context={}, headers={}) for email in emails],
    )


def test_only_staff_with_the_permission_see_subscribers_with_counts_per_topic_and_frequency(
    client, django_user_model, news, fund
):
    SubscriberFactory(email="one@example.com", topics=[news, fund], frequency="daily")
    SubscriberFactory(email="two@example.com", topics=[news], frequency="weekly")
    SubscriberFactory(email="waiting@example.com", topics=[fund], status="pending")
    sender = django_user_model.objects.create_user(username="sender", password="x")
    sender.groups.add(Group.objects.get(name="Bulletin senders"))
    client.force_login(sender)

    assert client.get("/admin/subscribers/").status_code in (302, 403)

    sender.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    page = client.get("/admin/subscribers/")

    assert page.status_code == 200
    text = text_of(page)
    assert "one@example.com" in text and "waiting@example.com" in text
    assert "Local Digital news 2" in text and "Local Digital Fund 1" in text
    assert "Once a day 1" in text and "Once a week 1" in text and "As it happens 0" in text
    assert "Waiting for confirmation 1" in text and "Confirmed 2" in text
    assert client.get("/admin/subscribers/new/").status_code == 404


def test_export_prints_everything_held_about_the_address_and_nothing_about_others(news):
    SubscriberFactory(email="asker@example.com", topics=[news], frequency="weekly")
    SubscriberFactory(email="bystander@example.com", topics=[news])
    a_delivery("alert:news:1", "asker@example.com", "bystander@example.com")

    output = io.StringIO()
    call_command("export_subscriber", "Asker@Example.com", stdout=output)

    held = json.loads(output.getvalue())
    assert held["subscriber"]["email"] == "asker@example.com"
    assert held["subscriber"]["topics"] == ["Local Digital news"]
    assert held["subscriber"]["frequency"] == "weekly"
    assert [m["subject"] for m in held["mailings"]] == ["Mailing alert:news:1"]
    assert "bystander" not in output.getvalue()


def test_erase_forgets_the_address_and_the_emails_to_it_but_no_one_else(news):
    SubscriberFactory(email="asker@example.com", topics=[news])
    SubscriberFactory(email="bystander@example.com", topics=[news])
    a_delivery("alert:news:1", "asker@example.com", "bystander@example.com")

    call_command("erase_subscriber", "asker@example.com", stdout=io.StringIO())

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["bystander@example.com"]
    assert list(Delivery.objects.values_list("email", flat=True)) == ["bystander@example.com"]
    with pytest.raises(CommandError, match="hold nothing about asker@example.com"):
        call_command("export_subscriber", "asker@example.com", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("erase_subscriber", "asker@example.com", stdout=io.StringIO())


def test_erase_forgets_our_single_emails_to_the_address_but_not_other_services(news):
    SubscriberFactory(email="asker@example.com", topics=[news])
    OutboundEmail.objects.create(to="asker@example.com", subject="Your sign-up", template_name="declaration/rejected")
    OutboundEmail.objects.create(to="asker@example.com", subject="Confirm", template_name="subscriptions/confirm")

    call_command("erase_subscriber", "asker@example.com", stdout=io.StringIO())

    assert list(OutboundEmail.objects.values_list("subject", flat=True)) == ["Your sign-up"]


def test_records_of_who_got_a_mailing_are_forgotten_after_90_days(news):
    old = a_delivery("alert:news:1", "a@example.com")
    recent = a_delivery("alert:news:2", "a@example.com")
    other_service = a_delivery("newsletter:1", "a@example.com")
    now = timezone.now()
    Mailing.objects.filter(pk__in=[old.pk, other_service.pk]).update(created_at=now - datetime.timedelta(days=91))
    Mailing.objects.filter(pk=recent.pk).update(created_at=now - datetime.timedelta(days=89))

    assert mailings.forget_old_mailings(now) == 2  # the mailing and its one delivery

    assert set(Mailing.objects.values_list("key", flat=True)) == {"alert:news:2", "newsletter:1"}
