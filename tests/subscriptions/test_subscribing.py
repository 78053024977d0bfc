"""Subscribing at /email-updates/: double opt-in, and the same answer whoever the address belongs to."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from pages.bootstrap import bootstrap_site
from subscriptions import services
from subscriptions.links import CONFIRM_LINK
from subscriptions.models import Subscriber
from tests.factories.subscriptions import SubscriberFactory
from tests.factories.topics import TopicFactory
from topics.models import Topic

from .helpers import emails_to, link_in, text_of

pytestmark = pytest.mark.django_db
URL = "/email-updates/"


def subscribe(client, sending, email, topics, frequency="daily"):
    with sending():
        return client.post(URL, {"email": email, "topics": [t.pk for t in topics], "frequency": frequency})


def test_the_form_offers_the_sites_topics_and_three_frequencies(client, home_page, news, fund):
    page = text_of(client.get(URL))

    assert "Local Digital news" in page and "Local Digital Fund" in page
    assert "As it happens" in page and "Once a day" in page and "Once a week" in page


def test_subscribing_waits_for_the_address_to_be_confirmed(client, home_page, sending, news, fund):
    bystander = SubscriberFactory(topics=[fund], frequency="weekly")

    response = subscribe(client, sending, "new@example.com", [news])

    assert "Check your email" in text_of(response)
    subscriber = Subscriber.objects.get(email="new@example.com")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.frequency == "daily"
    assert list(subscriber.topics.all()) == [news]
    [email] = emails_to("new@example.com")
    assert email.subject == "Confirm your email updates from Local Digital"
    assert "Local Digital news" in email.body
    assert "/email-updates/confirm/" in email.body
    bystander.refresh_from_db()
    assert bystander.status == Subscriber.Status.CONFIRMED and list(bystander.topics.all()) == [fund]


def test_opening_the_confirmation_link_confirms_nothing_until_the_button_is_pressed(client, home_page, sending, news):
    subscribe(client, sending, "new@example.com", [news])
    url = link_in(emails_to("new@example.com")[0], "/email-updates/confirm/")

    opened = client.get(url)

    assert "Confirm your email updates" in text_of(opened)
    assert BeautifulSoup(opened.content, "html.parser").select_one("form[method=post] button").get_text(
        strip=True
    ) == ("Confirm")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    with sending():
        confirmed = client.post(url)

    assert "You’re subscribed" in text_of(confirmed)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    welcome = emails_to("new@example.com")[-1]
    assert welcome.subject == "You’re subscribed to email updates from Local Digital"
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Pressing again, or opening the link again, says so and sends nothing more.
    sent = len(mail.outbox)
    assert "You’re subscribed" in text_of(client.post(url))
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("existing_status", [None, "pending", "confirmed", "unsubscribed"])
def test_the_answer_is_the_same_whether_the_address_is_new_waiting_subscribed_or_gone(
    client, home_page, sending, news, existing_status
):
    if existing_status:
        SubscriberFactory(email="someone@example.com", status=existing_status, topics=[news])

    response = subscribe(client, sending, "Someone@Example.com", [news])

    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True)
    assert main == (
        "Check your email We’ve sent an email to Someone@Example.com. Follow the link in it to confirm your "
        "email updates. The link works for 7 days. Until you confirm, we send you nothing else, and we delete "
        "your address after 30 days. If the email does not arrive in a few minutes, check your spam folder."
    )
    assert Subscriber.objects.count() == 1  # one address, whatever its case


def test_an_address_already_subscribed_is_sent_its_manage_link_and_keeps_its_choices(
    client, home_page, sending, news, fund
):
    subscriber = SubscriberFactory(email="someone@example.com", topics=[news], frequency="weekly")

    subscribe(client, sending, "someone@example.com", [fund], frequency="immediate")

    [email] = emails_to("someone@example.com")
    assert email.subject == "Your email updates from Local Digital"
    assert "/email-updates/manage/" in email.body
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly" and list(subscriber.topics.all()) == [news]


def test_someone_who_left_subscribes_again_with_double_opt_in(client, home_page, sending, news):
    SubscriberFactory(email="back@example.com", status="unsubscribed")

    subscribe(client, sending, "back@example.com", [news])

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    url = link_in(emails_to("back@example.com")[0], "/email-updates/confirm/")
    with sending():
        client.post(url)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_mistakes_are_explained_in_an_error_summary_and_beside_each_question(client, home_page, news):
    response = client.post(URL, {"email": "not an address", "frequency": "hourly"})

    page = BeautifulSoup(response.content, "html.parser")
    summary = [link.get_text(strip=True) for link in page.select(".govuk-error-summary a")]
    assert summary == [
        "Enter an email address in the correct format, like name@example.gov.uk",
        "Select at least one topic",
        "Select how often you want emails",
    ]
    assert page.title.get_text(strip=True).startswith("Error:")
    assert len(page.select(".govuk-error-message")) == 3
    assert not Subscriber.objects.exists()


def test_an_address_longer_than_254_characters_is_refused(client, home_page, news):
    longest = "a" * 64 + "@" + ".".join(["b" * 60, "c" * 60, "d" * 63]) + ".com"
    too_long = longest.replace("@", "@e")
    assert (len(longest), len(too_long)) == (254, 255)

    refused = client.post(URL, {"email": too_long, "topics": [news.pk], "frequency": "daily"})
    accepted = client.post(URL, {"email": longest, "topics": [news.pk], "frequency": "daily"})

    assert "Email address must be 254 characters or fewer" in text_of(refused)
    assert "Check your email" in text_of(accepted)


def test_subscribing_too_often_from_one_address_gets_a_page_saying_when_to_try_again(client, home_page, news):
    data = {"email": "x@example.com", "topics": [news.pk], "frequency": "daily"}
    for _ in range(10):
        assert client.post(URL, data).status_code == 200

    response = client.post(URL, data)

    assert response.status_code == 429
    assert response["Retry-After"]


def test_an_expired_confirmation_link_gets_a_page_saying_what_to_do(client, home_page, news):
    subscriber = SubscriberFactory(status="pending", topics=[news])
    with time_machine.travel(timezone.now() - datetime.timedelta(days=7, minutes=1)):
        token = CONFIRM_LINK.token_for(subscriber)

    for response in (client.get(f"{URL}confirm/{token}/"), client.post(f"{URL}confirm/{token}/")):
        assert response.status_code == 410
        assert "This link has expired" in text_of(response)
        assert "subscribe again" in text_of(response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_confirmation_link_made_just_under_7_days_ago_still_works(client, home_page, news):
    subscriber = SubscriberFactory(status="pending", topics=[news])
    with time_machine.travel(timezone.now() - datetime.timedelta(days=7, minutes=-1)):
        token = CONFIRM_LINK.token_for(subscriber)

    assert "Confirm your email updates" in text_of(client.get(f"{URL}confirm/{token}/"))


def test_a_tampered_link_gets_a_page_saying_it_does_not_work(client, home_page, news):
    subscriber = SubscriberFactory(status="pending", topics=[news])
    token = CONFIRM_LINK.token_for(subscriber)

    response = client.post(f"{URL}confirm/{token[:-2]}xx/")

    assert response.status_code == 404
    assert "This link does not work" in text_of(response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unconfirmed_addresses_and_those_who_left_are_forgotten_after_30_days(news):
    now = timezone.now()
    month = datetime.timedelta(days=30)
    old_pending = SubscriberFactory(status="pending", confirmation_sent_at=now - month)
    new_pending = SubscriberFactory(status="pending", confirmation_sent_at=now - month + datetime.timedelta(seconds=1))
    gone = SubscriberFactory(status="unsubscribed", unsubscribed_at=now - month)
    just_gone = SubscriberFactory(status="unsubscribed", unsubscribed_at=now - datetime.timedelta(days=29))
    old_confirmed = SubscriberFactory(confirmation_sent_at=now - 10 * month)

    assert services.forget_unconfirmed_and_departed(now) == 2

    assert set(Subscriber.objects.all()) == {new_pending, just_gone, old_confirmed}
    assert old_pending not in Subscriber.objects.all() and gone not in Subscriber.objects.all()


def test_bootstrapping_the_site_makes_the_topics_email_updates_always_offer(db):
    TopicFactory(name="Events")  # already there: kept, not doubled

    bootstrap_site()

    names = list(Topic.objects.values_list("name", flat=True))
    assert {"Local Digital news", "The Declaration", "Local Digital Fund", "Events"} <= set(names)
    assert names.count("Events") == 1
    assert services.ensure_site_topics() == []
