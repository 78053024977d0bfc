"""Funded projects on the pages of the principles they serve and on their councils' signatory entries,
and the demo's round 1."""

from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db.models import Sum

from funding.models import Grant, ProjectPage
from tests.factories.declaration import PrincipleFactory, SignedOrganisationFactory
from tests.factories.funding_projects import (
    FundPageFactory,
    GrantFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    RoundFactory,
    bulk_projects,
)


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=FundPageFactory(parent=home_page))


def section(response, label):
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find("h2", string=label)
    return heading.find_parent("section") if heading else None


def item_titles(found):
    return [link.get_text(strip=True) for link in found.select("li h3 a")] if found else []


# Principle pages ---------------------------------------------------------------


def test_a_principle_page_lists_the_published_projects_that_serve_it(client, index):
    plumbing, other = PrincipleFactory(title="Fix our plumbing"), PrincipleFactory(title="Other")
    round_1 = RoundFactory(name="Round 1")
    serving = ProjectPageFactory(parent=index, title="Planning data", principles=[plumbing])
    GrantFactory(project=serving, round=round_1, amount=Decimal("80000"))
    ProjectPageFactory(parent=index, title="Serves another", principles=[other])
    ProjectPageFactory(parent=index, title="A draft", principles=[plumbing]).unpublish()

    response = client.get(plumbing.get_absolute_url())
    found = section(response, "Local Digital Fund projects")

    assert item_titles(found) == ["Planning data"]
    assert "1 funded project" in found.get_text()
    assert f"Led by {serving.lead_organisation.name}. Discovery, Round 1: £80,000" in found.get_text()
    assert found.select_one("li h3 a")["href"] == "/fund/projects/planning-data/"


def test_a_principle_page_links_to_all_its_projects_when_there_are_more_than_it_shows(client, index):
    principle = PrincipleFactory(slug="redesign")
    bulk_projects(index, 7, round=RoundFactory(), principles=[principle])

    found = section(client.get(principle.get_absolute_url()), "Local Digital Fund projects")

    assert "7 funded projects" in found.get_text()
    assert len(item_titles(found)) == 5
    more = found.find("a", string="All funded projects that serve this principle")
    assert more["href"] == "/fund/projects/?principle=redesign"


def test_a_principle_page_costs_the_same_queries_for_few_or_many_projects(
    client, index, django_assert_max_num_queries
):
    principle, round_1 = PrincipleFactory(), RoundFactory()
    bulk_projects(index, 6, round=round_1, principles=[principle])  # more than it shows: it links to the rest
    client.get(principle.get_absolute_url())

    with django_assert_max_num_queries(40) as few:
        client.get(principle.get_absolute_url())
    bulk_projects(index, 100, round=round_1, principles=[principle])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(principle.get_absolute_url())


# Signatories' entries --------------------------------------------------------------


def test_a_signatory_entry_lists_the_projects_it_leads_or_is_a_partner_in(client, index):
    lambeth, hackney, bystander = (SignedOrganisationFactory(name=n) for n in ("Lambeth", "Hackney", "Bystander"))
    round_1 = RoundFactory(name="Round 1")
    led = ProjectPageFactory(parent=index, title="Led by Lambeth", lead_organisation=lambeth, partners=[hackney])
    GrantFactory(project=led, round=round_1, phase="alpha", amount=Decimal("98500"))
    ProjectPageFactory(parent=index, title="Lambeth a partner", lead_organisation=hackney, partners=[lambeth])
    ProjectPageFactory(parent=index, title="Draft", lead_organisation=lambeth).unpublish()
    ProjectPageFactory(parent=index, title="Not Lambeth's", lead_organisation=bystander)

    found = section(client.get(f"/declaration/signatories/{lambeth.slug}/"), "Local Digital Fund projects")

    assert item_titles(found) == ["Lambeth a partner", "Led by Lambeth"]
    text = found.get_text(" ", strip=True)
    assert "Partner, led by Hackney" in text
    assert "Lead organisation. Alpha, Round 1: £98,500" in text


def test_a_signatory_with_no_project_shows_no_fund_section(client, index):
    council = SignedOrganisationFactory()
    ProjectPageFactory(parent=index, title="Someone else's")

    assert section(client.get(f"/declaration/signatories/{council.slug}/"), "Local Digital Fund projects") is None


# The demo ------------------------------------------------------------------------------


def test_the_demo_has_round_1s_16_projects_worth_1251492_and_the_examples_from_later_rounds(home_page):
    call_command("load_demo_content", stdout=StringIO())

    round_1 = Grant.objects.filter(round__slug="round-1")
    assert round_1.aggregate(total=Sum("amount"))["total"] == Decimal("1251492.00")
    assert round_1.values("project").distinct().count() == 16
    examples = {
        (grant.project.lead_organisation.name, grant.phase, grant.amount)
        for grant in Grant.objects.filter(round__slug="round-2").select_related("project__lead_organisation")
    }
    assert {
        ("Lambeth Council", "alpha", Decimal("98500.00")),
        ("Greater Manchester Combined Authority", "alpha", Decimal("100000.00")),
        ("Croydon Council", "discovery", Decimal("75000.00")),
        ("Wandsworth Council", "discovery", Decimal("80000.00")),
        ("Barnsley Metropolitan Borough Council", "discovery", Decimal("80000.00")),
    } <= examples
    assert ProjectPage.objects.published().count() == ProjectPage.objects.count()

    again = StringIO()
    call_command("load_demo_content", stdout=again)
    assert Grant.objects.filter(round__slug="round-1").count() == round_1.count()
    assert "funded project" not in again.getvalue()
