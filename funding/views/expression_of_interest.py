"""The expression of interest: a start page, then a question page per step, Check your answers and sending.

The journey is keyed by draft id (core.journeys, `urls(keyed=True)`): an
applicant signed in by emailed link keeps several drafts in the database,
leaves, and comes back from another browser. A draft records the round it is
for when it is started; the window is checked again at the moment of
sending, so a draft stays readable after the deadline but cannot be sent.
"""

import uuid

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.journeys import Journey, Step

from .. import services
from ..eoi_forms import (
    MAX_PARTNERS,
    ContactForm,
    LeadForm,
    PartnerForm,
    PhaseForm,
    PrinciplesForm,
    ProblemForm,
    PublishForm,
    ServiceAreaForm,
    TitleForm,
)
from ..models import ExpressionOfInterest, RoundState
from ..sign_in import signed_in_email

QUESTION = "core/journeys/question.html"
TEMPLATES = "funding/expression_of_interest"
ROUND_STEPS = {"lead", "phase"}  # steps whose form depends on the round


class ExpressionOfInterestJourney(Journey):
    name = services.EOI_JOURNEY
    url_namespace = "funding:eoi"
    caption = "Expression of interest"
    start_url_name = "start"
    done_url_name = "sent"
    check_template = f"{TEMPLATES}/check_answers.html"
    check_title = "Check your answers before sending"
    submit_label = "Send expression of interest"
    round = None  # the round the draft being answered is for (set with the draft)
    steps = [
        Step("lead", LeadForm, f"{TEMPLATES}/lead.html", "Lead organisation"),
        Step("contact", ContactForm, f"{TEMPLATES}/contact.html", "Your details"),
        Step(
            "partners",
            PartnerForm,
            f"{TEMPLATES}/partners.html",
            "Partner organisations",
            repeat=True,
            max_items=MAX_PARTNERS,
            item_name="partner",
            summary_labels={"partner_name": "Partner"},
        ),
        Step("title", TitleForm, QUESTION, "Project title"),
        Step("problem", ProblemForm, QUESTION, "The problem"),
        Step("service_area", ServiceAreaForm, QUESTION, "Service area"),
        Step("phase", PhaseForm, QUESTION, "Phase and estimated cost"),
        Step("principles", PrinciplesForm, QUESTION, "Principles of the Declaration"),
        Step("publish", PublishForm, QUESTION, "Publishing"),
    ]

    def owner(self, request):
        return signed_in_email(request)

    def not_signed_in(self, request):
        return redirect("funding:sign_in")

    def start_draft(self, owner):
        draft = services.start_eoi_draft(owner)
        if draft is None:  # the window closed between the start page and the button
            raise Http404("No round is open for expressions of interest")
        return draft

    def for_draft(self, request, draft_id):
        answering = super().for_draft(request, draft_id)
        if isinstance(answering, Journey):
            answering.round = services.round_of_draft(answering.draft)
            if answering.round is None:
                raise Http404("The draft's round no longer exists")
        return answering

    def form_kwargs(self, step, answers):
        return {"round": self.round} if step.name in ROUND_STEPS else {}

    # What Check your answers shows before the button ---------------------

    def window_problem(self) -> str | None:
        return services.window_problem(self.round)

    def organisations(self) -> services.BidOrganisations | None:
        answers = self.answers(self.draft.answers)
        lead = (answers.cleaned("lead") or {}).get("lead_organisation")
        if lead is None:
            return None
        names = [(item.get("partner_name") or [""])[0] for item in self.draft.answers.get("partners") or []]
        return services.BidOrganisations.find(lead, names)

    def sending_problems(self) -> list[str]:
        organisations = self.organisations()
        return services.eoi_problems(self.round, organisations) if organisations else []

    def not_signed(self) -> list[str]:
        organisations = self.organisations()
        return organisations.not_signed if organisations else []

    # Sending --------------------------------------------------------------

    def already_submitted(self, submission_key):
        return (
            ExpressionOfInterest.objects.filter(submission_key=submission_key)
            .values_list("reference", flat=True)
            .first()
        )

    def submit(self, request, cleaned, submission_key: uuid.UUID) -> str:
        answers = services.EoiAnswers(
            **cleaned["lead"],
            partner_names=[item["partner_name"] for item in cleaned["partners"]],
            **cleaned["contact"],
            **cleaned["title"],
            **cleaned["problem"],
            **cleaned["service_area"],
            **cleaned["phase"],
            principles=list(cleaned["principles"]["principles"]),
            **cleaned["publish"],
        )
        try:
            eoi = services.send_expression_of_interest(
                self.round, self.owner(request), answers, submission_key=submission_key
            )
        except services.EoiRefused as refused:
            raise forms.ValidationError(refused.problems) from refused
        return eoi.reference


@never_cache
@require_GET
def start(request):
    round = services.eoi_round()
    email = signed_in_email(request)
    context = {
        "round": round,
        "state": round.state() if round else None,
        "open": round is not None and round.state() == RoundState.EOI_OPEN,
        "upcoming": round is not None and round.state() == RoundState.UPCOMING,
        "email": email,
        "drafts": services.eoi_drafts_of(email) if email else [],
    }
    return render(request, f"{TEMPLATES}/start.html", context)


@never_cache
@require_GET
def sent(request):
    email = signed_in_email(request)
    reference = request.session.get(ExpressionOfInterestJourney().submitted_key)
    eoi = (
        ExpressionOfInterest.objects.select_related("round", "lead_organisation")
        .filter(reference=reference, contact_email=email)
        .first()
        if email and reference
        else None
    )
    if eoi is None:
        return redirect("funding:your_bids")
    return render(request, f"{TEMPLATES}/sent.html", {"eoi": eoi})
