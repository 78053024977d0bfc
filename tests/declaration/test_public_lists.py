"""The Declaration's public lists: signatories, a signatory's commitments, projects and open data."""

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from declaration.models import Commitment, CommitmentStatus, DeclarationPage
from organisations.models import OrganisationType, Region
from tests.factories.declaration import (
    CommitmentFactory,
    PrincipleFactory,
    SignedOrganisationFactory,
    bulk_signatories,
    bulk_signed_commitments,
)
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/declaration/signatories/"
PROJECTS_URL = "/declaration/projects/"
CSV_URL = "/declaration/signatories.csv"
JSON_URL = "/declaration/signatories.json"
UNPUBLISHED_STATUSES = [status for status in CommitmentStatus if status != CommitmentStatus.SIGNED]


def soup_of(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def listed_names(soup):
    return [a.get_text(strip=True) for a in soup.select(".ld-signatory h3 a")]


def letter_items(soup):
    """{letter: the link or text element} from the A to Z."""
    nav = soup.select_one('nav[aria-label="Jump to letter"]')
    return {li.get_text(strip=True): li.find(["a", "span"]) for li in nav.select("li")}


def queries_for(client, url):
    """How many SQL queries a request costs, once caches such as the site's root paths are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def signatory_url(organisation):
    return f"{LIST_URL}{organisation.slug}/"


# The list of signatories ------------------------------------------------------


def test_lists_only_signatories_alphabetically_ignoring_the(client, home_page):
    SignedOrganisationFactory(name="Wigan Council")
    SignedOrganisationFactory(
        name="The London Borough of Hackney",
        organisation_type=OrganisationType.LONDON_BOROUGH,
        region=Region.LONDON,
    )
    SignedOrganisationFactory(name="Adur District Council")
    OrganisationFactory(name="Not Yet Council")  # has not signed
    CommitmentFactory(organisation=OrganisationFactory(name="In Review Council"), status=CommitmentStatus.IN_REVIEW)

    soup = soup_of(client, LIST_URL)

    assert soup.h1.get_text(strip=True) == "Organisations that have signed the Local Digital Declaration"
    assert soup.title.get_text() == "Organisations that have signed the Local Digital Declaration – Local Digital"
    assert text_of(soup.select_one("#signed-count")) == "3 organisations have signed."
    assert listed_names(soup) == ["Adur District Council", "The London Borough of Hackney", "Wigan Council"]
    hackney = soup.select(".ld-signatory")[1]
    assert hackney.a["href"] == "/declaration/signatories/the-london-borough-of-hackney/"
    assert "London borough, London" in text_of(hackney)
    assert "Signed 3 August 2018" in text_of(hackney)


def test_one_signatory_is_counted_in_the_singular(client, home_page):
    SignedOrganisationFactory()

    soup = soup_of(client, LIST_URL)

    assert text_of(soup.select_one("#signed-count")) == "1 organisation has signed."


def test_the_signing_date_is_the_date_in_london(client, home_page):
    # 23:30 UTC on 2 August is already 3 August in London (British Summer Time).
    SignedOrganisationFactory(signed_at=datetime.datetime(2018, 8, 2, 23, 30, tzinfo=datetime.UTC))

    soup = soup_of(client, LIST_URL)

    assert "Signed 3 August 2018" in text_of(soup.select_one(".ld-signatory"))


def test_search_finds_names_containing_the_words_in_any_case(client, home_page):
    SignedOrganisationFactory(name="London Borough of Hackney")
    SignedOrganisationFactory(name="Hackney Wick Parish Council")
    SignedOrganisationFactory(name="Wigan Council")
    OrganisationFactory(name="Hackney Unsigned Council")

    soup = soup_of(client, LIST_URL, {"q": "HACKNEY"})

    assert listed_names(soup) == ["Hackney Wick Parish Council", "London Borough of Hackney"]
    assert soup.select_one("#results-heading").get_text(strip=True) == "2 results"
    assert soup.select_one("#id_q")["value"] == "HACKNEY"
    assert "3 organisations have signed." in soup.get_text()  # the total is not filtered


def test_filters_by_type_and_region(client, home_page):
    SignedOrganisationFactory(
        name="Kent County Council",
        organisation_type=OrganisationType.COUNTY_COUNCIL,
        region=Region.SOUTH_EAST,
    )
    SignedOrganisationFactory(
        name="Devon County Council",
        organisation_type=OrganisationType.COUNTY_COUNCIL,
        region=Region.SOUTH_WEST,
    )
    SignedOrganisationFactory(
        name="Dover District Council",
        organisation_type=OrganisationType.DISTRICT_COUNCIL,
        region=Region.SOUTH_EAST,
    )

    by_type = soup_of(client, LIST_URL, {"type": "county_council"})
    by_both = soup_of(client, LIST_URL, {"type": "county_council", "region": "south_east"})

    assert listed_names(by_type) == ["Devon County Council", "Kent County Council"]
    assert listed_names(by_both) == ["Kent County Council"]
    assert by_both.select_one("#id_type option[selected]").get_text(strip=True) == "County council"
    assert by_both.select_one("#id_region option[selected]").get_text(strip=True) == "South East"
    assert by_both.select_one("#id_type option").get_text(strip=True) == "All types"
    assert by_both.select_one("#id_region option").get_text(strip=True) == "All regions"


def test_no_matches_says_so(client, home_page):
    SignedOrganisationFactory(name="Wigan Council")

    soup = soup_of(client, LIST_URL, {"q": "zebra"})

    assert listed_names(soup) == []
    assert soup.select_one("#results-heading").get_text(strip=True) == "0 results"
    assert "No organisations match." in soup.get_text()


def test_a_to_z_links_only_letters_with_signatories_keeping_the_filters(client, home_page):
    SignedOrganisationFactory(name="Adur District Council", region=Region.SOUTH_EAST)
    SignedOrganisationFactory(name="The Bromley Council", region=Region.SOUTH_EAST)
    SignedOrganisationFactory(name="Camden Council", region=Region.LONDON)
    OrganisationFactory(name="Derby Council", region=Region.SOUTH_EAST)  # has not signed

    letters = letter_items(soup_of(client, LIST_URL, {"region": "south_east", "q": "council", "page": "2"}))

    assert list(letters) == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert letters["A"].name == "a"
    assert letters["A"]["href"] == "?q=council&region=south_east&letter=A"
    assert letters["B"].name == "a"  # ‘The Bromley Council’ is under B
    assert letters["C"].name == "span"  # Camden is not in the South East
    assert letters["D"].name == "span"  # Derby has not signed
    assert letters["T"].name == "span"
    assert not any(item.has_attr("aria-current") for item in letters.values())


def test_choosing_a_letter_shows_the_signatories_under_it(client, home_page):
    SignedOrganisationFactory(name="Adur District Council")
    SignedOrganisationFactory(name="The Bromley Council")
    SignedOrganisationFactory(name="Barnet Council")

    soup = soup_of(client, LIST_URL, {"letter": "b"})

    assert listed_names(soup) == ["Barnet Council", "The Bromley Council"]
    letters = letter_items(soup)
    assert letters["B"]["aria-current"] == "page"
    assert letters["A"].name == "a"  # the other letters are still there to choose
    assert "Clear filters" in soup.get_text()


def test_signatories_are_paginated_50_to_a_page_keeping_the_filters(client, home_page):
    bulk_signatories(51, region=Region.LONDON)
    SignedOrganisationFactory(name="Elsewhere Council", region=Region.NORTH_WEST)

    first = soup_of(client, LIST_URL, {"region": "london"})
    assert len(first.select(".ld-signatory")) == 50
    assert "Showing 1 to 50 of 51" in first.get_text()
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "region=london" in next_link and "page=2" in next_link

    second = soup_of(client, LIST_URL, {"region": "london", "page": "2"})
    assert len(second.select(".ld-signatory")) == 1
    assert "Elsewhere Council" not in second.get_text()


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_odd_page_numbers_do_not_break_the_list(client, home_page, page):
    SignedOrganisationFactory(name="Wigan Council")

    soup = soup_of(client, LIST_URL, {"page": page})

    assert listed_names(soup) == ["Wigan Council"]


@pytest.mark.parametrize(
    ("params", "field_id", "message"),
    [
        ({"q": "x" * 101}, "id_q", "Organisation name must be 100 characters or fewer"),
        ({"type": "space_agency"}, "id_type", "Select a type of organisation from the list"),
        ({"region": "scotland"}, "id_region", "Select a region from the list"),
        ({"letter": "Ä"}, "id_letter", "Select a letter from A to Z"),
        ({"letter": "AB"}, "id_letter", "Select a letter from A to Z"),
        ({"letter": "1"}, "id_letter", "Select a letter from A to Z"),
    ],
)
def test_invalid_filters_are_shown_as_errors_and_the_list_still_shows(client, home_page, params, field_id, message):
    SignedOrganisationFactory(name="Wigan Council")

    soup = soup_of(client, LIST_URL, params)

    summary = soup.select_one(".govuk-error-summary")
    assert "There is a problem" in summary.get_text()
    assert summary.select_one("a")["href"] == f"#{field_id}"
    assert message in summary.get_text()
    assert soup.select_one(f"#{field_id}") is not None  # the summary's link has somewhere to go
    assert message in text_of(soup.select_one(".govuk-error-message"))
    assert soup.title.get_text().startswith("Error: ")
    assert listed_names(soup) == ["Wigan Council"]


def test_names_typed_with_html_show_as_text(client, home_page):
    SignedOrganisationFactory(name="<b>Bold</b> Council", slug="bold-council")

    response = client.get(LIST_URL)

    assert b"<b>Bold</b>" not in response.content
    assert listed_names(BeautifulSoup(response.content, "html.parser")) == ["<b>Bold</b> Council"]


def test_links_to_the_open_data(client, home_page):
    soup = soup_of(client, LIST_URL)

    assert soup.find("a", string="Download the list as CSV")["href"] == CSV_URL
    assert soup.find("a", string="Download the list as JSON")["href"] == JSON_URL


# One signatory -----------------------------------------------------------------


def test_a_signatory_page_shows_its_details_and_published_commitments_newest_first(client, home_page):
    hackney = SignedOrganisationFactory(
        name="London Borough of Hackney",
        organisation_type=OrganisationType.LONDON_BOROUGH,
        region=Region.LONDON,
    )
    fix, share = PrincipleFactory(title="Fix our plumbing"), PrincipleFactory(title="Share what we do")
    CommitmentFactory(
        organisation=hackney,
        signed=True,
        title="Open housing repairs",
        partners="Camden Council",
        mission="Report a repair online.",
        impact="Fewer calls.",
        signed_at=datetime.datetime(2018, 8, 3, 10, tzinfo=datetime.UTC),
        principles=[fix, share],
    )
    CommitmentFactory(
        organisation=hackney,
        signed=True,
        kind=Commitment.Kind.FURTHER_COMMITMENT,
        title="Open planning data",
        signed_at=datetime.datetime(2020, 1, 15, 10, tzinfo=datetime.UTC),
        principles=[share],
    )
    for status in UNPUBLISHED_STATUSES:
        CommitmentFactory(
            organisation=hackney, status=status, kind=Commitment.Kind.FURTHER_COMMITMENT, title=f"Secret {status}"
        )

    soup = soup_of(client, signatory_url(hackney))

    assert soup.h1.get_text(strip=True) == "London Borough of Hackney"
    assert soup.title.get_text() == "London Borough of Hackney – Local Digital"
    details = text_of(soup.select_one(".govuk-summary-list"))
    assert "Type London borough" in details
    assert "Region London" in details
    assert "Signed the Declaration 3 August 2018" in details
    assert [h2.get_text(strip=True) for h2 in soup.select(".ld-commitment h2")] == [
        "Open planning data",
        "Open housing repairs",
    ]
    housing = text_of(soup.select(".ld-commitment")[1])
    for words in [
        "Signed 3 August 2018",
        "Partners Camden Council",
        "Mission Report a repair online.",
        "Fewer calls.",
    ]:
        assert words in housing
    assert [li.get_text() for li in soup.select(".ld-commitment")[1].select("li")] == [
        "Fix our plumbing",
        "Share what we do",
    ]
    assert "Signed 15 January 2020" in text_of(soup.select(".ld-commitment")[0])
    assert "Secret" not in soup.get_text()


def test_a_signatory_page_never_shows_contact_or_approver_details(client, home_page):
    commitment = CommitmentFactory(signed=True)

    html = client.get(signatory_url(commitment.organisation)).content.decode()

    for private in [
        commitment.contact_name,
        commitment.contact_email,
        commitment.approver_name,
        commitment.approver_email,
    ]:
        assert private not in html


def test_the_signatory_page_links_back_to_the_list(client, home_page):
    organisation = SignedOrganisationFactory()

    soup = soup_of(client, signatory_url(organisation))

    crumbs = [(a.get_text(strip=True), a["href"]) for a in soup.select(".govuk-breadcrumbs a")]
    assert crumbs == [("Home", "/"), ("Organisations that have signed the Local Digital Declaration", LIST_URL)]


def test_the_breadcrumbs_include_the_declaration_page_once_it_is_live(client, home_page):
    home_page.add_child(instance=DeclarationPage(title="The Local Digital Declaration", slug="declaration"))
    organisation = SignedOrganisationFactory()

    for url in [LIST_URL, PROJECTS_URL, signatory_url(organisation)]:
        soup = soup_of(client, url)
        crumbs = [(a.get_text(strip=True), a["href"]) for a in soup.select(".govuk-breadcrumbs a")]
        assert crumbs[:2] == [("Home", "/"), ("The Local Digital Declaration", "/declaration/")]


def test_what_people_typed_shows_as_text_in_paragraphs(client, home_page):
    commitment = CommitmentFactory(
        signed=True,
        title="<i>Sneaky</i> title",
        mission="First paragraph.\n\n<script>alert('mission')</script>",
        impact='<a href="https://example.com">Click</a>',
    )

    response = client.get(signatory_url(commitment.organisation))
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    assert "<script>alert" not in html
    assert '<a href="https://example.com">' not in html
    assert "<i>Sneaky</i>" not in html
    section = soup.select_one(".ld-commitment")
    assert section.h2.get_text() == "<i>Sneaky</i> title"
    paragraphs = [p.get_text() for p in section.select("p.govuk-body")]
    assert "First paragraph." in paragraphs
    assert "<script>alert('mission')</script>" in paragraphs
    assert '<a href="https://example.com">Click</a>' in paragraphs


@pytest.mark.parametrize("slug", ["not-yet-council", "no-such-council"])
def test_only_signatories_have_a_page(client, home_page, slug):
    CommitmentFactory(organisation=OrganisationFactory(name="Not Yet Council"), status=CommitmentStatus.IN_REVIEW)

    response = client.get(f"/declaration/signatories/{slug}/")

    assert response.status_code == 404


# Projects ----------------------------------------------------------------------


def project_titles(soup):
    return [h3.get_text(strip=True) for h3 in soup.select(".ld-project h3")]


def test_projects_are_published_commitments_newest_signed_first(client, home_page):
    hackney = SignedOrganisationFactory(name="London Borough of Hackney")
    share = PrincipleFactory(title="Share what we do")
    CommitmentFactory(
        organisation=hackney,
        signed=True,
        title="Older project",
        signed_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
    )
    newer = CommitmentFactory(
        organisation=hackney,
        signed=True,
        kind=Commitment.Kind.FURTHER_COMMITMENT,
        title="Newer project",
        mission="word " * 100,
        signed_at=datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC),
        principles=[share],
    )
    for status in UNPUBLISHED_STATUSES:
        CommitmentFactory(status=status, title=f"Secret {status}")

    soup = soup_of(client, PROJECTS_URL)

    assert soup.h1.get_text(strip=True) == "Declaration projects"
    assert soup.title.get_text() == "Declaration projects – Local Digital"
    assert project_titles(soup) == ["Newer project", "Older project"]
    first = soup.select_one(".ld-project")
    assert first.h3.a["href"] == f"/declaration/signatories/london-borough-of-hackney/#commitment-{newer.pk}"
    assert (
        first.find("a", string="London Borough of Hackney")["href"]
        == "/declaration/signatories/london-borough-of-hackney/"
    )
    summary = first.find("p", class_="govuk-body").get_text(strip=True)
    assert len(summary.split()) == 61 and summary.endswith("…")  # 60 words and an ellipsis
    assert [li.get_text() for li in first.select("li")] == ["Share what we do"]
    assert "Secret" not in soup.get_text()


def test_projects_can_be_filtered_by_principle(client, home_page):
    fix, share = PrincipleFactory(title="Fix our plumbing"), PrincipleFactory(title="Share what we do")
    CommitmentFactory(signed=True, title="Plumbing project", principles=[fix])
    CommitmentFactory(signed=True, title="Sharing project", principles=[share])
    CommitmentFactory(signed=True, title="Both project", principles=[fix, share])

    soup = soup_of(client, PROJECTS_URL, {"principle": share.pk})

    assert sorted(project_titles(soup)) == ["Both project", "Sharing project"]
    options = [option.get_text(strip=True) for option in soup.select("#id_principle option")]
    assert options == ["All principles", "Fix our plumbing", "Share what we do"]
    assert soup.select_one("#id_principle option[selected]").get_text(strip=True) == "Share what we do"


@pytest.mark.parametrize("principle", ["abc", "999999", "99999999999999999999999", "1; DROP TABLE"])
def test_an_invalid_principle_is_shown_as_an_error(client, home_page, principle):
    CommitmentFactory(signed=True, title="A project", principles=[PrincipleFactory()])

    soup = soup_of(client, PROJECTS_URL, {"principle": principle})

    summary = soup.select_one(".govuk-error-summary")
    assert "Select a principle from the list" in summary.get_text()
    assert summary.select_one("a")["href"] == "#id_principle"
    assert "Select a principle from the list" in text_of(soup.select_one("#id_principle-error"))
    assert soup.title.get_text().startswith("Error: ")
    assert project_titles(soup) == ["A project"]


def test_projects_are_paginated_20_to_a_page_keeping_the_filter(client, home_page):
    share = PrincipleFactory()
    bulk_signed_commitments(bulk_signatories(21), [share])

    first = soup_of(client, PROJECTS_URL, {"principle": share.pk})
    assert len(first.select(".ld-project")) == 20
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert f"principle={share.pk}" in next_link and "page=2" in next_link

    second = soup_of(client, PROJECTS_URL, {"principle": share.pk, "page": "2"})
    assert len(second.select(".ld-project")) == 1


def test_project_text_typed_with_html_shows_as_text(client, home_page):
    CommitmentFactory(signed=True, title="<i>Sneaky</i>", mission="<script>alert('x')</script>")

    html = client.get(PROJECTS_URL).content.decode()

    assert "<i>Sneaky</i>" not in html
    assert "<script>alert" not in html
    assert project_titles(BeautifulSoup(html, "html.parser")) == ["<i>Sneaky</i>"]


# Open data ---------------------------------------------------------------------


@pytest.fixture
def open_data_signatories(db):
    """Two signatories with published and unpublished commitments, and one organisation that has not signed."""
    hackney = SignedOrganisationFactory(
        name="London Borough of Hackney",
        organisation_type=OrganisationType.LONDON_BOROUGH,
        region=Region.LONDON,
        signed_at=datetime.datetime(2018, 8, 2, 23, 30, tzinfo=datetime.UTC),  # 3 August in London
    )
    CommitmentFactory(
        organisation=hackney,
        signed=True,
        title="Open housing repairs",
        signed_at=datetime.datetime(2018, 8, 3, tzinfo=datetime.UTC),
    )
    CommitmentFactory(
        organisation=hackney,
        signed=True,
        kind=Commitment.Kind.FURTHER_COMMITMENT,
        title="Open planning data",
        signed_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    CommitmentFactory(
        organisation=hackney,
        kind=Commitment.Kind.FURTHER_COMMITMENT,
        status=CommitmentStatus.IN_REVIEW,
        title="Secret",
    )
    SignedOrganisationFactory(
        name='=HYPERLINK("https://evil.example")',
        slug="evil",
        organisation_type=OrganisationType.NON_PROFIT,
        region=Region.NATIONAL,
        signed_at=datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC),
    )
    CommitmentFactory(organisation=OrganisationFactory(name="Not Yet Council"), status=CommitmentStatus.IN_REVIEW)
    return Commitment.objects.all()


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_has_one_row_per_signatory(client, open_data_signatories):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="local-digital-declaration-signatories.csv"'
    assert csv_rows(response) == [
        ["Name", "Type", "Region", "Signed on", "Commitments"],
        ['\'=HYPERLINK("https://evil.example")', "Non-profit", "National", "2019-03-01", ""],
        [
            "London Borough of Hackney",
            "London borough",
            "London",
            "2018-08-03",
            "Open housing repairs | Open planning data",
        ],
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_csv_stops_spreadsheets_running_formulas(client, home_page, start):
    CommitmentFactory(
        signed=True, organisation=OrganisationFactory(name=f"{start}1+1 Council"), title=f"{start}SUM(A1)"
    )

    [_, row] = csv_rows(client.get(CSV_URL))

    assert row[0] == f"'{start}1+1 Council"
    assert row[4] == f"'{start}SUM(A1)"


def test_the_json_has_one_object_per_signatory(client, open_data_signatories):
    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "count": 2,
        "signatories": [
            {
                "name": '=HYPERLINK("https://evil.example")',
                "type": "Non-profit",
                "region": "National",
                "signed_on": "2019-03-01",
                "commitments": [],
            },
            {
                "name": "London Borough of Hackney",
                "type": "London borough",
                "region": "London",
                "signed_on": "2018-08-03",
                "commitments": ["Open housing repairs", "Open planning data"],
            },
        ],
    }


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_open_data_never_has_names_or_email_addresses_of_people(client, open_data_signatories, url):
    content = client.get(url).content.decode()

    for commitment in open_data_signatories:
        for private in [
            commitment.contact_name,
            commitment.contact_email,
            commitment.approver_name,
            commitment.approver_email,
            commitment.contact_job_title,
            commitment.approver_job_title,
        ]:
            assert private not in content
    assert "@" not in content


# The number of queries does not grow with the number of rows -------------------


def test_the_list_costs_the_same_queries_for_10_or_1000_signatories(client, home_page, django_assert_max_num_queries):
    bulk_signatories(10)
    at_10 = queries_for(client, LIST_URL)
    bulk_signatories(990)

    with django_assert_max_num_queries(at_10):
        response = client.get(LIST_URL, {"q": "council", "region": Region.SOUTH_EAST, "page": "3"})
    assert len(BeautifulSoup(response.content, "html.parser").select(".ld-signatory")) == 50
    with django_assert_max_num_queries(at_10):
        client.get(LIST_URL)


def test_the_signatory_page_costs_the_same_queries_for_1_or_20_commitments(
    client, home_page, django_assert_max_num_queries
):
    organisation = SignedOrganisationFactory()
    principles = PrincipleFactory.create_batch(3)
    CommitmentFactory(organisation=organisation, signed=True, principles=principles)
    at_1 = queries_for(client, signatory_url(organisation))
    CommitmentFactory.create_batch(
        19, organisation=organisation, signed=True, kind=Commitment.Kind.FURTHER_COMMITMENT, principles=principles
    )

    with django_assert_max_num_queries(at_1):
        response = client.get(signatory_url(organisation))
    assert len(BeautifulSoup(response.content, "html.parser").select(".ld-commitment")) == 20


def test_projects_cost_the_same_queries_however_many_there_are(client, home_page, django_assert_max_num_queries):
    principles = PrincipleFactory.create_batch(3)
    bulk_signed_commitments(bulk_signatories(10), principles)
    at_10 = queries_for(client, PROJECTS_URL)
    bulk_signed_commitments(bulk_signatories(990), principles)

    with django_assert_max_num_queries(at_10):
        response = client.get(PROJECTS_URL)
    assert len(BeautifulSoup(response.content, "html.parser").select(".ld-project")) == 20


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_open_data_costs_the_same_queries_for_10_or_1000_signatories(
    client, home_page, django_assert_max_num_queries, url
):
    bulk_signed_commitments(bulk_signatories(10), [])
    at_10 = queries_for(client, url)
    bulk_signed_commitments(bulk_signatories(990), [])

    with django_assert_max_num_queries(at_10):
        response = client.get(url)
    assert response.content.count(b"Borough Council") == 1000


@pytest.mark.parametrize(
    "url",
    [
        "/declaration/signatories/",
        "/declaration/projects/",
        "/declaration/signatories.csv",
        "/declaration/signatories.json",
    ],
)
def test_head_answers_like_get(client, home_page, url):
    SignedOrganisationFactory(name="Kent County Council")

    head, get = client.head(url), client.get(url)

    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
