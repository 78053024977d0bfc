"""Answering the expression of interest as an applicant does, one question page at a time."""

import re

from core.models import Draft
from funding.services import EOI_JOURNEY

START = "/fund/expression-of-interest/"


def start_draft(client) -> str:
    """Press "Start a new expression of interest"; the path of the new draft (ending in its id and a slash)."""
    response = client.post(f"{START}new/")
    assert response.status_code == 302, response.content
    return re.fullmatch(r"(/fund/expression-of-interest/[0-9a-f-]{36}/)lead/", response["Location"])[1]


def words(count: int) -> str:
    return " ".join(f"word{n}" for n in range(count))


def answers(lead, principle, **changes) -> dict:
    """Each single step's answer, as typed."""
    typed = {
        "lead": {"lead_organisation": lead.pk},
        "contact": {"contact_name": "Ada Lovelace", "contact_job_title": "Head of digital"},
        "title": {"title": "Online planning applications"},
        "problem": {"problem": words(40), "affected": "Residents and planning officers."},
        "service-area": {"service_area": "planning"},
        "phase": {"phase": "discovery", "estimated_cost": "£75,000.50"},
        "principles": {"principles": [principle.pk]},
        "publish": {"may_publish": "True"},
    }
    for step, answer in changes.items():
        typed[step] = {**typed[step], **answer}
    return typed


def answer_all(client, draft: str, lead, principle, partners=(), **changes):
    """Answer every question of the draft at `draft`; the response to the last answer."""
    typed = answers(lead, principle, **changes)
    for step in ("lead", "contact"):
        assert client.post(f"{draft}{step}/", typed[step]).status_code == 302, step
    for name in partners:
        assert client.post(f"{draft}partners/", {"partner_name": name, "add": "1"}).status_code == 302
    assert client.post(f"{draft}partners/", {"partner_name": "", "continue": "1"}).status_code == 302
    for step in ("title", "problem", "service-area", "phase", "principles", "publish"):
        response = client.post(f"{draft}{step}/", typed[step])
        assert response.status_code == 302, (step, response.content)
    return response


def send(client, draft: str):
    """Open Check your answers and press the button (even where the page hides it); the response to the press."""
    return client.post(f"{draft}check/", {"submission_key": submission_key(client, draft), "website": ""})


def submission_key(client, draft: str) -> str:
    """Open Check your answers; the key of this visit's button."""
    assert client.get(f"{draft}check/").status_code == 200
    return draft_of(draft).answers["_submission_key"]


def draft_of(path: str) -> Draft:
    return Draft.objects.get(journey=EOI_JOURNEY, id=path.rstrip("/").rsplit("/", 1)[1])
