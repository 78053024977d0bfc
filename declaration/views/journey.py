"""Signing the Declaration: one question page per step, then Check your answers.

Answers live in the session until the final submit, so Back and Change work
and nothing is stored for a journey that is never finished.
"""

import uuid

from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from organisations.models import OrganisationType, Region

from .. import services
from ..forms import ApproverForm, CommitmentForm, ContactForm, OrganisationForm, SubmitForm
from ..models import Principle

SESSION_KEY = "declaration_sign_up"
SUBMITTED_KEY = "declaration_submitted"
SUBMIT_RATE = "10/h"  # final submissions per address per hour

STEPS = ["organisation", "contact", "commitment", "approver"]
FORMS = {
    "organisation": OrganisationForm,
    "contact": ContactForm,
    "commitment": CommitmentForm,
    "approver": ApproverForm,
}


def _answers(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _save_answers(request, answers: dict) -> None:
    request.session[SESSION_KEY] = answers


def _first_missing_step(answers: dict) -> str | None:
    return next((step for step in STEPS if step not in answers), None)


def _step_url(step: str) -> str:
    return reverse(f"declaration:{step}")


def _as_session_data(cleaned_data: dict) -> dict:
    data = dict(cleaned_data)
    if "principles" in data:
        data["principles"] = [principle.pk for principle in data["principles"]]
    return data


@never_cache
def start(request):
    return render(request, "declaration/sign/start.html")


def _question(request, step: str, template: str, **form_kwargs):
    answers = _answers(request)
    missing = _first_missing_step(answers)
    if missing and STEPS.index(missing) < STEPS.index(step):
        return redirect(_step_url(missing)), None, answers
    changing = request.GET.get("change") == "1"
    form_class = FORMS[step]
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            answers[step] = _as_session_data(form.cleaned_data)
            _save_answers(request, answers)
            return None, form, answers
    else:
        form = form_class(initial=answers.get(step), **form_kwargs)
    previous = STEPS.index(step) - 1
    context = {
        "form": form,
        "back_url": reverse("declaration:check_answers")
        if changing
        else (_step_url(STEPS[previous]) if previous >= 0 else reverse("declaration:sign_start")),
        "changing": changing,
    }
    return render(request, template, context), form, answers


def _next(request, step: str, answers: dict) -> HttpResponseRedirect:
    if request.GET.get("change") == "1" and _first_missing_step(answers) is None:
        return redirect("declaration:check_answers")
    return redirect(_step_url(_first_missing_step(answers) or "check_answers"))


@never_cache
def organisation_step(request):
    response, form, answers = _question(request, "organisation", "declaration/sign/organisation.html")
    if response:
        return response
    organisation = services.find_organisation(form.cleaned_data["organisation_name"])
    if services.has_sign_up_in_progress(organisation):
        form.add_error(
            "organisation_name",
            f"{organisation.name} already has a sign-up in progress. Ask the person who started it, "
            "or check your email for a link from us",
        )
        del answers["organisation"]
        _save_answers(request, answers)
        return render(
            request,
            "declaration/sign/organisation.html",
            {"form": form, "back_url": reverse("declaration:sign_start")},
        )
    if organisation and services.is_signatory(organisation):
        answers["organisation"]["organisation_name"] = organisation.name
        _save_answers(request, answers)
        return redirect("declaration:already_signed")
    return _next(request, "organisation", answers)


@never_cache
def already_signed(request):
    answers = _answers(request)
    organisation = services.find_organisation(answers.get("organisation", {}).get("organisation_name", ""))
    signatory = services.signatory_of(organisation)
    if signatory is None:
        return redirect("declaration:organisation")
    return render(
        request, "declaration/sign/already_signed.html", {"organisation": organisation, "signatory": signatory}
    )


@never_cache
def contact_step(request):
    response, form, answers = _question(request, "contact", "declaration/sign/contact.html")
    return response or _next(request, "contact", answers)


@never_cache
def commitment_step(request):
    response, form, answers = _question(request, "commitment", "declaration/sign/commitment.html")
    return response or _next(request, "commitment", answers)


@never_cache
def approver_step(request):
    contact_email = _answers(request).get("contact", {}).get("contact_email", "")
    response, form, answers = _question(
        request, "approver", "declaration/sign/approver.html", contact_email=contact_email
    )
    return response or _next(request, "approver", answers)


@never_cache
def check_answers(request):
    answers = _answers(request)
    submit_form = SubmitForm(request.POST or None)
    if request.method == "POST" and submit_form.is_valid():
        key = submit_form.cleaned_data["submission_key"]
        already = services.Commitment.objects.filter(submission_key=key).first()
        if already:  # a second click on the button
            request.session[SUBMITTED_KEY] = already.reference
            return redirect("declaration:submitted")
        if submit_form.cleaned_data["website"]:  # only robots fill in the hidden field
            return redirect("declaration:submitted")
        if is_ratelimited(request, group="declaration-submit", key="ip", rate=SUBMIT_RATE, increment=True):
            return render(request, "declaration/sign/try_later.html", status=429)
    missing = _first_missing_step(answers)
    if missing:
        return redirect(_step_url(missing))
    if request.method == "POST" and submit_form.is_valid():
        try:
            commitment = services.submit_commitment(
                _to_answers(answers), submission_key=submit_form.cleaned_data["submission_key"]
            )
        except services.SignUpInProgress:
            submit_form.add_error(
                None,
                f"{answers['organisation']['organisation_name']} already has a sign-up in progress. "
                "Ask the person who started it, or check your email for a link from us",
            )
        else:
            request.session.pop(SESSION_KEY, None)
            request.session[SUBMITTED_KEY] = commitment.reference
            return redirect("declaration:submitted")
    answers.setdefault("submission_key", str(uuid.uuid4()))
    _save_answers(request, answers)
    context = {
        "rows": _summary_rows(answers),
        "submit_form": submit_form,
        "submission_key": answers["submission_key"],
        "errors": submit_form.errors if request.method == "POST" else None,
    }
    return render(request, "declaration/sign/check_answers.html", context)


def _to_answers(answers: dict) -> services.Answers:
    return services.Answers(
        **answers["organisation"],
        **answers["contact"],
        **{key: value for key, value in answers["commitment"].items() if key != "principles"},
        principle_ids=answers["commitment"]["principles"],
        **answers["approver"],
    )


def _summary_rows(answers: dict) -> list[dict]:
    organisation, contact = answers["organisation"], answers["contact"]
    commitment, approver = answers["commitment"], answers["approver"]
    principles = Principle.objects.filter(pk__in=commitment["principles"]).values_list("title", flat=True)

    def row(key, value, step, field, *, multiline=False):
        value_param = {"html": linebreaks(escape(value))} if multiline and value else {"text": value or "None"}
        return {
            "key": {"text": key},
            "value": value_param,
            "actions": {
                "items": [
                    {
                        "href": f"{_step_url(step)}?change=1#id_{field}",
                        "text": "Change",
                        "visuallyHiddenText": key.lower(),
                    }
                ]
            },
        }

    return [
        {
            "heading": "Your organisation",
            "rows": [
                row("Name", organisation["organisation_name"], "organisation", "organisation_name"),
                row(
                    "Type",
                    OrganisationType(organisation["organisation_type"]).label,
                    "organisation",
                    "organisation_type",
                ),
                row("Where it works", Region(organisation["region"]).label, "organisation", "region"),
            ],
        },
        {
            "heading": "Your details",
            "rows": [
                row("Full name", contact["contact_name"], "contact", "contact_name"),
                row("Job title", contact["contact_job_title"], "contact", "contact_job_title"),
                row("Email address", contact["contact_email"], "contact", "contact_email"),
            ],
        },
        {
            "heading": "Your commitment",
            "rows": [
                row("Project title", commitment["title"], "commitment", "title"),
                row("Partners", commitment["partners"], "commitment", "partners", multiline=True),
                row("Mission", commitment["mission"], "commitment", "mission", multiline=True),
                row("Impact", commitment["impact"], "commitment", "impact", multiline=True),
                row("Principles", "\n".join(principles), "commitment", "principles", multiline=True),
            ],
        },
        {
            "heading": "Senior approver",
            "rows": [
                row("Full name", approver["approver_name"], "approver", "approver_name"),
                row("Job title", approver["approver_job_title"], "approver", "approver_job_title"),
                row("Email address", approver["approver_email"], "approver", "approver_email"),
            ],
        },
    ]


@never_cache
def submitted(request):
    reference = request.session.get(SUBMITTED_KEY)
    if not reference:
        return redirect("declaration:sign_start")
    commitment = services.Commitment.objects.select_related("organisation").filter(reference=reference).first()
    return render(request, "declaration/sign/submitted.html", {"reference": reference, "commitment": commitment})
