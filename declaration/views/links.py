"""The pages behind emailed links: confirm an email address, amend a commitment, sign.

Links are declared in declaration.workflow and checked by core.links: an
expired, altered, used or wrong link gets a page that says so and what to
do next, never an error.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.links import LinkProblem, LinkUsed, ask_by_email, behind_the_link, problem_response

from .. import services
from ..forms import AmendForm, ResendForm, SigningForm
from ..models import Commitment
from ..workflow import AMEND_LINK, CONFIRM_LINK, SIGN_LINK

RESEND_RATE = "5/h"
LINK_PROBLEM_TEMPLATE = "declaration/links/link_problem.html"


def _link_problem(request, problem: LinkProblem):
    return problem_response(request, problem, template=LINK_PROBLEM_TEMPLATE)


def _behind_the_link(link, *, status, cannot_change):
    """The view gets the link's commitment while it is in `status`; otherwise, `cannot_change` answers."""
    return behind_the_link(
        link,
        queryset=Commitment.objects.select_related("organisation"),
        problem_template=LINK_PROBLEM_TEMPLATE,
        can_change=lambda commitment: commitment.status == status,
        cannot_change=cannot_change,
    )


def _already_confirmed(request, commitment):
    return render(request, "declaration/links/email_already_confirmed.html")


@_behind_the_link(CONFIRM_LINK, status=services.Status.AWAITING_EMAIL_CONFIRMATION, cannot_change=_already_confirmed)
@require_http_methods(["GET", "POST"])
def confirm_email(request, token, commitment):
    """Opening the link shows a button and only the button confirms: mail scanners open links too."""
    if request.method == "POST":
        commitment = services.confirm_email(token)
        return render(request, "declaration/links/email_confirmed.html", {"commitment": commitment})
    return render(request, "declaration/links/confirm_email.html", {"commitment": commitment})


@never_cache
def resend_confirmation(request):
    return ask_by_email(
        request,
        form_class=ResendForm,
        template="declaration/links/resend.html",
        sent_template="declaration/links/confirmation_resent.html",
        send=services.resend_confirmation,
        rate=RESEND_RATE,
        rate_group="declaration-resend",
    )


def _changes_already_made(request, commitment):
    return _link_problem(request, LinkUsed(commitment))


@_behind_the_link(AMEND_LINK, status=services.Status.CHANGES_REQUESTED, cannot_change=_changes_already_made)
def amend(request, token, commitment):
    form = AmendForm.for_commitment(commitment, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.amend(
            commitment,
            title=data["title"],
            partners=data["partners"],
            mission=data["mission"],
            impact=data["impact"],
            principle_ids=[principle.pk for principle in data["principles"]],
        )
        return render(request, "declaration/links/amended.html", {"commitment": commitment})
    return render(request, "declaration/links/amend.html", {"commitment": commitment, "form": form})


def _already_signed(request, commitment):
    """A refresh or second click by the person who just signed sees the confirmation again."""
    if request.session.get("declaration_signed") == commitment.reference:
        return render(request, "declaration/links/signed.html", {"commitment": commitment})
    return _link_problem(request, LinkUsed(commitment))


@_behind_the_link(SIGN_LINK, status=services.Status.AWAITING_APPROVER, cannot_change=_already_signed)
def sign_for_organisation(request, token, commitment):
    form = SigningForm(
        request.POST or None,
        initial={"name": commitment.approver_name, "job_title": commitment.approver_job_title},
    )
    if request.method == "POST" and form.is_valid():
        commitment = services.sign(
            commitment, name=form.cleaned_data["name"], job_title=form.cleaned_data["job_title"], link_token=token
        )
        request.session["declaration_signed"] = commitment.reference
        return render(request, "declaration/links/signed.html", {"commitment": commitment})
    principles = commitment.principles.all()
    return render(
        request,
        "declaration/links/sign.html",
        {"commitment": commitment, "principles": principles, "form": form},
    )
