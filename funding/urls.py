"""The fund's pages besides /fund/ itself (a Wagtail page, funding.models.FundPage) and its guidance pages."""

from django.urls import path

from .sign_in import SIGN_IN
from .views import projects, sign_in

app_name = "funding"

urlpatterns = [
    # Applicants sign in by emailed link (funding.sign_in)
    path("sign-in/", sign_in.sign_in, name="sign_in"),
    path("sign-in/<str:token>/", SIGN_IN.link_view(), name="sign_in_link"),
    path("sign-out/", SIGN_IN.sign_out_view(), name="sign_out"),
    path("signed-out/", sign_in.signed_out, name="signed_out"),
    path("your-bids/", sign_in.your_bids, name="your_bids"),
    # Funded projects' grants as 360Giving open data (funding.grants_data); the projects are pages
    path("projects/grants.json", projects.grants_json, name="grants_json"),
    path("projects/grants.csv", projects.grants_csv, name="grants_csv"),
]
