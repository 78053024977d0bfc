"""Bulletins: written in the admin by the Bulletin senders, tested, then sent once to each subscriber."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from core.workflows import IllegalTransition
from subscriptions import mailings
from subscriptions.models import Bulletin
from tests.factories.subscriptions import SubscriberFactory

from .helpers import emails_to, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sender(django_user_model):
    user = django_user_model.objects.create_user(
        username="sender", email="sender@example.gov.uk", password="x", first_name="Sam", last_name="Sender"
    )
    user.groups.add(Group.objects.get(name="Bulletin senders"))
    return user


@pytest.fixture
def bulletin(news):
    bulletin = Bulletin.objects.create(subject="Spring news", body="<p>Hello <b>everyone</b>.</p>")
    bulletin.topics.set([news])
    return bulletin


def test_a_bulletin_reaches_each_confirmed_subscriber_of_its_topics_once(bulletin, news, fund, sending, sender):
    reader = SubscriberFactory(email="reader@example.com", topics=[news, fund], frequency="weekly")
    SubscriberFactory(email="fund-only@example.com", topics=[fund])
    SubscriberFactory(email="waiting@example.com", topics=[news], status="pending")
    SubscriberFactory(email="gone@example.com", topics=[news], status="unsubscribed")

    with sending():
        mailings.send_bulletin(bulletin, user=sender)

    assert [message.to for message in mail.outbox] == [["reader@example.com"]]
    [email] = mail.outbox
    assert email.subject == "Spring news"
    assert "Hello everyone." in email.body
    assert "<b>everyone</b>" in email.alternatives[0][0]
    assert f"/email-updates/unsubscribe/{reader.pk}" not in email.body  # a signed token, not an id
    assert email.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/email-updates/unsubscribe/" in email.message()["List-Unsubscribe"]
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SENDING and bulletin.sent_by == sender
    assert mailings.progress(bulletin) == {"queued": 0, "sending": 0, "sent": 1, "failed": 0, "total": 1}

    mailings.send_due_bulletins()
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SENT


def test_a_second_press_of_send_sends_nothing_more(bulletin, news, sending, sender):
    SubscriberFactory(email="reader@example.com", topics=[news])
    with sending():
        mailings.send_bulletin(bulletin, user=sender)

    with pytest.raises(IllegalTransition), sending():
        mailings.send_bulletin(Bulletin.objects.get(pk=bulletin.pk), user=sender)

    assert len(mail.outbox) == 1


def test_a_scheduled_bulletin_goes_out_when_its_time_comes_and_not_before(bulletin, news, sending, sender):
    SubscriberFactory(email="reader@example.com", topics=[news])
    send_at = timezone.now() + datetime.timedelta(hours=1)
    mailings.schedule(bulletin, send_at, user=sender)

    with sending():
        mailings.send_due_bulletins(now=send_at - datetime.timedelta(seconds=1))
    assert mail.outbox == []

    with sending():
        mailings.send_due_bulletins(now=send_at)
        mailings.send_due_bulletins(now=send_at + datetime.timedelta(minutes=1))

    assert len(emails_to("reader@example.com")) == 1


def test_a_test_goes_to_the_sender_alone(bulletin, news, sending, sender):
    SubscriberFactory(email="reader@example.com", topics=[news])

    with sending():
        mailings.send_test(bulletin, user=sender)

    assert [message.to for message in mail.outbox] == [["sender@example.gov.uk"]]
    assert mail.outbox[0].subject == "Test: Spring news"
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.DRAFT


def test_a_bulletin_sender_writes_previews_and_sends_from_the_admin(client, sender, news, fund, sending):
    SubscriberFactory(email="reader@example.com", topics=[fund])
    client.force_login(sender)

    body = {  # what the rich text editor posts for one paragraph
        "blocks": [
            {
                "key": "a1",
                "text": "Apply now.",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    response = client.post(
        "/admin/bulletins/add/", {"subject": "Fund opens", "body": json.dumps(body), "topics": [fund.pk]}
    )
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.status == Bulletin.Status.DRAFT

    page = client.get(f"/admin/bulletins/inspect/{bulletin.pk}/")
    preview = BeautifulSoup(page.content, "html.parser").select_one("iframe")["srcdoc"]
    assert "Fund opens" in preview and "Apply now." in preview
    assert mail.outbox == []

    with sending():
        client.post(f"/admin/bulletins/send/{bulletin.pk}/")
    assert [message.to for message in mail.outbox] == [["reader@example.com"]]

    page = text_of(client.get(f"/admin/bulletins/inspect/{bulletin.pk}/"))
    assert "Sent 1" in page and "Failed 0" in page
    with sending():
        again = client.post(f"/admin/bulletins/send/{bulletin.pk}/", follow=True)
    assert "You cannot send this bulletin" in text_of(again)
    assert len(mail.outbox) == 1


def test_staff_outside_the_group_cannot_see_bulletins(client, django_user_model, bulletin):
    editor = django_user_model.objects.create_user(username="editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert client.get(f"/admin/bulletins/inspect/{bulletin.pk}/").status_code in (302, 403)
    assert client.get("/admin/bulletins/").status_code in (302, 403)
