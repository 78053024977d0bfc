"""Demo funded projects (illustrative, for development only), published under /fund/projects/.

Round 1 is real in its shape: 16 projects funded, £1,251,492 in all, decided by 3 December 2018, with
discovery grants up to £80,000 and alpha grants up to £100,000. Its projects' titles, councils and
amounts here are made up to fit those figures. The five examples of funded projects in the public
record came from later rounds, so they are grants of a "Round 2" here, with made-up dates in 2019;
one made-up round 1 discovery goes on to an alpha in round 2, to show a project funded twice.
funding/wagtail_hooks.py plugs this into `load_demo_content`.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from core.formatting import UK_TIME_ZONE
from declaration import services as declaration
from organisations.services import get_or_create_organisation
from pages.bootstrap import add_page
from pages.site_pages import paragraph

from .models import FundPage, Grant, Phase, PhaseName, ProjectIndexPage, ProjectPage, Round, ServiceArea
from .site_pages import FUND_PAGE, PROJECT_INDEX

D = datetime.date
DISCOVERY, ALPHA = PhaseName.DISCOVERY, PhaseName.ALPHA
# Indexes into the Declaration's principles, in its order.
REDESIGN, PLUMBING, SHARING, LEADERSHIP, OPEN_CULTURE = range(5)

ROUND_1_TOTAL = Decimal("1251492")


def _at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UK_TIME_ZONE)


# (slug, name, budget, windows, decision date)
ROUNDS = [
    (
        "round-1",
        "Round 1",
        Decimal("7500000"),
        (
            _at(2018, 9, 24),
            _at(2018, 10, 5, 23, 59),
            _at(2018, 10, 12, 23, 59),
            _at(2018, 10, 16),
            _at(2018, 11, 15, 23, 59),
        ),
        D(2018, 12, 3),
    ),
    (
        "round-2",
        "Round 2",
        Decimal("7500000"),
        (
            _at(2019, 6, 3),
            _at(2019, 6, 28, 23, 59),
            _at(2019, 7, 12, 23, 59),
            _at(2019, 7, 15),
            _at(2019, 8, 30, 23, 59),
        ),
        D(2019, 10, 1),
    ),
]

# The councils, with their type and region (used only when an organisation is new).
ORGANISATIONS = {
    "Adur District Council": ("district_council", "south_east"),
    "Barnsley Metropolitan Borough Council": ("metropolitan_borough", "yorkshire_and_the_humber"),
    "Bristol City Council": ("unitary_authority", "south_west"),
    "Buckinghamshire Council": ("unitary_authority", "south_east"),
    "Cambridgeshire County Council": ("county_council", "east_of_england"),
    "Central Bedfordshire Council": ("unitary_authority", "east_of_england"),
    "Cornwall Council": ("unitary_authority", "south_west"),
    "Croydon Council": ("london_borough", "london"),
    "Devon County Council": ("county_council", "south_west"),
    "Essex County Council": ("county_council", "east_of_england"),
    "Gateshead Council": ("metropolitan_borough", "north_east"),
    "Greater Manchester Combined Authority": ("combined_authority", "north_west"),
    "Hackney Council": ("london_borough", "london"),
    "Harrogate Borough Council": ("district_council", "yorkshire_and_the_humber"),
    "Kent County Council": ("county_council", "south_east"),
    "Lambeth Council": ("london_borough", "london"),
    "Leeds City Council": ("metropolitan_borough", "yorkshire_and_the_humber"),
    "Leicestershire County Council": ("county_council", "east_midlands"),
    "Newcastle City Council": ("metropolitan_borough", "north_east"),
    "Nottingham City Council": ("unitary_authority", "east_midlands"),
    "Oxfordshire County Council": ("county_council", "south_east"),
    "Royal Borough of Greenwich": ("london_borough", "london"),
    "Stockport Council": ("metropolitan_borough", "north_west"),
    "Sunderland City Council": ("metropolitan_borough", "north_east"),
    "Wandsworth Council": ("london_borough", "london"),
    "West Midlands Combined Authority": ("combined_authority", "west_midlands"),
    "Worcestershire County Council": ("county_council", "west_midlands"),
}

ROUND_1_AWARDED = D(2018, 12, 3)
ROUND_2_AWARDED = D(2019, 10, 1)
DISCOVERY_DATES = (D(2018, 12, 13), D(2019, 4, 30))
ALPHA_DATES = (D(2018, 12, 13), D(2019, 5, 31))
ROUND_2_DATES = (D(2019, 10, 14), D(2020, 3, 31))

# (slug, title, summary, lead, partners, service area, principles, [(round, phase, amount, awarded, dates)])
PROJECTS = [
    # Round 1: 16 projects, £1,251,492 in all.
    (
        "council-tax-reduction-claims",
        "Council tax reduction claims",
        "Find out why residents give up on claims for council tax reduction, and what a simpler claim needs.",
        "Leeds City Council",
        ["Harrogate Borough Council", "Stockport Council"],
        ServiceArea.REVENUES_AND_BENEFITS,
        [REDESIGN],
        [
            ("round-1", DISCOVERY, "80000", ROUND_1_AWARDED, DISCOVERY_DATES),
            ("round-2", ALPHA, "95000", ROUND_2_AWARDED, ROUND_2_DATES),
        ],
    ),
    (
        "missed-bin-collections",
        "Reporting a missed bin collection",
        "Understand how residents report missed bin collections and what data waste contractors could share.",
        "Adur District Council",
        ["Kent County Council"],
        ServiceArea.WASTE,
        [REDESIGN, PLUMBING],
        [("round-1", DISCOVERY, "79500", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "school-admissions-appeals",
        "School admissions appeals",
        "Map the appeals process from a parent's point of view and test where it could be made simpler.",
        "Essex County Council",
        ["Central Bedfordshire Council", "Cambridgeshire County Council"],
        ServiceArea.CHILDRENS_SERVICES,
        [REDESIGN],
        [("round-1", DISCOVERY, "75000", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "housing-repairs-reporting",
        "Reporting housing repairs",
        "Find out what tenants need when they report a repair, and what a shared online form would have to do.",
        "Hackney Council",
        ["Royal Borough of Greenwich"],
        ServiceArea.HOUSING,
        [REDESIGN, SHARING],
        [("round-1", DISCOVERY, "80000", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "blue-badge-renewals",
        "Blue badge renewals",
        "Look at why renewals fail and how councils could reuse what they already know about a resident.",
        "Devon County Council",
        ["Cornwall Council"],
        ServiceArea.CUSTOMER_SERVICES,
        [REDESIGN],
        [("round-1", DISCOVERY, "62400", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "pothole-reporting-data",
        "Pothole reporting data",
        "Agree a common way to describe a pothole report, so that reports reach the right highway authority.",
        "Oxfordshire County Council",
        ["Buckinghamshire Council"],
        ServiceArea.HIGHWAYS_AND_TRANSPORT,
        [PLUMBING, SHARING],
        [("round-1", DISCOVERY, "78000", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "adult-social-care-assessments",
        "Adult social care assessments",
        "Understand what people and their carers go through before an assessment, and what could be done online.",
        "Nottingham City Council",
        ["Leicestershire County Council"],
        ServiceArea.ADULT_SOCIAL_CARE,
        [REDESIGN, LEADERSHIP],
        [("round-1", DISCOVERY, "80000", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "licensing-applications",
        "Licensing applications",
        "Find out where applicants for taxi and premises licences get stuck and what councils could share.",
        "Gateshead Council",
        ["Sunderland City Council", "Newcastle City Council"],
        ServiceArea.LICENSING,
        [SHARING],
        [("round-1", DISCOVERY, "69850", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "cloud-telephony",
        "Moving council telephony to the cloud",
        "Work out what councils need from cloud telephony and how to buy it without being locked in.",
        "Worcestershire County Council",
        ["West Midlands Combined Authority"],
        ServiceArea.TECHNOLOGY,
        [PLUMBING],
        [("round-1", DISCOVERY, "80000", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "local-land-charges",
        "Local land charges searches",
        "Look at how searches are answered today and what data councils need to publish to answer them faster.",
        "Bristol City Council",
        ["Cornwall Council"],
        ServiceArea.PLANNING,
        [PLUMBING, OPEN_CULTURE],
        [("round-1", DISCOVERY, "72000", ROUND_1_AWARDED, DISCOVERY_DATES)],
    ),
    (
        "planning-application-data",
        "Planning application data",
        "Build and test a shared data standard for planning applications with the councils that receive them.",
        "Hackney Council",
        ["Croydon Council", "Lambeth Council"],
        ServiceArea.PLANNING,
        [PLUMBING, SHARING],
        [("round-1", ALPHA, "100000", ROUND_1_AWARDED, ALPHA_DATES)],
    ),
    (
        "housing-benefit-evidence",
        "Sending evidence for housing benefit",
        "Test a service for sending evidence once, which councils can reuse for other claims.",
        "Leeds City Council",
        ["Stockport Council"],
        ServiceArea.REVENUES_AND_BENEFITS,
        [REDESIGN, SHARING],
        [("round-1", ALPHA, "99000", ROUND_1_AWARDED, ALPHA_DATES)],
    ),
    (
        "special-educational-needs-plans",
        "Special educational needs plans",
        "Test how families and councils could see and update an education, health and care plan together.",
        "Kent County Council",
        ["Essex County Council"],
        ServiceArea.CHILDRENS_SERVICES,
        [REDESIGN, LEADERSHIP],
        [("round-1", ALPHA, "85000", ROUND_1_AWARDED, ALPHA_DATES)],
    ),
    (
        "open-waste-data",
        "Open waste and recycling data",
        "Publish bin collection days as open data, so that any website can tell residents when to put bins out.",
        "Adur District Council",
        ["Harrogate Borough Council"],
        ServiceArea.WASTE,
        [OPEN_CULTURE, PLUMBING],
        [("round-1", ALPHA, "70250", ROUND_1_AWARDED, ALPHA_DATES)],
    ),
    (
        "digital-skills-for-leaders",
        "Digital skills for council leaders",
        "Test a short course that helps senior leaders make decisions about digital services.",
        "Central Bedfordshire Council",
        ["Cambridgeshire County Council"],
        ServiceArea.OTHER,
        [LEADERSHIP, OPEN_CULTURE],
        [("round-1", ALPHA, "40492", ROUND_1_AWARDED, ALPHA_DATES)],
    ),
    (
        "parking-permits",
        "Applying for a parking permit",
        "Build and test a parking permit service that more than one council can run.",
        "Royal Borough of Greenwich",
        ["Hackney Council", "Wandsworth Council"],
        ServiceArea.HIGHWAYS_AND_TRANSPORT,
        [REDESIGN, SHARING],
        [("round-1", ALPHA, "100000", ROUND_1_AWARDED, ALPHA_DATES)],
    ),
    # Round 2: the examples of funded projects from the public record.
    (
        "invalid-planning-applications",
        "Reducing invalid planning applications",
        "Test a service that helps applicants get a planning application right first time, so fewer are invalid.",
        "Lambeth Council",
        ["Hackney Council", "Croydon Council"],
        ServiceArea.PLANNING,
        [REDESIGN, PLUMBING],
        [("round-2", ALPHA, "98500", ROUND_2_AWARDED, ROUND_2_DATES)],
    ),
    (
        "children-in-care-data",
        "Children in care data",
        "Test how councils in Greater Manchester can share data about children in care safely, to plan placements.",
        "Greater Manchester Combined Authority",
        ["Stockport Council"],
        ServiceArea.CHILDRENS_SERVICES,
        [PLUMBING, SHARING],
        [("round-2", ALPHA, "100000", ROUND_2_AWARDED, ROUND_2_DATES)],
    ),
    (
        "code-sharing",
        "Sharing code between councils",
        "Find out what stops councils from reusing each other's code, and what would help them share it.",
        "Croydon Council",
        ["Lambeth Council", "Wandsworth Council"],
        ServiceArea.TECHNOLOGY,
        [SHARING, OPEN_CULTURE],
        [("round-2", DISCOVERY, "75000", ROUND_2_AWARDED, ROUND_2_DATES)],
    ),
    (
        "early-help-data",
        "Early Help data",
        "Understand how councils use data to offer families early help, and where shared tools would help.",
        "Wandsworth Council",
        ["Croydon Council"],
        ServiceArea.CHILDRENS_SERVICES,
        [PLUMBING],
        [("round-2", DISCOVERY, "80000", ROUND_2_AWARDED, ROUND_2_DATES)],
    ),
    (
        "income-management",
        "Income management",
        "Look at how councils take and reconcile payments, and whether a shared income management system would work.",
        "Barnsley Metropolitan Borough Council",
        ["Leeds City Council"],
        ServiceArea.REVENUES_AND_BENEFITS,
        [PLUMBING, SHARING],
        [("round-2", DISCOVERY, "80000", ROUND_2_AWARDED, ROUND_2_DATES)],
    ),
]


def _body(project_title: str) -> list:
    return [
        ("heading", "Outputs"),
        paragraph(
            f"<p>The team will publish what they learn about {project_title.lower()} as they go: "
            "user research, prototypes and a final report.</p>"
        ),
        ("heading", "Blog posts and code"),
        paragraph(
            '<p>Read the team’s weeknotes on the <a href="https://mhclgdigital.blog.gov.uk/">MHCLG Digital blog</a> '
            'and their code on <a href="https://github.com/">GitHub</a>.</p>'
        ),
    ]


def _round(slug, name, budget, windows, decision_date) -> Round:
    existing = Round.objects.filter(Q(slug=slug) | Q(name=name)).first()
    if existing:
        return existing
    eoi_opens, eoi_closes, evaluation_ends, applications_open, applications_close = windows
    made = Round.objects.create(
        slug=slug,
        name=name,
        total_budget=budget,
        eoi_opens_at=eoi_opens,
        eoi_closes_at=eoi_closes,
        evaluation_ends_at=evaluation_ends,
        applications_open_at=applications_open,
        applications_close_at=applications_close,
        decision_date=decision_date,
    )
    Phase.objects.create(round=made, name=DISCOVERY, cap=Decimal("80000"), sort_order=0)
    Phase.objects.create(round=made, name=ALPHA, cap=Decimal("100000"), sort_order=1)
    return made


def _organisation(name):
    organisation_type, region = ORGANISATIONS[name]
    return get_or_create_organisation(name, organisation_type=organisation_type, region=region)


@transaction.atomic
def load_demo_projects(home) -> list[str]:
    fund, _ = add_page(home, slug=FUND_PAGE["slug"], build=lambda: FundPage(**FUND_PAGE))
    index, _ = add_page(fund, slug=PROJECT_INDEX["slug"], build=lambda: ProjectIndexPage(**PROJECT_INDEX))
    rounds = {slug: _round(slug, *rest) for slug, *rest in ROUNDS}
    principles = list(declaration.principles())
    created = []
    for slug, title, summary, lead, partners, service_area, principle_indexes, grants in PROJECTS:
        if index.get_children().filter(slug=slug).exists():
            continue
        project = ProjectPage(
            title=title,
            slug=slug,
            introduction=summary,
            lead_organisation=_organisation(lead),
            service_area=service_area,
            body=_body(title),
        )
        for round_slug, phase, amount, awarded_on, (start, end) in grants:
            project.grants.add(
                Grant(
                    round=rounds[round_slug],
                    phase=phase,
                    amount=Decimal(amount),
                    awarded_on=awarded_on,
                    planned_start=start,
                    planned_end=end,
                )
            )
        project.partners.set([_organisation(name) for name in partners])
        project.principles.set([principles[n] for n in principle_indexes if n < len(principles)])
        index.add_child(instance=project)
        project.save_revision().publish()
        created.append(f"funded project ‘{title}’")
    return created
