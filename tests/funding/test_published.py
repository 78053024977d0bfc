"""Published expressions of interest: a list to filter, each one's page, and registering interest in partnering."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from funding.models import ExpressionOfInterest, PhaseName, ServiceArea
from tests.factories.declaration import PrincipleFactory, SignedOrganisationFactory
from tests.factories.funding import ExpressionOfInterestFactory, bulk_expressions_of_interest

pytestmark = pytest.mark.django_db

LIST_URL = "/fund/expressions-of-interest/"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select("main ul.govuk-list h3 a")]


def detail_url(eoi) -> str:
    return f"{LIST_URL}{eoi.reference}/"


def partner_url(eoi) -> str:
    return f"{detail_url(eoi)}partner/"


MESSAGE = {
    "name": "Pat Partner",
    "organisation": "Kent County Council",
    "email": "pat.partner@kent.example.gov.uk",
    "message": "We have the same problem with planning applications. Can we join?",
    "website": "",
}


@pytest.fixture
def principles():
    return PrincipleFactory(title="Fix our plumbing"), PrincipleFactory(title="Open culture")


def test_only_expressions_of_interest_that_may_be_published_are_listed(client, round_1):
    ExpressionOfInterestFactory(title="Shared planning register", round=round_1)
    ExpressionOfInterestFactory(title="Kept private", round=round_1, may_publish=False)

    response = client.get(LIST_URL)

    assert titles(response) == ["Shared planning register"]
    assert "1 expression of interest" in soup(response).select_one("#results-heading").get_text()
    assert (
        client.get(f"{LIST_URL}{ExpressionOfInterest.objects.get(title='Kept private').reference}/").status_code == 404
    )


def test_the_list_filters_by_service_area_phase_and_principle(client, round_1, principles):
    plumbing, open_culture = principles
    ExpressionOfInterestFactory(title="Planning discovery", service_area=ServiceArea.PLANNING, principles=[plumbing])
    ExpressionOfInterestFactory(
        title="Planning alpha", service_area=ServiceArea.PLANNING, phase=PhaseName.ALPHA, principles=[open_culture]
    )
    ExpressionOfInterestFactory(title="Housing discovery", service_area=ServiceArea.HOUSING, principles=[plumbing])
    ExpressionOfInterestFactory(title="Waste discovery", service_area=ServiceArea.WASTE)

    assert sorted(titles(client.get(LIST_URL, {"service_area": ["planning", "housing"]}))) == [
        "Housing discovery",
        "Planning alpha",
        "Planning discovery",
    ]
    assert titles(client.get(LIST_URL, {"phase": "alpha"})) == ["Planning alpha"]
    assert sorted(titles(client.get(LIST_URL, {"principle": plumbing.slug}))) == [
        "Housing discovery",
        "Planning discovery",
    ]
    assert titles(client.get(LIST_URL, {"service_area": "planning", "principle": plumbing.slug})) == [
        "Planning discovery"
    ]
    assert "No expressions of interest match your filters" in client.get(LIST_URL, {"phase": "beta"}).content.decode()


def test_a_filter_value_not_in_the_list_is_an_error_and_the_valid_filters_still_apply(client, round_1):
    ExpressionOfInterestFactory(title="Planning alpha", phase=PhaseName.ALPHA)
    ExpressionOfInterestFactory(title="Planning discovery")

    response = client.get(LIST_URL, {"phase": "alpha", "principle": "not-a-principle", "service_area": "moon"})

    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    summary = page.select_one(".govuk-error-summary").get_text()
    assert "Select a principle from the list" in summary and "Select service areas from the list" in summary
    assert titles(response) == ["Planning alpha"]


def test_the_list_shows_20_a_page(client, round_1):
    ExpressionOfInterest.objects.bulk_create(
        ExpressionOfInterestFactory.build_batch(45, round=round_1, **_saved_lead())
    )

    first, third = client.get(LIST_URL), client.get(LIST_URL, {"page": 3})

    assert len(titles(first)) == 20 and len(titles(third)) == 5
    assert "Showing 41 to 45 of 45" in third.content.decode()


def _saved_lead():
    return {"lead_organisation": SignedOrganisationFactory()}


def test_each_page_shows_the_bid_and_links_others_in_its_service_area(client, round_1, principles):
    lead = SignedOrganisationFactory(name="Lambeth Council")
    partner = SignedOrganisationFactory(name="Croydon Council")
    eoi = ExpressionOfInterestFactory(
        title="Fewer invalid planning applications",
        lead_organisation=lead,
        partners=[partner],
        problem="Half of all applications arrive incomplete.",
        affected="Residents, agents and planning officers.",
        phase=PhaseName.ALPHA,
        principles=[principles[0]],
        round=round_1,
    )
    for number in range(7):
        ExpressionOfInterestFactory(title=f"Other planning {number}", round=round_1)
    ExpressionOfInterestFactory(title="Housing bid", service_area=ServiceArea.HOUSING, round=round_1)
    ExpressionOfInterestFactory(title="Unpublished planning", may_publish=False, round=round_1)

    page = soup(client.get(detail_url(eoi)))
    main = page.select_one("main").get_text(" ", strip=True)

    for fact in [
        "Fewer invalid planning applications",
        "Lambeth Council",
        "Croydon Council",
        "Half of all applications arrive incomplete.",
        "Residents, agents and planning officers.",
        "Planning and building control",
        "Alpha",
        "Fix our plumbing",
        "Round 1",
    ]:
        assert fact in main
    others = [a.get_text(strip=True) for a in page.select("main h2 + ul.govuk-list a") if "Other" in a.get_text()]
    assert others == [f"Other planning {n}" for n in (6, 5, 4, 3, 2)]  # the 5 newest
    assert "Housing bid" not in main and "Unpublished planning" not in main


def test_no_public_page_shows_an_applicants_email_address(client, round_1, sending):
    eoi = ExpressionOfInterestFactory(contact_email="secret.lead@lambeth.example.gov.uk", round=round_1)
    ExpressionOfInterestFactory(contact_email="other.lead@croydon.example.gov.uk", round=round_1)

    pages = [
        client.get(LIST_URL),
        client.get(LIST_URL, {"service_area": "planning"}),
        client.get(detail_url(eoi)),
        client.get(partner_url(eoi)),
        client.post(partner_url(eoi), {**MESSAGE, "email": "not an email"}),
    ]
    with sending():
        sent = client.post(partner_url(eoi), MESSAGE, follow=True)
    pages.append(sent)

    for response in pages:
        assert response.status_code == 200
        found = set(EMAIL.findall(soup(response).select_one("main").get_text(" ")))
        assert found <= {"pat.partner@kent.example.gov.uk", "name@example.gov.uk"}, found
        assert "lambeth.example" not in response.content.decode()
        assert "croydon.example" not in response.content.decode()


def test_registering_interest_emails_the_lead_with_the_senders_details_and_replies_go_to_the_sender(
    client, round_1, sending
):
    eoi = ExpressionOfInterestFactory(title="Shared planning register", contact_email="lead@lambeth.example.gov.uk")
    bystander = ExpressionOfInterestFactory(contact_email="other@croydon.example.gov.uk")

    with sending():
        response = client.post(partner_url(eoi), MESSAGE)

    assert response.status_code == 302 and response["Location"] == f"{detail_url(eoi)}interest-sent/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["lead@lambeth.example.gov.uk"]
    assert email.reply_to == ["pat.partner@kent.example.gov.uk"]
    assert "Shared planning register" in email.subject and "Kent County Council" in email.subject
    for detail in ["Pat Partner", "Kent County Council", "pat.partner@kent.example.gov.uk", MESSAGE["message"]]:
        assert detail in email.body
    confirmation = client.get(response["Location"])
    assert "Message sent" in confirmation.content.decode()
    assert "lambeth.example" not in confirmation.content.decode()
    assert not [m for m in mail.outbox if bystander.contact_email in m.to]


def test_a_message_with_mistakes_shows_gov_uk_errors_keeps_what_was_typed_and_sends_nothing(client, round_1):
    eoi = ExpressionOfInterestFactory()

    response = client.post(
        partner_url(eoi), {**MESSAGE, "name": "", "email": "pat@", "message": "x" * 2001, "organisation": "o" * 151}
    )

    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    summary = page.select_one(".govuk-error-summary").get_text()
    for error in [
        "Enter your name",
        "Enter an email address in the correct format, like name@example.gov.uk",
        "Your message must be 2000 characters or fewer",
        "The name of your organisation must be 150 characters or fewer",
    ]:
        assert error in summary
    assert page.select_one("#id_email")["value"] == "pat@"
    assert mail.outbox == []


def test_a_message_with_the_hidden_field_filled_in_looks_sent_but_is_not(client, round_1, sending):
    eoi = ExpressionOfInterestFactory()

    with sending():
        response = client.post(partner_url(eoi), {**MESSAGE, "website": "http://spam.example"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_one_client_may_send_5_messages_an_hour_then_waits(client, round_1, sending):
    eoi = ExpressionOfInterestFactory()

    with sending():
        answers = [client.post(partner_url(eoi), MESSAGE).status_code for _ in range(6)]

    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 5
    other_client = client.__class__(REMOTE_ADDR="203.0.113.9")
    assert other_client.post(partner_url(eoi), MESSAGE).status_code == 302


def test_an_unknown_reference_is_not_found(client, round_1):
    assert client.get(f"{LIST_URL}LDF-EOI-NONE/").status_code == 404
    assert client.get(f"{LIST_URL}LDF-EOI-NONE/interest-sent/").status_code == 404
    assert client.get(f"{LIST_URL}LDF-EOI-NONE/partner/").status_code == 404
    assert client.post(f"{LIST_URL}LDF-EOI-NONE/partner/", MESSAGE).status_code == 404


@pytest.mark.parametrize("count", [10, 2000])
def test_the_list_and_each_page_cost_the_same_queries_however_many_there_are(
    client, round_1, principles, count, django_assert_max_num_queries
):
    rows = bulk_expressions_of_interest(round_1, count, principles)
    client.get(LIST_URL)  # the first request of all makes the site's settings

    with django_assert_max_num_queries(10):
        assert client.get(LIST_URL, {"page": 2 if count > 20 else 1}).status_code == 200
    with django_assert_max_num_queries(10):
        assert (
            client.get(
                LIST_URL, {"service_area": ["planning", "housing"], "principle": principles[0].slug}
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(10):
        assert client.get(detail_url(rows[0])).status_code == 200


def test_a_bids_page_is_the_same_for_everyone_and_comes_from_the_page_cache(visit, round_1):
    """The form to contact the lead, with its security token, is a page of its own, so the bid's page is cached."""
    eoi = ExpressionOfInterestFactory(round=round_1)

    visit(detail_url(eoi))
    second = visit(detail_url(eoi))

    assert second["X-Page-Cache"] == "hit" and not second.cookies
    assert soup(second).select("main form") == []
    link = soup(second).select_one("main a.govuk-button")
    assert link.get_text(strip=True) == "Register interest in partnering" and link["href"] == partner_url(eoi)
    form = visit(partner_url(eoi))
    assert "csrfmiddlewaretoken" in form.content.decode() and "X-Page-Cache" not in form
