"""The Declaration's demo content: made-up signatories and a review queue, for development only.

The demo organisations are real English public bodies, but the commitments
and people are illustrative, written so that `make run` shows every part of
the service working. So that nobody takes an invented commitment for a real
body's, each one says it is demo content, in its title and its mission.
declaration/wagtail_hooks.py plugs it into `load_demo_content`; the real
page and principles are in site_pages.py.
"""

import datetime
import uuid

from django.utils import timezone

from organisations.models import Organisation, normalise_organisation_name

from . import site_pages
from .models import Commitment, CommitmentStatus, Signatory

# (name, type, region)
SIGNATORIES = [
    ("Adur District Council", "district_council", "south_east"),
    ("Barnsley Metropolitan Borough Council", "metropolitan_borough", "yorkshire_and_the_humber"),
    ("Bristol City Council", "unitary_authority", "south_west"),
    ("Buckinghamshire Council", "unitary_authority", "south_east"),
    ("Cambridgeshire County Council", "county_council", "east_of_england"),
    ("Central Bedfordshire Council", "unitary_authority", "east_of_england"),
    ("Cornwall Council", "unitary_authority", "south_west"),
    ("Croydon Council", "london_borough", "london"),
    ("Devon County Council", "county_council", "south_west"),
    ("East Sussex Fire and Rescue Service", "fire_police_or_other", "south_east"),
    ("Essex County Council", "county_council", "east_of_england"),
    ("Gateshead Council", "metropolitan_borough", "north_east"),
    ("Greater Manchester Combined Authority", "combined_authority", "north_west"),
    ("Hackney Council", "london_borough", "london"),
    ("Harrogate Borough Council", "district_council", "yorkshire_and_the_humber"),
    ("Kent County Council", "county_council", "south_east"),
    ("Lambeth Council", "london_borough", "london"),
    ("Leeds City Council", "metropolitan_borough", "yorkshire_and_the_humber"),
    ("Leicestershire County Council", "county_council", "east_midlands"),
    ("Local Government Association", "non_profit", "national"),
    ("Ministry of Housing, Communities and Local Government", "central_government", "national"),
    ("Newcastle City Council", "metropolitan_borough", "north_east"),
    ("Nottingham City Council", "unitary_authority", "east_midlands"),
    ("Oxfordshire County Council", "county_council", "south_east"),
    ("Royal Borough of Greenwich", "london_borough", "london"),
    ("Socitm", "non_profit", "national"),
    ("Stockport Council", "metropolitan_borough", "north_west"),
    ("Sunderland City Council", "metropolitan_borough", "north_east"),
    ("Wandsworth Council", "london_borough", "london"),
    ("West Midlands Combined Authority", "combined_authority", "west_midlands"),
    ("Winchester Town Council", "parish_or_town_council", "south_east"),
    ("Worcestershire County Council", "county_council", "west_midlands"),
]

PROJECTS = [
    (
        "Fewer invalid planning applications",
        "We will work with 2 neighbouring councils to find out why so many planning applications arrive "
        "incomplete, and test a better way to apply.",
        "Residents and agents get decisions sooner, and planning officers spend less time chasing documents.",
        [0, 1],
    ),
    (
        "Joined-up data for children in care",
        "We will agree a common data standard for children’s social care with our partners and build a "
        "shared tool that uses it.",
        "Social workers see the information they need in one place, so children get the right support sooner.",
        [2, 0],
    ),
    (
        "Sharing code between councils",
        "We will publish our code openly and set up a way for councils to find, reuse and improve each "
        "other’s components.",
        "Councils stop paying to build the same thing twice, and residents get services that improve faster.",
        [1, 4],
    ),
    (
        "Early help that reaches families sooner",
        "We will run a discovery into how data about families is shared between services, and design a "
        "safer way to do it.",
        "Families get help before problems grow, without having to tell their story many times.",
        [2, 3],
    ),
    (
        "Simpler income management",
        "We will replace our payment reconciliation with modular, open tools that other councils can adopt.",
        "Residents’ payments are matched correctly first time, and finance teams save hours every week.",
        [1],
    ),
]

DEMO_MARK = "Demo: "
DEMO_MISSION = "Demo content, made up to show how this website works: {organisation} did not make this commitment. "

# A few sign-ups waiting in each review state, so the admin queue has work in it.
REVIEW_QUEUE = [
    ("Bedford Borough Council", "unitary_authority", "east_of_england", CommitmentStatus.AWAITING_EMAIL_CONFIRMATION),
    ("Calderdale Council", "metropolitan_borough", "yorkshire_and_the_humber", CommitmentStatus.IN_REVIEW),
    ("Dorset Council", "unitary_authority", "south_west", CommitmentStatus.IN_REVIEW),
    ("Exeter City Council", "district_council", "south_west", CommitmentStatus.CHANGES_REQUESTED),
    ("Haringey Council", "london_borough", "london", CommitmentStatus.AWAITING_APPROVER),
    ("Lincolnshire Police", "fire_police_or_other", "east_midlands", CommitmentStatus.REJECTED),
    ("Milton Keynes City Council", "unitary_authority", "south_east", CommitmentStatus.WITHDRAWN),
]

FIRST_SIGNING = datetime.datetime(2018, 8, 1, 10, 0, tzinfo=datetime.UTC)


def load_demo_sign_ups(home) -> list[str]:
    """Create the demo signatories and the review queue, where they are missing. Returns what it created."""
    created = []
    principles = site_pages.principles_in_order()[0]
    signatories = 0
    for number, (name, organisation_type, region) in enumerate(SIGNATORIES):
        signed_at = FIRST_SIGNING + datetime.timedelta(days=45 * number)
        organisation, made = _organisation(name, organisation_type, region, signed_at=signed_at)
        if made:
            signatories += 1
            _commitment(organisation, number, principles, CommitmentStatus.SIGNED, signed_at=signed_at)
    if signatories:
        created.append(f"{signatories} signatories")

    queued = 0
    for number, (name, organisation_type, region, status) in enumerate(REVIEW_QUEUE):
        organisation, made = _organisation(name, organisation_type, region, signed_at=None)
        if made:
            queued += 1
            _commitment(organisation, number, principles, status, signed_at=None)
    if queued:
        created.append(f"{queued} sign-ups in review")
    return created


def _organisation(name, organisation_type, region, *, signed_at):
    from django.utils.text import slugify

    organisation, made = Organisation.objects.get_or_create(
        normalised_name=normalise_organisation_name(name),
        defaults={"name": name, "slug": slugify(name), "organisation_type": organisation_type, "region": region},
    )
    if made and signed_at:
        Signatory.objects.create(organisation=organisation, signed_at=signed_at)
    return organisation, made


def _commitment(organisation, number, principles, status, *, signed_at):
    title, mission, impact, principle_numbers = PROJECTS[number % len(PROJECTS)]
    first_name = ["Sam", "Priya", "Tom", "Aisha", "Gareth", "Mei", "Olu"][number % 7]
    domain = organisation.slug.replace("-", "") + ".example.gov.uk"
    commitment = Commitment.objects.create(
        reference=f"LD-DEC-D{number:03d}" if status == CommitmentStatus.SIGNED else f"LD-DEC-Q{number:03d}",
        submission_key=uuid.uuid5(uuid.NAMESPACE_URL, f"local-digital-demo/{organisation.slug}"),
        organisation=organisation,
        status=status,
        contact_name=f"{first_name} Example",
        contact_job_title="Head of digital",
        contact_email=f"{first_name.lower()}.example@{domain}",
        title=f"{DEMO_MARK}{title}",
        partners="Two neighbouring councils and the Local Government Association.",
        mission=DEMO_MISSION.format(organisation=organisation.name) + mission,
        impact=impact,
        approver_name="Alex Director",
        approver_job_title="Chief executive",
        approver_email=f"chief.executive@{domain}",
        email_confirmed_at=None if status == CommitmentStatus.AWAITING_EMAIL_CONFIRMATION else timezone.now(),
        signed_at=signed_at,
        signed_by_name="Alex Director" if signed_at else "",
        signed_by_job_title="Chief executive" if signed_at else "",
        changes_requested_message="Tell us which users will benefit, and how you will know."
        if status == CommitmentStatus.CHANGES_REQUESTED
        else "",
        rejection_reason="Police forces are not eligible for this round; contact us about other support."
        if status == CommitmentStatus.REJECTED
        else "",
    )
    commitment.principles.set([principles[i] for i in principle_numbers])
    return commitment
