"""Signing in to the fund by emailed link, and the applicant's own page of bids."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.links import ask_by_email

from .. import services
from ..forms import SignInForm
from ..sign_in import signed_in_email


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    # The same answer for every address: whether it has bids is nobody else's business.
    return ask_by_email(
        request,
        form_class=SignInForm,
        template="funding/sign_in.html",
        sent_template="funding/sign_in_sent.html",
        send=lambda email: services.send_sign_in_link(request, email),
        context={"email": signed_in_email(request)},
    )


def signed_out(request):
    return render(request, "funding/signed_out.html")


@never_cache
def your_bids(request):
    email = signed_in_email(request)
    if email is None:
        return redirect("funding:sign_in")
    return render(request, "funding/your_bids.html", {"email": email, **services.bids_of(email)})
