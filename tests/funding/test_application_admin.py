"""Staff read applications in the admin, with their answers and documents, by permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories.declaration import SignedOrganisationFactory
from tests.funding.application_steps import CSV, complete_everything, confirm, invited, path, send, stored

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def staff_client(django_user_model, username, *, groups=(), permissions=()) -> Client:
    user = django_user_model.objects.create_user(username=username, password="a-long-password-1", is_staff=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for app_label, codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    client = Client()
    client.force_login(user)
    return client


def test_a_fund_manager_reads_a_sent_application_and_downloads_its_document(
    client, sign_in, sending, django_user_model
):
    with sending():
        application = invited("ada@lambeth.gov.uk")
    ada = sign_in(client, "ada@lambeth.gov.uk")
    complete_everything(ada, application, SignedOrganisationFactory(name="Croydon Council"))
    ada.post(
        path(application, "budget/documents/"),
        {"budget_spreadsheet": SimpleUploadedFile("budget.csv", CSV, "text/csv")},
    )
    confirm(ada, application, "budget")
    with sending():
        send(ada, application)
    upload_id = stored(application)["budget"]["documents"]["budget_spreadsheet"][0]
    manager = staff_client(django_user_model, "fiona", groups=["Fund managers"])

    listing = manager.get(reverse("fund_applications:index")).content.decode()
    page = manager.get(reverse("fund_applications:inspect", args=[application.pk])).content.decode()

    assert application.reference in listing
    for answer in ["Find a planning application", "Croydon Council", "Product manager", "ada@lambeth.gov.uk"]:
        assert answer in page
    assert path(application, f"files/{upload_id}/") in page
    assert manager.get(path(application, f"files/{upload_id}/")).status_code == 200

    editor = staff_client(django_user_model, "eddie", permissions=[("wagtailadmin", "access_admin")])
    assert editor.get(reverse("fund_applications:inspect", args=[application.pk])).status_code in (302, 403)
    assert editor.get(path(application, f"files/{upload_id}/")).status_code in (302, 404)
