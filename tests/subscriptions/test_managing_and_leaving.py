"""The pages behind the links in every email: change topics, frequency or address; leave, in one click too."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from subscriptions.links import MANAGE_LINK, UNSUBSCRIBE_LINK
from subscriptions.models import Subscriber
from tests.factories.subscriptions import SubscriberFactory

from .helpers import emails_to, link_in, text_of

pytestmark = pytest.mark.django_db


def manage_url(subscriber):
    return f"/email-updates/manage/{MANAGE_LINK.token_for(subscriber)}/"


def unsubscribe_url(subscriber):
    return f"/email-updates/unsubscribe/{UNSUBSCRIBE_LINK.token_for(subscriber)}/"


def test_no_address_appears_in_any_link(news):
    subscriber = SubscriberFactory(email="private.person@example.com", topics=[news])

    for url in (manage_url(subscriber), unsubscribe_url(subscriber)):
        assert "private" not in url and "example" not in url


def test_a_subscriber_changes_topics_and_frequency(client, home_page, news, fund):
    subscriber = SubscriberFactory(topics=[news], frequency="immediate")
    bystander = SubscriberFactory(topics=[news], frequency="immediate")

    page = client.get(manage_url(subscriber))
    assert subscriber.email in text_of(page)
    checked = BeautifulSoup(page.content, "html.parser").select("input[name=topics][checked]")
    assert [box["value"] for box in checked] == [str(news.pk)]

    response = client.post(manage_url(subscriber), {"topics": [fund.pk], "frequency": "weekly"})

    assert "Your email updates have been changed" in text_of(response)
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly" and list(subscriber.topics.all()) == [fund]
    bystander.refresh_from_db()
    assert bystander.frequency == "immediate" and list(bystander.topics.all()) == [news]


def test_a_change_without_topics_is_explained_and_changes_nothing(client, home_page, news):
    subscriber = SubscriberFactory(topics=[news], frequency="daily")

    response = client.post(manage_url(subscriber), {"frequency": "weekly"})

    assert "Select at least one topic" in text_of(response)
    subscriber.refresh_from_db()
    assert subscriber.frequency == "daily"


def test_a_new_address_takes_effect_only_once_confirmed_there(client, home_page, sending, news):
    subscriber = SubscriberFactory(email="old@example.com", topics=[news])
    old_manage = manage_url(subscriber)

    with sending():
        response = client.post(f"{old_manage}email/", {"email": "new@example.com"})

    assert "We’ve sent a link to new@example.com" in text_of(response)
    subscriber.refresh_from_db()
    assert subscriber.email == "old@example.com"
    url = link_in(emails_to("new@example.com")[0], "/email-updates/new-email/")
    assert "Confirm your new email address" in text_of(client.get(url))
    subscriber.refresh_from_db()
    assert subscriber.email == "old@example.com"

    with sending():
        confirmed = client.post(url)

    assert "Email address changed" in text_of(confirmed)
    subscriber.refresh_from_db()
    assert subscriber.email == "new@example.com" and subscriber.new_email == ""
    assert emails_to("new@example.com")[-1].subject == "Your email updates from Local Digital now come here"
    # Links sent to the old address stop working.
    assert client.get(old_manage).status_code == 404


def test_the_new_address_must_differ_from_the_old(client, home_page, news):
    subscriber = SubscriberFactory(email="same@example.com", topics=[news])

    response = client.post(f"{manage_url(subscriber)}email/", {"email": "Same@Example.com"})

    assert "Enter a different email address" in text_of(response)
    assert mail.outbox == []


@pytest.mark.parametrize("known", [True, False])
def test_asking_for_a_manage_link_answers_the_same_whether_or_not_the_address_subscribes(
    client, home_page, sending, news, known
):
    if known:
        SubscriberFactory(email="asker@example.com", topics=[news])
    SubscriberFactory(email="bystander@example.com", topics=[news])

    with sending():
        response = client.post("/email-updates/manage/", {"email": "asker@example.com"})

    main = BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True)
    assert main.startswith("Check your email If asker@example.com gets our email updates, we’ve sent it a link")
    assert len(emails_to("asker@example.com")) == (1 if known else 0)
    assert emails_to("bystander@example.com") == []
    if known:
        assert "/email-updates/manage/" in emails_to("asker@example.com")[0].body


def test_asking_for_manage_links_too_often_is_refused_for_a_while(client, home_page):
    for _ in range(5):
        client.post("/email-updates/manage/", {"email": "x@example.com"})

    assert client.post("/email-updates/manage/", {"email": "x@example.com"}).status_code == 429


def test_opening_the_unsubscribe_link_shows_a_button_and_changes_nothing(client, home_page, news):
    subscriber = SubscriberFactory(topics=[news])

    response = client.get(unsubscribe_url(subscriber))

    button = BeautifulSoup(response.content, "html.parser").select_one("form[method=post] button")
    assert button.get_text(strip=True) == "Unsubscribe"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_pressing_unsubscribe_stops_every_email(client, home_page, news):
    subscriber = SubscriberFactory(topics=[news])
    bystander = SubscriberFactory(topics=[news])

    response = client.post(unsubscribe_url(subscriber))

    assert "You’ve unsubscribed" in text_of(response)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.unsubscribed_at is not None
    assert not subscriber.topics.exists()
    bystander.refresh_from_db()
    assert bystander.status == Subscriber.Status.CONFIRMED
    # The link, opened again, says so; the manage link says they are not subscribed.
    assert "You’ve unsubscribed" in text_of(client.get(unsubscribe_url(subscriber)))
    assert "You’re not subscribed" in text_of(client.get(manage_url(subscriber)))


def test_the_unsubscribe_form_without_its_csrf_token_is_refused():
    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(unsubscribe_url(subscriber), {"unsubscribe": "yes"})

    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_the_one_click_post_unsubscribes_with_no_csrf_token_and_no_cookie(home_page):
    """RFC 8058: the mail program POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe address."""
    subscriber = SubscriberFactory()
    bystander = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_url(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not response.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    bystander.refresh_from_db()
    assert bystander.status == Subscriber.Status.CONFIRMED


def test_a_one_click_post_with_a_tampered_token_changes_nothing(home_page):
    subscriber = SubscriberFactory()
    url = unsubscribe_url(subscriber)[:-3] + "xx/"

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_an_unsubscribe_link_a_year_old_has_expired_and_says_what_to_do(client, home_page):
    subscriber = SubscriberFactory()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=365, minutes=1)):
        url = unsubscribe_url(subscriber)

    response = client.post(url)

    assert response.status_code == 410
    assert "get a new link" in text_of(response)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_every_email_to_a_subscriber_carries_the_unsubscribe_headers_and_links(client, home_page, sending, news):
    subscriber = SubscriberFactory(email="someone@example.com", topics=[news])

    with time_machine.travel(timezone.now(), tick=False):  # the link signs the time it was made
        with sending():
            client.post("/email-updates/manage/", {"email": "someone@example.com"})
        unsubscribe = f"http://testserver{unsubscribe_url(subscriber)}"

    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in email.body
    html = email.alternatives[0][0]
    assert unsubscribe in html and "Change your email updates" in html


def test_someone_who_leaves_while_a_bulletin_waits_to_go_is_taken_out_of_it(client, home_page, news):
    from notifications.bulk import Recipient, create_mailing, mailing_progress

    leaving = SubscriberFactory(topics=[news])
    staying = SubscriberFactory(topics=[news])
    mailing = create_mailing(
        key="bulletin:waiting",
        subject="Winter bulletin",
        template="subscriptions/bulletin",
        context={"subject": "Winter bulletin", "body": "News"},
        recipients=[Recipient(email=s.email, context={}, headers={}) for s in (leaving, staying)],
        send_after=timezone.now() + datetime.timedelta(hours=1),
    )
    # Another service's mailing to the same address is not email updates' to withdraw.
    elsewhere = create_mailing(
        key="other-service:1",
        subject="Something else",
        template="subscriptions/bulletin",
        context={"subject": "Something else", "body": "Other"},
        recipients=[Recipient(email=leaving.email, context={}, headers={})],
        send_after=timezone.now() + datetime.timedelta(hours=1),
    )

    client.post(unsubscribe_url(leaving))

    assert list(mailing.deliveries.values_list("email", flat=True)) == [staying.email]
    assert mailing_progress(mailing)["queued"] == 1
    assert mailing_progress(elsewhere)["queued"] == 1
