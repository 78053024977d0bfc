"""The fund's grants as open data in the 360Giving Data Standard: a JSON package and the same as CSV.

Served at /fund/projects/grants.json and /fund/projects/grants.csv (funding.views.projects). Only the
grants of published projects appear, and no person: an organisation's name and identifier, never a
contact. tests/funding/schema/ keeps the standard's JSON schema the package is checked against.

Identifiers, as the standard's identifier guidance asks:
- each grant: our 360Giving prefix, then the application's reference (`360G-localdigital-LDF-APP-7K3Q`),
  or `grant-<number>` for a grant recorded without an application (such as round 1's, from before
  the site); both stay the same for as long as the grant exists;
- each organisation: its org-id (such as `GB-LAE-LBH`) would come first, but organisations here do
  not yet record their register codes, so the guidance's last step applies: our prefix, `ORG`, and
  the organisation's number here (`360G-localdigital-ORG-12`);
- the funder, the Ministry of Housing, Communities and Local Government, the same way
  (`360G-localdigital-ORG-MHCLG`) until its Government Organisation Register code is confirmed.

Amounts are Decimal here; JSON writes each as a number with at most two decimal places.
"""

import csv
import io
import json
from decimal import Decimal

from core.links import absolute_url
from core.spreadsheets import spreadsheet_safe

from .models import Grant, ProjectPage

PREFIX = "360G-localdigital"
FUNDER = {"id": f"{PREFIX}-ORG-MHCLG", "name": "Ministry of Housing, Communities and Local Government"}
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "URL",
]


def published_grants():
    """The grants of published projects that have a lead organisation (the recipient), oldest first."""
    projects = ProjectPage.objects.published().exclude(lead_organisation=None)
    return (
        Grant.objects.filter(project__in=projects.values("pk"))
        .select_related("round", "project__lead_organisation", "application")
        .only(
            *("amount", "phase", "awarded_on", "planned_start", "planned_end"),
            *("round__name", "round__slug", "application__reference"),
            *("project__title", "project__introduction", "project__url_path", "project__path", "project__depth"),
            *("project__lead_organisation__name",),
        )
        .order_by("awarded_on", "pk")
    )


def grant_identifier(grant: Grant) -> str:
    internal = grant.application.reference if grant.application_id else f"grant-{grant.pk}"
    return f"{PREFIX}-{internal}"


def organisation_identifier(organisation) -> str:
    return f"{PREFIX}-ORG-{organisation.pk}"


def _number(amount: Decimal) -> int | float:
    """A whole number of pounds as an int; pounds and pence as a float that prints with the same digits."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _title(grant: Grant) -> str:
    return f"{grant.project.title}: {grant.get_phase_display().lower()}"


def _description(grant: Grant) -> str:
    project = grant.project
    return project.introduction or f"The {grant.get_phase_display().lower()} of {project.title}, {grant.round.name}."


def grant_record(grant: Grant) -> dict:
    """One grant as the standard's JSON has it."""
    recipient = grant.project.lead_organisation
    record = {
        "id": grant_identifier(grant),
        "title": _title(grant),
        "description": _description(grant),
        "currency": "GBP",
        "amountAwarded": _number(grant.amount),
        "awardDate": grant.awarded_on.isoformat(),
        "recipientOrganization": [{"id": organisation_identifier(recipient), "name": recipient.name}],
        "fundingOrganization": [dict(FUNDER)],
        "grantProgramme": [{"code": grant.round.slug, "title": grant.round.name}],
        "url": absolute_url(grant.project.url or ""),
    }
    dates = {
        key: value.isoformat()
        for key, value in (("startDate", grant.planned_start), ("endDate", grant.planned_end))
        if value
    }
    if dates:
        record["plannedDates"] = [dates]
    return record


def package() -> dict:
    """The 360Giving data package: every published grant."""
    return {
        "title": "Local Digital Fund grants",
        "description": "The grants of the Local Digital Fund to councils' collaborative digital projects.",
        "license": LICENCE,
        "publisher": {"name": FUNDER["name"]},
        "grants": [grant_record(grant) for grant in published_grants()],
    }


def package_json() -> str:
    return json.dumps(package(), ensure_ascii=False, indent=2)


def csv_text() -> str:
    """The same grants as CSV, one row each, with the standard's column titles."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for grant in published_grants():
        record = grant_record(grant)
        recipient = record["recipientOrganization"][0]
        dates = (record.get("plannedDates") or [{}])[0]
        amount = Decimal(grant.amount).quantize(Decimal("0.01"))
        cells = [
            record["id"],
            record["title"],
            record["description"],
            "GBP",
            str(amount if amount != amount.to_integral_value() else int(amount)),
            record["awardDate"],
            recipient["id"],
            recipient["name"],
            FUNDER["id"],
            FUNDER["name"],
            dates.get("startDate", ""),
            dates.get("endDate", ""),
            grant.round.slug,
            grant.round.name,
            record["url"],
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()
