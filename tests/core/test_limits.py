"""Limits that hold: the admin's sign-in throttle, and rate limits per visitor behind a proxy."""

import pytest
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


def test_after_5_failed_sign_ins_to_an_account_even_the_right_password_waits_15_minutes(editor, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in("editor", "wrong", address=f"192.0.2.{attempt + 1}")
        assert response.status_code == 200  # the sign-in form again, with its error
    assert sign_in("editor", "wrong", address="192.0.2.99").status_code == 429

    response = sign_in("editor", PASSWORD, address="198.51.100.7")

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    text = page_text(response)
    assert "Signing in is paused" in text
    assert "Try again in 15 minutes" in text


def test_after_5_failed_sign_ins_from_one_address_other_accounts_wait_too(editor, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"guess{attempt}", "wrong", address="203.0.113.5")

    assert sign_in("editor", PASSWORD, address="203.0.113.5").status_code == 429
    assert sign_in("editor", PASSWORD, address="198.51.100.7").status_code == 302


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_a_sign_in_with_an_absurdly_long_username_is_refused_not_a_server_error(editor, path):
    response = Client().post(path, {"username": "a" * 5000, "password": "wrong"})

    assert response.status_code == 200
    assert "correct username and password" in page_text(response) or "at most 254 characters" in page_text(response)


def test_a_successful_sign_in_clears_earlier_failures(editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in("editor", "wrong")
    assert sign_in("editor", PASSWORD).status_code == 302

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
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
