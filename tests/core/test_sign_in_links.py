"""Signing in by emailed link (core.links.EmailSignIn), as an applicant and their mailbox see it."""

import datetime
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from core.links import forget_old_used_links
from core.models import SignInLink

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support.sign_in_urls")]

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def site(home_page):
    return home_page


def ask(client, email="ada@example.com"):
    return client.post("/bids/sign-in/", {"email": email})


def emailed_link(index=-1) -> str:
    return re.search(r"http://testserver(/bids/sign-in/\S+/)", mail.outbox[index].body)[1]


def signed_in_as(client) -> str:
    return client.get("/bids/").content.decode()


def heading(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one("main h1").get_text(strip=True)


def test_opening_the_link_shows_a_sign_in_button_and_only_pressing_it_signs_in():
    browser = Client()
    ask(browser)
    link = emailed_link()

    page = browser.get(link)
    assert page.status_code == 200
    assert heading(page) == "Sign in"
    assert BeautifulSoup(page.content, "html.parser").select_one("main form[method=post] button")
    assert browser.get(link).status_code == 200  # a mail scanner's visit used nothing
    assert signed_in_as(browser) == "Not signed in"

    response = browser.post(link)

    assert response["Location"] == "/bids/"
    assert signed_in_as(browser) == "Signed in as ada@example.com"
    assert signed_in_as(Client()) == "Not signed in"  # a bystander's browser


def test_the_link_carries_no_email_address_and_only_its_hash_is_stored():
    ask(Client(), "Ada.Lovelace@Example.com")
    link = emailed_link()
    token = link.removeprefix("/bids/sign-in/").strip("/")

    assert "ada" not in link.lower() and "example" not in link.lower()
    assert len(token) >= 40
    [stored] = SignInLink.objects.all()
    assert stored.email == "ada.lovelace@example.com"
    assert token not in stored.digest


def test_a_link_works_once():
    browser = Client()
    ask(browser)
    link = emailed_link()
    browser.post(link)

    again = Client().post(link)

    assert again.status_code == 200
    assert heading(again) == "This link has already been used"
    assert heading(Client().get(link)) == "This link has already been used"


def test_a_link_works_for_an_hour():
    with time_machine.travel(START, tick=False) as traveller:
        ask(Client(), "ada@example.com")
        ask(Client(), "grace@example.com")
        traveller.shift(datetime.timedelta(minutes=59, seconds=59))
        just_in_time = Client()
        assert just_in_time.post(emailed_link(0))["Location"] == "/bids/"
        traveller.shift(datetime.timedelta(seconds=1))

        late = Client().post(emailed_link(1))

    assert late.status_code == 410
    assert heading(late) == "This link has expired"


def test_a_newer_link_cancels_the_older_ones_for_that_address_only():
    ask(Client(), "ada@example.com")
    ask(Client(), "grace@example.com")
    ask(Client(), "ada@example.com")
    older, bystander, newer = emailed_link(0), emailed_link(1), emailed_link(2)

    assert Client().post(older).status_code == 404
    assert heading(Client().get(older)) == "This link does not work"
    assert Client().post(newer)["Location"] == "/bids/"
    assert Client().post(bystander)["Location"] == "/bids/"


def test_links_are_limited_to_3_an_hour_for_one_address():
    with time_machine.travel(START, tick=False) as traveller:
        for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
            assert ask(Client(REMOTE_ADDR=address)).status_code == 200

        fourth = ask(Client(REMOTE_ADDR="192.0.2.4"))

        assert fourth.status_code == 429
        assert len(mail.outbox) == 3
        assert ask(Client(REMOTE_ADDR="192.0.2.4"), "grace@example.com").status_code == 200  # another address
        traveller.shift(datetime.timedelta(hours=1))
        assert ask(Client(REMOTE_ADDR="192.0.2.4")).status_code == 200


def test_links_are_limited_to_10_an_hour_from_one_client():
    with time_machine.travel(START, tick=False):
        for number in range(10):
            assert ask(Client(REMOTE_ADDR="203.0.113.5"), f"person{number}@example.com").status_code == 200

        eleventh = ask(Client(REMOTE_ADDR="203.0.113.5"), "person10@example.com")

        assert eleventh.status_code == 429
        assert int(eleventh["Retry-After"]) > 0
        assert ask(Client(REMOTE_ADDR="198.51.100.7"), "person10@example.com").status_code == 200  # elsewhere


def test_signed_in_for_4_hours():
    with time_machine.travel(START, tick=False) as traveller:
        browser, bystander = Client(), Client()
        ask(browser, "ada@example.com")
        browser.post(emailed_link())
        traveller.shift(datetime.timedelta(hours=1))
        ask(bystander, "grace@example.com")
        bystander.post(emailed_link())
        traveller.shift(datetime.timedelta(hours=2, minutes=59, seconds=59))
        assert signed_in_as(browser) == "Signed in as ada@example.com"
        traveller.shift(datetime.timedelta(seconds=1))

        assert signed_in_as(browser) == "Not signed in"
        assert signed_in_as(bystander) == "Signed in as grace@example.com"


def test_sign_out_ends_the_session_and_needs_a_post():
    browser, bystander = Client(), Client()
    ask(browser, "ada@example.com")
    browser.post(emailed_link())
    ask(bystander, "grace@example.com")
    bystander.post(emailed_link())
    session_before = browser.cookies["sessionid"].value

    assert browser.get("/bids/sign-out/").status_code == 405
    assert signed_in_as(browser) == "Signed in as ada@example.com"
    assert browser.post("/bids/sign-out/")["Location"] == "/bids/signed-out/"

    assert signed_in_as(browser) == "Not signed in"
    assert browser.cookies["sessionid"].value != session_before
    assert signed_in_as(bystander) == "Signed in as grace@example.com"


def test_an_altered_link_does_not_work():
    ask(Client())
    altered = emailed_link()[:-3] + "xx/"

    assert Client().post(altered).status_code == 404
    assert heading(Client().get(altered)) == "This link does not work"


def test_sign_in_links_are_forgotten_after_90_days():
    with time_machine.travel(START - datetime.timedelta(days=91)):
        ask(Client(), "ada@example.com")
    with time_machine.travel(START):
        ask(Client(), "grace@example.com")

        assert forget_old_used_links() == 1

        assert list(SignInLink.objects.values_list("email", flat=True)) == ["grace@example.com"]
