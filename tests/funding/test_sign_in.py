"""Applicants sign in to the fund by an emailed link and see only their own bids."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client

from tests.funding.helpers import emails_to, heading, sign_in_link, text_of

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def test_the_emailed_link_signs_in_only_when_its_button_is_pressed(client, sending):
    with sending():
        response = client.post("/fund/sign-in/", {"email": "Ada@Lambeth.gov.uk "})
    assert heading(response) == "Check your email"
    assert "ada@lambeth.gov.uk" in text_of(response)
    [email] = emails_to("ada@lambeth.gov.uk")
    assert email.subject == "Sign in to the Local Digital Fund"
    link = sign_in_link("ada@lambeth.gov.uk")

    opened = client.get(link)  # what a mail scanner does: nothing is used, nobody is signed in
    assert opened.status_code == 200
    assert client.get("/fund/your-bids/")["Location"] == "/fund/sign-in/"

    response = client.post(link)
    assert response["Location"] == "/fund/your-bids/"
    page = client.get("/fund/your-bids/")
    assert heading(page) == "Your bids"
    assert "Signed in as ada@lambeth.gov.uk" in text_of(page)
    assert "You have no bids yet" in text_of(page)

    assert Client().get("/fund/your-bids/").status_code == 302  # another browser is not signed in


def test_every_address_gets_the_same_answer_and_an_email(client, sending):
    with sending():
        known = client.post("/fund/sign-in/", {"email": "ada@lambeth.gov.uk"})
        unknown = Client().post("/fund/sign-in/", {"email": "nobody@example.com"})
    assert text_of(known).replace("ada@lambeth.gov.uk", "X") == text_of(unknown).replace("nobody@example.com", "X")
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Enter your email address"),
        ("not an address", "Enter an email address in the correct format, like name@example.gov.uk"),
        ("a" * 250 + "@example.com", "Email address must be 254 characters or fewer"),
    ],
)
def test_a_wrong_address_gets_a_govuk_error_and_no_email(client, email, error):
    response = client.post("/fund/sign-in/", {"email": email})
    assert response.status_code == 200
    assert text_of(response).startswith("Error: Sign in to the Local Digital Fund")
    assert error in text_of(response)
    assert mail.outbox == []


def test_a_fourth_link_in_an_hour_for_one_address_is_refused(client, sending):
    with sending():
        for _ in range(3):
            assert client.post("/fund/sign-in/", {"email": "ada@lambeth.gov.uk"}).status_code == 200
        refused = client.post("/fund/sign-in/", {"email": "ada@lambeth.gov.uk"})
        other = Client(REMOTE_ADDR="10.0.0.9").post("/fund/sign-in/", {"email": "bo@croydon.gov.uk"})
    assert refused.status_code == 429
    assert other.status_code == 200  # a bystander is not held up
    assert len(emails_to("ada@lambeth.gov.uk")) == 3


def test_the_newest_link_cancels_the_older_and_each_works_once(client, sending):
    with sending():
        client.post("/fund/sign-in/", {"email": "ada@lambeth.gov.uk"})
    first = sign_in_link("ada@lambeth.gov.uk")
    with sending():
        client.post("/fund/sign-in/", {"email": "ada@lambeth.gov.uk"})
    second = sign_in_link("ada@lambeth.gov.uk")
    assert client.post(first).status_code == 404
    assert client.post(second).status_code == 302
    assert Client().post(second).status_code == 200  # used: the page says so, nobody else is signed in
    assert "Signed in as" not in text_of(Client().get("/fund/your-bids/", follow=True))


def test_signing_out_and_the_session_ending_after_four_hours(client, sign_in):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        assert client.get("/fund/your-bids/").status_code == 200
        traveller.shift(datetime.timedelta(hours=3, minutes=59))
        assert client.get("/fund/your-bids/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=1))
        assert client.get("/fund/your-bids/")["Location"] == "/fund/sign-in/"

        sign_in(client)
        response = client.post("/fund/sign-out/")
        assert response["Location"] == "/fund/signed-out/"
        assert heading(client.get("/fund/signed-out/")) == "You have signed out"
        assert client.get("/fund/your-bids/")["Location"] == "/fund/sign-in/"


def test_a_link_expires_after_an_hour(client, sending):
    with time_machine.travel(START, tick=False) as traveller:
        with sending():
            client.post("/fund/sign-in/", {"email": "ada@lambeth.gov.uk"})
        link = sign_in_link("ada@lambeth.gov.uk")
        traveller.shift(datetime.timedelta(hours=1))
        assert client.post(link).status_code == 410
        assert client.get("/fund/your-bids/")["Location"] == "/fund/sign-in/"
