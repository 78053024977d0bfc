"""Signing the Declaration: a question page per step, then Check your answers (core.journeys).

Answers live in the session until the final submit, so Back and Change work
and nothing is stored for a journey that is never finished.
"""

import uuid

from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.journeys import Journey, Step

from .. import services
from ..forms import SIGN_UP_STEPS
from ..models import Commitment

SUBMIT_RATE = "10/h"  # final submissions per address per hour


def _in_progress_message(name: str) -> str:
    return (
        f"{name} already has a sign-up in progress. Ask the person who started it, "
        "or check your email for a link from us"
    )


class SignUp(Journey):
    # Also the session key. Answers are kept as typed since core.journeys; the name changed with
    # that, so a journey half-done across the deploy starts again instead of reading the old shape.
    name = "declaration_sign_up_answers"
    url_namespace = "declaration"
    caption = "Sign the Local Digital Declaration"
    start_url_name = "sign_start"
    done_url_name = "submitted"
    check_template = "declaration/sign/check_answers.html"
    check_title = "Check your answers before signing up"
    submit_rate = SUBMIT_RATE
    steps = [
        Step(name, form_class, f"declaration/sign/{name}.html", heading, summary_labels={"principles": "Principles"})
        for name, form_class, heading, _ in SIGN_UP_STEPS
    ]

    def form_kwargs(self, step, answers):
        if step.name == "approver":
            return {"contact_email": answers.value("contact", "contact_email", "")}
        return {}

    def after_step(self, request, step, form, answers):
        """An organisation already signed is offered a further commitment; one already signing up is told so."""
        if step.name != "organisation":
            return None
        organisation = services.find_organisation(form.cleaned_data["organisation_name"])
        if services.has_sign_up_in_progress(organisation):
            form.add_error("organisation_name", _in_progress_message(organisation.name))
            del answers.raw["organisation"]
            self.store(request).save(answers.raw)
            return render(
                request,
                step.template,
                {"form": form, "back_url": self.url(self.start_url_name), "journey": self, "step": step},
            )
        if organisation and services.is_signatory(organisation):
            return redirect("declaration:already_signed")
        return None

    def already_submitted(self, submission_key):
        return Commitment.objects.filter(submission_key=submission_key).values_list("reference", flat=True).first()

    def submit(self, request, cleaned, submission_key: uuid.UUID) -> str:
        commitment_answers = dict(cleaned["commitment"])
        principles = commitment_answers.pop("principles")
        answers = services.Answers(
            **cleaned["organisation"],
            **cleaned["contact"],
            **commitment_answers,
            principle_ids=[principle.pk for principle in principles],
            **cleaned["approver"],
        )
        try:
            return services.submit_commitment(answers, submission_key=submission_key).reference
        except services.SignUpInProgress as error:
            raise forms.ValidationError(_in_progress_message(answers.organisation_name)) from error


@never_cache
def start(request):
    return render(request, "declaration/sign/start.html")


@never_cache
def already_signed(request):
    name = SignUp().store(request).load().get("organisation", {}).get("organisation_name", [""])[0]
    organisation = services.find_organisation(name)
    signatory = services.signatory_of(organisation)
    if signatory is None:
        return redirect("declaration:organisation")
    return render(
        request, "declaration/sign/already_signed.html", {"organisation": organisation, "signatory": signatory}
    )


@never_cache
def submitted(request):
    reference = request.session.get(SignUp().submitted_key)
    if not reference:
        return redirect("declaration:sign_start")
    commitment = Commitment.objects.select_related("organisation").filter(reference=reference).first()
    return render(request, "declaration/sign/submitted.html", {"reference": reference, "commitment": commitment})
