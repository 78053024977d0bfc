"""The pages behind emailed links: confirm an email address, amend a commitment, sign.

Links are signed and expire; an expired, altered or used link gets a page
that says so and what to do next, never an error.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from .. import services
from ..forms import AmendForm, ResendForm, SigningForm

RESEND_RATE = "5/h"


def _link_problem(request, problem: str):
    status = {"expired": 410, "invalid": 404, "used": 200}[problem]
    return render(request, "declaration/links/link_problem.html", {"problem": problem}, status=status)


def _commitment_or_problem(request, token, purpose, lifetime):
    try:
        return services.commitment_from_token(token, purpose, lifetime), None
    except services.LinkExpired:
        return None, _link_problem(request, "expired")
    except services.LinkInvalid:
        return None, _link_problem(request, "invalid")


@never_cache
def confirm_email(request, token):
    try:
        commitment = services.confirm_email(token)
    except services.LinkExpired:
        return _link_problem(request, "expired")
    except services.LinkInvalid:
        return _link_problem(request, "invalid")
    except services.LinkUsed:
        return render(request, "declaration/links/email_already_confirmed.html")
    return render(request, "declaration/links/email_confirmed.html", {"commitment": commitment})


@never_cache
def resend_confirmation(request):
    form = ResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_ratelimited(request, group="declaration-resend", key="ip", rate=RESEND_RATE, increment=True):
            return render(request, "declaration/sign/try_later.html", status=429)
        services.resend_confirmation(form.cleaned_data["email"])
        # The same answer whether or not we found a sign-up: nobody learns who has signed up.
        return render(request, "declaration/links/confirmation_resent.html", {"email": form.cleaned_data["email"]})
    return render(request, "declaration/links/resend.html", {"form": form})


@never_cache
def amend(request, token):
    commitment, problem = _commitment_or_problem(request, token, "amend", services.AMEND_LINK_LIFETIME)
    if problem:
        return problem
    if commitment.status != services.Status.CHANGES_REQUESTED:
        return _link_problem(request, "used")
    form = AmendForm.for_commitment(commitment, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.amend(
                commitment,
                title=data["title"],
                partners=data["partners"],
                mission=data["mission"],
                impact=data["impact"],
                principle_ids=[principle.pk for principle in data["principles"]],
            )
        except services.IllegalTransition:
            return _link_problem(request, "used")
        return render(request, "declaration/links/amended.html", {"commitment": commitment})
    return render(request, "declaration/links/amend.html", {"commitment": commitment, "form": form})


@never_cache
def sign_for_organisation(request, token):
    commitment, problem = _commitment_or_problem(request, token, "sign", services.SIGNING_LINK_LIFETIME)
    if problem:
        return problem
    if commitment.status != services.Status.AWAITING_APPROVER:
        if request.session.get("declaration_signed") == commitment.reference:  # a refresh or second click
            return render(request, "declaration/links/signed.html", {"commitment": commitment})
        return _link_problem(request, "used")
    form = SigningForm(
        request.POST or None,
        initial={"name": commitment.approver_name, "job_title": commitment.approver_job_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.sign(
                commitment, name=form.cleaned_data["name"], job_title=form.cleaned_data["job_title"]
            )
        except services.LinkUsed:
            return _link_problem(request, "used")
        request.session["declaration_signed"] = commitment.reference
        return render(request, "declaration/links/signed.html", {"commitment": commitment})
    principles = commitment.principles.all()
    return render(
        request,
        "declaration/links/sign.html",
        {"commitment": commitment, "principles": principles, "form": form},
    )
