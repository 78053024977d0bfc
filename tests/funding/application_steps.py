"""Answering the full application as an applicant does, for the application tests (not a test module)."""

import uuid

from core.models import Draft
from funding import services
from funding.models import Application
from tests.factories.funding import InvitableExpressionOfInterestFactory

CSV = b"category,amount\nstaff,50000\n"


def invited(email="ada@lambeth.gov.uk", **eoi_fields) -> Application:
    """An expression of interest from `email`, invited, and its round's applicants notified: the applicant
    can open its application."""
    eoi = InvitableExpressionOfInterestFactory(contact_email=email, **eoi_fields)
    application = services.invite(eoi, user=None, feedback="Please apply.")
    services.notify_eoi_applicants(eoi.round, user=None)
    return application


def path(application, page="") -> str:
    return f"/fund/applications/{application.reference}/{page}"


ABOUT = {
    "title": "Find a planning application",
    "summary": "A shared finder for planning applications.",
    "phase": "discovery",
    "start_date_day": "1",
    "start_date_month": "4",
    "start_date_year": "2027",
    "end_date_day": "30",
    "end_date_month": "9",
    "end_date_year": "2027",
}


def confirm(client, application, section):
    return client.post(path(application, f"{section}/check/"), {"submission_key": str(uuid.uuid4())})


def add_items(client, url, items):
    for item in items:
        response = client.post(url, {**item, "add": "1"})
        assert response.status_code == 302, response.content.decode()
    return client.post(url, {"continue": "1"})


def complete_about(client, application, **changes):
    client.post(path(application, "about/details/"), {**ABOUT, **changes})
    return confirm(client, application, "about")


def complete_team(client, application, partner):
    add_items(
        client,
        path(application, "team/partners/"),
        [{"organisation": partner.pk, "contact_name": "Grace Hopper", "contact_email": "grace@croydon.gov.uk"}],
    )
    add_items(client, path(application, "team/roles/"), [{"role": "Product manager", "filled_by": "Ada Lovelace"}])
    client.post(path(application, "team/supplier/"), {"supplier_known": "no"})
    return confirm(client, application, "team")


def complete_problem(client, application):
    client.post(
        path(application, "problem/details/"),
        {"problem": "Hard to find.", "users": "Residents; we asked 40 of them.", "service_area": "planning"},
    )
    return confirm(client, application, "problem")


def complete_approach(client, application):
    client.post(
        path(application, "approach/plan/"),
        {"approach": "Discovery with users.", "outputs": "A report.", "sharing": "On GitHub and our blog."},
    )
    add_items(
        client,
        path(application, "approach/milestones/"),
        [{"milestone": "Report published", "due_day": "1", "due_month": "9", "due_year": "2027"}],
    )
    return confirm(client, application, "approach")


def complete_budget(client, application, amounts=("50000", "30000")):
    add_items(
        client,
        path(application, "budget/costs/"),
        [{"category": "staff", "organisation": "Lambeth", "amount": amount} for amount in amounts],
    )
    client.post(path(application, "budget/match-funding/"), {"match_funding": "5000"})
    client.post(path(application, "budget/documents/"), {})
    return confirm(client, application, "budget")


def complete_declarations(client, application):
    client.post(
        path(application, "declarations/confirm/"), {"signatories": "on", "conflicts": "no", "data_protection": "on"}
    )
    return confirm(client, application, "declarations")


def complete_everything(client, application, partner):
    for response in [
        complete_about(client, application),
        complete_team(client, application, partner),
        complete_problem(client, application),
        complete_approach(client, application),
        complete_budget(client, application),
        complete_declarations(client, application),
    ]:
        assert response["Location"] == path(application), response.content.decode()[:3000]


def send(client, application, key=None):
    return client.post(path(application), {"submission_key": str(key or uuid.uuid4())})


def stored(application) -> dict:
    return Draft.objects.get(pk=application.draft_id).answers


def reach_documents(client, application):
    """Answer the budget's questions before its documents, as the journey asks them in order."""
    add_items(
        client,
        path(application, "budget/costs/"),
        [{"category": "staff", "organisation": "Lambeth", "amount": "1000"}],
    )
    client.post(path(application, "budget/match-funding/"), {"match_funding": "0"})
