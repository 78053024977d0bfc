from django.urls import path

from .views import journey, links, public

app_name = "declaration"

urlpatterns = [
    # Signing up (answers kept in the session until the final submit)
    path("sign/", journey.start, name="sign_start"),
    *journey.SignUp.urls(prefix="sign/"),
    path("sign/already-signed/", journey.already_signed, name="already_signed"),
    path("sign/submitted/", journey.submitted, name="submitted"),
    path("sign/resend/", links.resend_confirmation, name="resend_confirmation"),
    # Emailed links, signed and expiring
    path("confirm/<str:token>/", links.confirm_email, name="confirm_email"),
    path("amend/<str:token>/", links.amend, name="amend"),
    path("approve/<str:token>/", links.sign_for_organisation, name="sign_for_organisation"),
    # Public lists and open data
    path("signatories/", public.signatories, name="signatories"),
    path("signatories/<slug:slug>/", public.signatory, name="signatory"),
    path("projects/", public.projects, name="projects"),
    path("principles/<slug:slug>/", public.principle, name="principle"),
    path("signatories.csv", public.signatories_csv, name="signatories_csv"),
    path("signatories.json", public.signatories_json, name="signatories_json"),
]
