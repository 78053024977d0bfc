"""The fund's real content, installed by `bootstrap_site`: the fund page, round 1 with its 2018 dates and rules,
and a guidance page."""

import datetime
from decimal import Decimal

from django.db import transaction

from core.formatting import UK_TIME_ZONE
from pages.bootstrap import add_page

from .models import FundGuidancePage, FundPage, Phase, PhaseName, ProjectIndexPage, Round

FUND_SLUG = "fund"


def _uk(year, month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UK_TIME_ZONE)


ROUND_1 = {
    "name": "Round 1",
    "slug": "round-1",
    "total_budget": Decimal("7500000.00"),
    "eoi_opens_at": _uk(2018, 9, 24, 9),
    "eoi_closes_at": _uk(2018, 10, 5, 23, 59),
    "evaluation_ends_at": _uk(2018, 10, 12, 23, 59),
    "applications_open_at": _uk(2018, 10, 16, 9),
    "applications_close_at": _uk(2018, 11, 15, 23, 59),
    "decision_date": datetime.date(2018, 12, 3),
    "minimum_local_authorities": 2,
    "lead_organisation_types": [],  # any local authority on the bid
    "maximum_bids_led": 2,
}
ROUND_1_PHASES = [(PhaseName.DISCOVERY, Decimal("80000.00")), (PhaseName.ALPHA, Decimal("100000.00"))]

FUND_PAGE = {
    "title": "Local Digital Fund",
    "slug": FUND_SLUG,
    "show_in_menus": True,
    "navigation_title": "Fund",
    "introduction": "£7.5 million to help councils work together on digital projects that fix shared problems, "
    "and to share what they make openly.",
    "search_description": "The Local Digital Fund: rounds, dates, who can bid and how.",
    "body": "<p>The fund pays for discovery and alpha projects that local authorities run together. Every "
    "organisation on a bid must have signed the Local Digital Declaration.</p>"
    "<p>Each round has two stages. First you send a short expression of interest. We evaluate them, then invite "
    "some to send a full application.</p>",
}

GUIDANCE_PAGE = {
    "title": "Who can bid and what the fund pays for",
    "slug": "who-can-bid",
    "introduction": "The rules for Round 1 of the Local Digital Fund.",
    "body": "<h2>Who can bid</h2>"
    "<p>A bid needs at least 2 local authorities working together. Every one of them must have signed the "
    "Local Digital Declaration. One of them leads the bid. One organisation can lead up to 2 bids in the "
    "round.</p>"
    "<h2>What the fund pays for</h2>"
    "<p>Discovery projects can ask for up to £80,000. Alpha projects can ask for up to £100,000.</p>"
    "<h2>Working in the open</h2>"
    "<p>Funded projects publish what they make openly, so that other councils can reuse it. With your "
    "agreement, we publish your expression of interest so that councils working on the same problem can find "
    "you and offer to partner.</p>",
}


@transaction.atomic
def ensure_round_1() -> tuple[Round, bool]:
    """Round 1 as it ran in 2018, made if there is no round with its slug; an edited round is left alone."""
    existing = Round.objects.filter(slug=ROUND_1["slug"]).first()
    if existing:
        return existing, False
    round_1 = Round.objects.create(**ROUND_1)
    Phase.objects.bulk_create(
        [Phase(round=round_1, name=name, cap=cap, sort_order=i) for i, (name, cap) in enumerate(ROUND_1_PHASES)]
    )
    return round_1, True


PROJECT_INDEX = {
    "title": "Funded projects",
    "slug": "projects",
    "introduction": "The projects the Local Digital Fund has paid for: who is doing them, how much they were "
    "awarded and what they have found and made.",
}


def load_site_pages(home) -> list[str]:
    created = []
    round_1, made = ensure_round_1()
    if made:
        created.append("fund round ‘Round 1’")
    fund_page, made = add_page(home, slug=FUND_SLUG, build=lambda: FundPage(**FUND_PAGE))
    if made:
        created.append(fund_page.title)
    guidance, made = add_page(
        fund_page, slug=GUIDANCE_PAGE["slug"], build=lambda: FundGuidancePage(round=round_1, **GUIDANCE_PAGE)
    )
    if made:
        created.append(guidance.title)
    # Where funding a bid puts its project's draft page (funding.services), and where they are listed
    projects, made = add_page(fund_page, slug=PROJECT_INDEX["slug"], build=lambda: ProjectIndexPage(**PROJECT_INDEX))
    if made:
        created.append(projects.title)
    return created
