"""The fund's grants as open data: /fund/projects/grants.json in the 360Giving Data Standard, and the same as CSV."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource

from funding.grants_data import CSV_COLUMNS
from tests.factories.funding_projects import (
    FundPageFactory,
    GrantFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    RoundFactory,
    bulk_projects,
)
from tests.factories.organisations import OrganisationFactory

SCHEMA = Path(__file__).parent / "schema"
GRANT_SCHEMA_URL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/master/schema/360-giving-schema.json"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def package_validator() -> Draft4Validator:
    """The standard's package schema, its grants checked against the grant schema kept beside it.

    Dates are checked as the standard means them: a date such as 2018-12-03 is not a date-time, so
    each date matches exactly one of the schema's `oneOf` choices.
    """
    grant_schema = json.loads((SCHEMA / "360-giving-schema.json").read_text())
    package_schema = json.loads((SCHEMA / "360-giving-package-schema.json").read_text())
    registry = Registry().with_resource(GRANT_SCHEMA_URL, Resource.from_contents(grant_schema))
    formats = FormatChecker(formats=())
    formats.checks("date-time")(lambda value: not isinstance(value, str) or bool(RFC3339.match(value)))
    return Draft4Validator(package_schema, registry=registry, format_checker=formats)


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=FundPageFactory(parent=home_page))


@pytest.fixture
def grants(index):
    """Two published projects with three grants between them, and a draft's grant that must not appear."""
    round_1 = RoundFactory(name="Round 1", slug="round-1")
    round_2 = RoundFactory(name="Round 2", slug="round-2")
    lambeth = OrganisationFactory(name="Lambeth Council")
    planning = ProjectPageFactory(
        parent=index,
        title="Invalid planning applications",
        introduction="Fewer invalid planning applications.",
        lead_organisation=lambeth,
        partners=[OrganisationFactory(name="Hackney Council")],
    )
    discovery = GrantFactory(project=planning, round=round_1, phase="discovery", amount=Decimal("80000.00"))
    alpha = GrantFactory(
        project=planning,
        round=round_2,
        phase="alpha",
        amount=Decimal("98500.50"),
        awarded_on=datetime.date(2019, 10, 1),
        planned_start=None,
        planned_end=None,
    )
    formula = ProjectPageFactory(parent=index, title="=HYPERLINK(1)", introduction="")
    other = GrantFactory(project=formula, round=round_1, amount=Decimal("1.00"))
    draft = ProjectPageFactory(parent=index, title="Draft")
    GrantFactory(project=draft, round=round_1)
    draft.unpublish()
    return {"discovery": discovery, "alpha": alpha, "other": other, "lambeth": lambeth}


def test_the_json_is_a_valid_360giving_package(client, grants):
    response = client.get("/fund/projects/grants.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    errors = [f"{list(error.path)}: {error.message}" for error in package_validator().iter_errors(data)]
    assert errors == []


def test_the_checker_would_catch_a_grant_the_standard_refuses(client, grants):
    data = json.loads(client.get("/fund/projects/grants.json").content)
    broken = data["grants"][0]
    del broken["recipientOrganization"]
    broken["amountAwarded"] = "80000"

    messages = {error.message for error in package_validator().iter_errors(data)}

    assert "'recipientOrganization' is a required property" in messages
    assert "'80000' is not of type 'number'" in messages


def test_each_published_grant_is_one_record_with_its_project_recipient_round_and_dates(client, grants):
    data = json.loads(client.get("/fund/projects/grants.json").content)
    by_id = {grant["id"]: grant for grant in data["grants"]}
    discovery, alpha, lambeth = grants["discovery"], grants["alpha"], grants["lambeth"]

    assert set(by_id) == {f"360G-localdigital-grant-{grants[key].pk}" for key in ("discovery", "alpha", "other")}
    assert by_id[f"360G-localdigital-grant-{discovery.pk}"] == {
        "id": f"360G-localdigital-grant-{discovery.pk}",
        "title": "Invalid planning applications: discovery",
        "description": "Fewer invalid planning applications.",
        "currency": "GBP",
        "amountAwarded": 80000,
        "awardDate": "2018-12-03",
        "recipientOrganization": [{"id": f"360G-localdigital-ORG-{lambeth.pk}", "name": "Lambeth Council"}],
        "fundingOrganization": [
            {"id": "360G-localdigital-ORG-MHCLG", "name": "Ministry of Housing, Communities and Local Government"}
        ],
        "grantProgramme": [{"code": "round-1", "title": "Round 1"}],
        "url": "http://testserver/fund/projects/invalid-planning-applications/",
        "plannedDates": [{"startDate": "2018-12-13", "endDate": "2019-04-30"}],
    }
    second = by_id[f"360G-localdigital-grant-{alpha.pk}"]
    assert second["amountAwarded"] == 98500.5
    assert Decimal(str(second["amountAwarded"])) == alpha.amount
    assert "plannedDates" not in second
    assert second["grantProgramme"] == [{"code": "round-2", "title": "Round 2"}]


def test_the_grants_data_names_no_person(client, grants, settings):
    body = (
        client.get("/fund/projects/grants.json").content.decode()
        + client.get("/fund/projects/grants.csv").content.decode()
    )

    assert "@" not in body
    assert "contactName" not in body and "email" not in body.lower()


def test_the_csv_has_the_standards_column_titles_and_the_same_grants(client, grants):
    response = client.get("/fund/projects/grants.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="local-digital-fund-grants.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[:14] == [
        *("Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date"),
        *("Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name"),
        *("Planned Dates:Start Date", "Planned Dates:End Date", "Grant Programme:Code", "Grant Programme:Title"),
    ]
    by_id = {row["Identifier"]: row for row in rows}
    assert len(rows) == 3
    alpha = by_id[f"360G-localdigital-grant-{grants['alpha'].pk}"]
    assert alpha["Amount Awarded"] == "98500.50"
    assert alpha["Currency"] == "GBP"
    assert alpha["Award Date"] == "2019-10-01"
    assert alpha["Recipient Org:Name"] == "Lambeth Council"
    assert alpha["Planned Dates:Start Date"] == ""
    assert alpha["Grant Programme:Code"] == "round-2"
    discovery = by_id[f"360G-localdigital-grant-{grants['discovery'].pk}"]
    assert discovery["Amount Awarded"] == "80000"
    assert discovery["Planned Dates:End Date"] == "2019-04-30"


def test_the_csv_stops_a_spreadsheet_running_a_title_as_a_formula(client, grants):
    rows = list(csv.DictReader(io.StringIO(client.get("/fund/projects/grants.csv").content.decode())))
    other = next(row for row in rows if row["Identifier"].endswith(f"-{grants['other'].pk}"))

    assert other["Title"] == "'=HYPERLINK(1): discovery"
    assert other["Description"] == "The discovery of =HYPERLINK(1), Round 1."


def test_the_grants_data_costs_the_same_queries_for_10_or_200_grants(client, index, django_assert_max_num_queries):
    round_1 = RoundFactory()
    bulk_projects(index, 10, round=round_1)
    client.get("/fund/projects/grants.json")

    for url in ("/fund/projects/grants.json", "/fund/projects/grants.csv"):
        with django_assert_max_num_queries(10) as few:
            client.get(url)
    bulk_projects(index, 190, round=round_1)
    for url in ("/fund/projects/grants.json", "/fund/projects/grants.csv"):
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) == 201


def test_only_reading_is_allowed(client, grants):
    assert client.post("/fund/projects/grants.json").status_code == 405
