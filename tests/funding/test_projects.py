"""The funded projects list at /fund/projects/, its filters and totals, and each project's page."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from funding.models import PhaseName, ServiceArea
from funding.projects import format_money
from tests.factories.declaration import PrincipleFactory
from tests.factories.funding_projects import (
    FundPageFactory,
    GrantFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    RoundFactory,
    bulk_projects,
)
from tests.factories.organisations import OrganisationFactory

from .helpers import text_of

URL = "/fund/projects/"


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=FundPageFactory(parent=home_page))


@pytest.fixture
def rounds(db):
    return RoundFactory(name="Round 1", slug="round-1"), RoundFactory(name="Round 2", slug="round-2")


def listed_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select(".ld-project-item h3 a")]


def funded(index, title, grants, **kwargs):
    """A live project under `index` with a grant for each (round, phase, amount)."""
    project = ProjectPageFactory(parent=index, title=title, **kwargs)
    for round_, phase, amount in grants:
        GrantFactory(project=project, round=round_, phase=phase, amount=Decimal(amount))
    return project


def test_money_is_shown_in_whole_pounds_unless_there_are_pence():
    assert format_money(Decimal("1251492.00")) == "£1,251,492"
    assert format_money(Decimal("98500.50")) == "£98,500.50"
    assert format_money(Decimal("0")) == "£0"


def test_the_list_shows_published_projects_only(client, index, rounds):
    round_1, _ = rounds
    funded(index, "Published project", [(round_1, "discovery", "80000")])
    draft = funded(index, "Draft project", [(round_1, "alpha", "100000")])
    draft.unpublish()
    private = funded(index, "Private project", [(round_1, "alpha", "90000")])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(URL)

    assert response.status_code == 200
    assert listed_titles(response) == ["Published project"]
    assert "1 project funded so far, awarded £80,000 in all" in text_of(response)
    assert client.get(f"{URL}{draft.slug}/").status_code == 404


def test_each_project_lists_every_grant_and_its_lead_and_partners(client, index, rounds):
    round_1, round_2 = rounds
    lead = OrganisationFactory(name="Lambeth Council")
    partner = OrganisationFactory(name="Hackney Council")
    funded(
        index,
        "Invalid planning applications",
        [(round_1, "discovery", "80000"), (round_2, "alpha", "98500")],
        lead_organisation=lead,
        partners=[partner],
    )

    item = BeautifulSoup(client.get(URL).content, "html.parser").select_one(".ld-project-item").get_text(" ", True)

    assert "Led by Lambeth Council with Hackney Council" in item
    assert "Discovery, Round 1: £80,000" in item
    assert "Alpha, Round 2: £98,500" in item


@pytest.fixture
def four_projects(index, rounds):
    """Four projects that differ in one thing each from the first, so each filter keeps some and drops others."""
    round_1, round_2 = rounds
    redesign, plumbing = PrincipleFactory(title="Redesign"), PrincipleFactory(title="Plumbing")
    lambeth, hackney, croydon = (OrganisationFactory(name=name) for name in ("Lambeth", "Hackney", "Croydon"))
    return {
        "planning": funded(
            index,
            "Planning discovery",
            [(round_1, "discovery", "80000")],
            lead_organisation=lambeth,
            partners=[hackney],
            principles=[redesign],
        ),
        "housing": funded(
            index,
            "Housing alpha",
            [(round_2, "alpha", "100000")],
            lead_organisation=hackney,
            service_area=ServiceArea.HOUSING,
            principles=[plumbing],
        ),
        "twice": funded(
            index,
            "Funded twice",
            [(round_1, "discovery", "75000"), (round_2, "alpha", "95000")],
            lead_organisation=croydon,
            principles=[redesign, plumbing],
        ),
        "bystander": funded(index, "Someone else's", [(round_2, "discovery", "50000")]),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("round=round-1", ["Funded twice", "Planning discovery"]),
        ("round=round-2", ["Funded twice", "Housing alpha", "Someone else's"]),
        ("phase=alpha", ["Funded twice", "Housing alpha"]),
        ("service_area=housing", ["Housing alpha"]),
        ("organisation=hackney", ["Housing alpha", "Planning discovery"]),  # leads one, partner in the other
        ("organisation=lambeth", ["Planning discovery"]),
        ("principle=plumbing", ["Funded twice", "Housing alpha"]),
        ("round=round-1&phase=alpha", []),  # one grant must match both: "Funded twice" had its alpha in round 2
        ("round=round-2&phase=discovery", ["Someone else's"]),
        ("round=round-2&organisation=croydon&principle=redesign", ["Funded twice"]),
    ],
)
def test_the_filters_narrow_the_list(client, four_projects, query, expected):
    response = client.get(f"{URL}?{query}")

    assert listed_titles(response) == expected
    if not expected:
        assert "No funded project matches." in text_of(response)


def test_a_filter_value_it_does_not_know_is_an_error_and_the_rest_still_apply(client, four_projects):
    response = client.get(f"{URL}?organisation=no-such-council&phase=alpha&round=round-9")

    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary").get_text(" ", True)
    assert "Select an organisation from the list" in summary
    assert "Select a round from the list" in summary
    assert listed_titles(response) == ["Funded twice", "Housing alpha"]
    assert response.context["filtered"] is True


def test_organisations_offered_are_only_those_in_published_projects(client, index, rounds):
    funded(index, "Live", [(rounds[0], "discovery", "1")], lead_organisation=OrganisationFactory(name="In a live one"))
    draft = funded(index, "Draft", [], lead_organisation=OrganisationFactory(name="Only in a draft"))
    draft.unpublish()

    options = BeautifulSoup(client.get(URL).content, "html.parser").select("select[name=organisation] option")

    assert [option.get_text(strip=True) for option in options] == ["All organisations", "In a live one"]


def test_the_list_is_paginated_20_to_a_page(client, index, rounds):
    bulk_projects(index, 21, round=rounds[0])

    first, second = client.get(URL), client.get(f"{URL}?page=2")

    assert len(listed_titles(first)) == 20
    assert listed_titles(second) == ["Bulk project 0021"]
    assert "Showing 21 to 21 of 21" in text_of(second)


# Totals ------------------------------------------------------------------------


def table_rows(soup, caption):
    table = next(t for t in soup.select("table") if caption in t.caption.get_text())
    return [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tbody tr")]


def test_totals_count_each_project_once_and_add_up_every_grant(client, four_projects):
    index, round_2 = four_projects["planning"].get_parent(), four_projects["housing"].grants.get().round
    draft = funded(index, "Draft", [(round_2, "alpha", "99999")])
    draft.unpublish()

    response = client.get(URL)
    soup = BeautifulSoup(response.content, "html.parser")

    totals = response.context["totals"]
    assert totals.projects == 4
    assert totals.amount == Decimal("400000.00")  # 80,000 + 100,000 + 75,000 + 95,000 + 50,000
    assert table_rows(soup, "by round") == [
        ["Round 1", "2", "£155,000"],
        ["Round 2", "3", "£245,000"],
    ]
    assert table_rows(soup, "by phase") == [
        ["Discovery", "3", "£205,000"],
        ["Alpha", "2", "£195,000"],
    ]
    assert "4 projects funded so far, awarded £400,000 in all" in text_of(response)


def test_the_totals_do_not_change_with_the_filters(client, four_projects):
    unfiltered = client.get(URL).context["totals"]
    filtered = client.get(f"{URL}?phase=alpha").context["totals"]

    assert filtered == unfiltered


def test_the_chart_is_an_accessible_svg_with_the_tables_figures_as_text(client, four_projects):
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    charts = soup.select("svg.ld-chart")

    assert len(charts) == 2
    by_round = charts[0]
    assert by_round["role"] == "img"
    title_id, desc_id = by_round["aria-labelledby"].split()
    assert by_round.select_one(f"#{title_id}").get_text() == "Projects funded and amount awarded, by round"
    assert by_round.select_one(f"#{desc_id}").get_text() == (
        "Round 1: 2 projects, £155,000. Round 2: 3 projects, £245,000"
    )
    texts = [text.get_text() for text in by_round.select("text")]
    assert texts == ["Round 1", "£155,000 (2)", "Round 2", "£245,000 (3)"]
    widths = [int(rect["width"]) for rect in by_round.select("rect")]
    assert widths[1] == 300  # the largest bar fills the room for bars
    assert widths[0] == round(155000 / 245000 * 300)
    assert not soup.select("main script")


def test_the_totals_say_so_when_nothing_is_funded_yet(client, index):
    response = client.get(URL)

    assert "0 projects funded so far, awarded £0 in all" in text_of(response)
    assert "None yet" in response.content.decode()


def test_the_list_costs_the_same_queries_for_10_or_200_projects(client, index, rounds, django_assert_max_num_queries):
    principle = PrincipleFactory()
    partner = OrganisationFactory()
    bulk_projects(index, 10, round=rounds[0], principles=[principle], partners=[partner])
    client.get(URL)  # the site's root paths are cached from here on, as in production

    with django_assert_max_num_queries(40) as few:
        client.get(f"{URL}?principle={principle.slug}")
    bulk_projects(index, 190, round=rounds[1], principles=[principle], partners=[partner])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"{URL}?principle={principle.slug}&page=3")

    assert len(listed_titles(response)) == 20


# A project's page ------------------------------------------------------------------


def test_a_project_page_shows_who_what_and_each_grant(client, index, rounds):
    round_1, round_2 = rounds
    plumbing = PrincipleFactory(title="‘Fix our plumbing’", slug="fix-our-plumbing")
    project = ProjectPageFactory(
        parent=index,
        title="Invalid planning applications",
        introduction="Fewer invalid planning applications.",
        lead_organisation=OrganisationFactory(name="Lambeth Council"),
        partners=[OrganisationFactory(name="Hackney Council"), OrganisationFactory(name="Croydon Council")],
        principles=[plumbing],
    )
    GrantFactory(project=project, round=round_1, phase=PhaseName.DISCOVERY, amount=Decimal("80000"))
    GrantFactory(
        project=project,
        round=round_2,
        phase=PhaseName.ALPHA,
        amount=Decimal("98500.50"),
        awarded_on=datetime.date(2019, 10, 1),
        planned_start=None,
        planned_end=None,
    )

    response = client.get(f"{URL}invalid-planning-applications/")
    soup = BeautifulSoup(response.content, "html.parser")
    lists = [
        {
            row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
            for row in summary.select(".govuk-summary-list__row")
        }
        for summary in soup.select(".govuk-summary-list")
    ]

    assert soup.select_one("h1").get_text(strip=True) == "Invalid planning applications"
    assert "Fewer invalid planning applications." in text_of(response)
    assert lists[0] == {
        "Lead organisation": "Lambeth Council",
        "Partners": "Croydon Council, Hackney Council",
        "Service area": "Planning and building control",
        "Awarded": "£178,500.50 in 2 grants",
    }
    assert soup.find("h2", string="2 grants")
    assert [heading.get_text(strip=True) for heading in soup.select(".ld-project-grant")] == [
        "Discovery, Round 1",
        "Alpha, Round 2",
    ]
    assert lists[1:] == [
        {"Amount": "£80,000", "Awarded": "3 December 2018", "Planned": "13 December 2018 to 30 April 2019"},
        {"Amount": "£98,500.50", "Awarded": "1 October 2019", "Planned": "Not known"},
    ]
    link = soup.find("a", string="‘Fix our plumbing’")
    assert link["href"] == "/declaration/principles/fix-our-plumbing/"


def test_a_draft_project_is_not_public(client, index):
    project = ProjectPageFactory(parent=index, title="Not yet", slug="not-yet")
    project.unpublish()

    assert client.get(f"{URL}not-yet/").status_code == 404
