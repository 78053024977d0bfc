"""The fund's pages besides /fund/ itself (a Wagtail page, funding.models.FundPage) and its guidance pages."""

from django.urls import include, path

from .sign_in import SIGN_IN
from .views import application, projects, public, sign_in
from .views import expression_of_interest as eoi

# The full application (funding.views.application): its task list at /fund/applications/<reference>/, each
# section's questions and check page under it, its documents, its confirmation and its people.
application_urls = [
    *application.ApplicationJourney.urls(keyed=True),
    path("<str:reference>/submitted/", application.submitted, name="submitted"),
    path("<str:reference>/people/", application.people, name="people"),
]

# The expression of interest's own namespace (funding:eoi), so its journey's page names stay its own.
eoi_patterns = [
    path("", eoi.start, name="start"),
    *eoi.ExpressionOfInterestJourney.urls(keyed=True),
    path("sent/", eoi.sent, name="sent"),
]

app_name = "funding"

urlpatterns = [
    # Applicants sign in by emailed link (funding.sign_in)
    path("sign-in/", sign_in.sign_in, name="sign_in"),
    path("sign-in/<str:token>/", SIGN_IN.link_view(), name="sign_in_link"),
    path("sign-out/", SIGN_IN.sign_out_view(), name="sign_out"),
    path("signed-out/", sign_in.signed_out, name="signed_out"),
    path("your-bids/", sign_in.your_bids, name="your_bids"),
    # Expressions of interest: a start page, then a journey keyed by draft id (funding.views.expression_of_interest)
    path("expression-of-interest/", include((eoi_patterns, "eoi"))),
    path("expressions-of-interest/", public.published_list, name="published_list"),
    path("expressions-of-interest/<str:reference>/", public.published_detail, name="published_detail"),
    path("expressions-of-interest/<str:reference>/partner/", public.register_partnering, name="partnering"),
    path("expressions-of-interest/<str:reference>/interest-sent/", public.partnering_sent, name="partnering_sent"),
    # Applications: "funding:application" is the task list's (or, once sent, the copy's) address
    path("applications/<str:reference>/", application_urls[0].callback, name="application"),
    path("applications/", include((application_urls, "application"))),
    # Funded projects' grants as 360Giving open data (funding.grants_data); the projects are pages
    path("projects/grants.json", projects.grants_json, name="grants_json"),
    path("projects/grants.csv", projects.grants_csv, name="grants_csv"),
]
