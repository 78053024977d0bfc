"""A service signing people in by emailed link (core.links.EmailSignIn), for its tests: the site plus /bids/."""

from django.core.mail import send_mail
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from core.errors import too_many_requests
from core.links import EmailSignIn, TooManyLinks
from localdigital.urls import urlpatterns as site_urlpatterns

SIGN_IN = EmailSignIn(
    "example_bids",
    url_name="bids:sign_in_link",
    signed_in_url_name="bids:your_bids",
    signed_out_url_name="bids:signed_out",
)


@require_POST
def ask_for_link(request):
    try:
        url = SIGN_IN.issue(request, request.POST["email"])
    except TooManyLinks as limited:
        return too_many_requests(request, limited.retry_after)
    send_mail("Sign in", f"Sign in: {url}", None, [request.POST["email"]])
    return HttpResponse("Check your email")


def your_bids(request):
    email = SIGN_IN.signed_in_email(request)
    return HttpResponse(f"Signed in as {email}" if email else "Not signed in")


def signed_out(request):
    return HttpResponse("Signed out")


urlpatterns = [
    path(
        "bids/",
        include(
            (
                [
                    path("sign-in/", ask_for_link, name="sign_in"),
                    path("sign-in/<str:token>/", SIGN_IN.link_view(), name="sign_in_link"),
                    path("sign-out/", SIGN_IN.sign_out_view(), name="sign_out"),
                    path("", your_bids, name="your_bids"),
                    path("signed-out/", signed_out, name="signed_out"),
                ],
                "bids",
            )
        ),
    ),
    *site_urlpatterns,
]
