"""Bad input gets a 400 page, never a server error; every error page is a GOV.UK page that says what to do."""

import pytest
from django.test import Client

from tests.html import parse

pytestmark = pytest.mark.django_db

BAD_REQUEST = "Sorry, we could not read what was sent"


def page_text(response) -> str:
    return parse(response.content.decode()).text


def test_a_null_character_in_a_search_is_refused_with_a_page_not_a_server_error(client, home_page):
    response = client.get("/search/", {"q": "planning\x00"})

    assert response.status_code == 400
    assert BAD_REQUEST in page_text(response)
    assert "character in it that this site cannot accept" in page_text(response)


@pytest.mark.parametrize(
    "path",
    [
        "/declaration/signatories/?q=%00",
        "/declaration/signatories/?region=%00",
        "/declaration/projects/?principle=1%00",
        "/declaration/confirm/%00abc/",
        "/declaration/signatories/exampleshire%00/",
        "/about-us%00/",
    ],
)
def test_a_null_character_in_an_address_is_refused_everywhere(client, home_page, path):
    response = client.get(path)

    assert response.status_code == 400
    assert BAD_REQUEST in page_text(response)


def test_a_null_character_in_a_form_answer_is_refused_and_nothing_is_kept(client, home_page):
    response = client.post(
        "/declaration/sign/organisation/",
        {"organisation_name": "Exampleshire\x00", "organisation_type": "county_council", "region": "south_west"},
    )

    assert response.status_code == 400
    assert "such as a null character" in page_text(response)
    assert client.get("/declaration/sign/organisation/").status_code == 200
    assert "Exampleshire" not in page_text(client.get("/declaration/sign/organisation/"))


def test_a_form_in_another_character_set_gets_a_400_page_even_with_a_csrf_cookie(home_page):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = "a" * 32

    response = browser.generic(
        "POST",
        "/declaration/sign/resend/",
        b"email=jo%40example.gov.uk&csrfmiddlewaretoken=" + b"a" * 32,
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )

    assert response.status_code == 400
    assert "character set other than UTF-8" in page_text(response)


def test_a_cookie_with_a_null_character_is_refused(home_page):
    browser = Client()
    browser.cookies["sessionid"] = "abcdefgh\x00ijklmnop"

    response = browser.get("/declaration/sign/organisation/")

    assert response.status_code == 400
    assert "Clear this site’s cookies" in page_text(response)


def test_a_failed_form_security_check_is_explained_in_plain_english(home_page):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/declaration/sign/resend/", {"email": "jo@example.gov.uk"})

    assert response.status_code == 403
    text = page_text(response)
    assert "Sorry, your form could not be sent" in text
    assert "refresh the page and send the form again" in text
    assert "CSRF" not in text


def test_a_method_a_page_does_not_take_gets_a_page_and_says_which_it_does(client, home_page):
    response = client.put("/search/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "Sorry, this page cannot do that" in page_text(response)


@pytest.mark.urls("tests.support.error_urls")
def test_a_page_the_visitor_may_not_see_says_so(client, home_page):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "You cannot see this page" in page_text(response)


def test_too_many_resends_get_a_429_with_retry_after_and_no_talk_of_kept_answers(client, home_page):
    for _ in range(5):
        assert client.post("/declaration/sign/resend/", {"email": "jo@example.gov.uk"}).status_code == 200

    response = client.post("/declaration/sign/resend/", {"email": "jo@example.gov.uk"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    text = page_text(response)
    assert "Sorry, there have been too many attempts" in text
    assert "answers" not in text
