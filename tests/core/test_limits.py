"""Limits that hold: the admin's sign-in throttle, and rate limits per visitor behind a proxy."""

import datetime

import pytest
import time_machine
from django.test import Client

from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase for this test"


def page_text(response) -> str:
    return parse(response.content.decode()).text


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", "editor@example.gov.uk", PASSWORD, is_superuser=True)


def sign_in(username, password, address="192.0.2.1"):
    return Client(REMOTE_ADDR=address).post("/admin/login/", {"username": username, "password": password})


@time_machine.travel(datetime.datetime(2026, 12, 1, 15, 0, tzinfo=datetime.UTC), tick=False)
def test_after_5_failed_sign_ins_to_an_account_from_one_address_signing_in_there_waits_15_minutes(editor):
    for _ in range(4):
        assert sign_in("editor", "wrong", address="203.0.113.5").status_code == 200  # the form, with its error
    assert sign_in("editor", "wrong", address="203.0.113.5").status_code == 429

    response = sign_in("editor", PASSWORD, address="203.0.113.5")

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    text = page_text(response)
    assert "Signing in is paused" in text
    assert "Try again after 3:15pm (in 15 minutes)" in text


def test_4_failed_sign_ins_do_not_pause_the_account(editor):
    for _ in range(4):
        sign_in("editor", "wrong", address="203.0.113.5")

    assert sign_in("editor", PASSWORD, address="203.0.113.5").status_code == 302


def test_a_colleague_cannot_lock_another_user_out_from_one_address(editor, django_user_model):
    django_user_model.objects.create_user("colleague", "colleague@example.gov.uk", PASSWORD, is_superuser=True)
    for _ in range(12):
        sign_in("editor", "wrong", address="203.0.113.5")  # the colleague, guessing at the editor's account

    assert sign_in("editor", PASSWORD, address="203.0.113.5").status_code == 429
    assert sign_in("editor", PASSWORD, address="198.51.100.7").status_code == 302  # the editor, at their desk
    assert sign_in("colleague", PASSWORD, address="203.0.113.5").status_code == 302  # the colleague's own account


def spray(accounts: int, address="203.0.113.5"):
    for number in range(accounts):
        sign_in(f"guess{number}", "wrong", address=address)


def test_a_password_spray_from_one_address_is_stopped_after_20_failures(editor, settings):
    settings.ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS = 20
    spray(19)
    assert sign_in("someone-else", "wrong", address="203.0.113.5").status_code == 429  # the 20th failure

    assert sign_in("editor", PASSWORD, address="203.0.113.5").status_code == 429
    assert sign_in("editor", PASSWORD, address="198.51.100.7").status_code == 302


def test_19_failures_across_accounts_from_one_address_do_not_pause_it(editor, settings):
    settings.ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS = 20
    spray(19)

    assert sign_in("editor", PASSWORD, address="203.0.113.5").status_code == 302


def test_a_sprayer_cannot_wipe_the_addresss_failures_by_signing_in_to_an_account_of_their_own(editor, settings):
    settings.ADMIN_SIGN_IN_ATTEMPTS_PER_ADDRESS = 20
    spray(19)
    assert sign_in("editor", PASSWORD, address="203.0.113.5").status_code == 302

    assert sign_in("guess-again", "wrong", address="203.0.113.5").status_code == 429


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_a_sign_in_with_an_absurdly_long_username_is_refused_not_a_server_error(editor, path):
    response = Client().post(path, {"username": "a" * 5000, "password": "wrong"})

    assert response.status_code == 200
    assert "correct username and password" in page_text(response) or "at most 254 characters" in page_text(response)


def test_a_successful_sign_in_clears_earlier_failures(editor, settings):
    for _ in range(settings.ADMIN_SIGN_IN_ATTEMPTS - 1):
        sign_in("editor", "wrong")
    assert sign_in("editor", PASSWORD).status_code == 302

    for _ in range(settings.ADMIN_SIGN_IN_ATTEMPTS - 1):
        assert sign_in("editor", "wrong").status_code == 200


def resend_from(forwarded_for: str):
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for).post(
        "/declaration/sign/resend/", {"email": "jo@example.gov.uk"}
    )


def test_behind_a_proxy_each_visitor_has_their_own_limit_and_cannot_forge_another(home_page, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for _ in range(5):
        assert resend_from("198.51.100.1").status_code == 200
    assert resend_from("198.51.100.1").status_code == 429

    # Another visitor through the same proxy is not held back by the first.
    assert resend_from("198.51.100.2").status_code == 200
    # An address the first visitor writes in front of the proxy's own is ignored.
    assert resend_from("198.51.100.9, 198.51.100.1").status_code == 429


def test_without_the_setting_the_connections_address_counts(home_page, settings):
    settings.CLIENT_IP_HEADER = ""
    for _ in range(5):
        resend_from("198.51.100.1")

    assert resend_from("198.51.100.2").status_code == 429  # everyone behind the proxy shares one limit
