"""The Declaration's public lists show a signing or a removal on the next request, with the page cache on."""

import pytest

from declaration import services
from declaration.models import CommitmentStatus
from tests.factories.declaration import CommitmentFactory, SignedOrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/declaration/signatories/"


def test_a_signatory_shows_on_the_list_and_in_the_open_data_once_signed(visit, committed):
    SignedOrganisationFactory(name="Leeds City Council")
    commitment = CommitmentFactory(status=CommitmentStatus.AWAITING_APPROVER, organisation__name="Hackney Council")
    assert "Hackney Council" not in visit(LIST_URL).content.decode()
    assert "Hackney Council" not in visit("/declaration/signatories.csv").content.decode()

    with committed():
        services.sign(commitment, name="Sam Signer", job_title="Leader of the council")

    page = visit(LIST_URL).content.decode()
    assert "Hackney Council" in page
    assert "Leeds City Council" in page
    assert "Hackney Council" in visit("/declaration/signatories.csv").content.decode()


def test_a_signatory_removed_by_staff_leaves_the_list_and_its_page(visit, committed, admin_user):
    SignedOrganisationFactory(name="Leeds City Council")
    hackney = SignedOrganisationFactory(name="Hackney Council")
    commitment = CommitmentFactory(signed=True, organisation=hackney)
    signatory_url = f"{LIST_URL}{hackney.slug}/"
    assert visit(signatory_url).status_code == 200
    assert "Hackney Council" in visit(LIST_URL).content.decode()

    with committed():
        services.remove_signatory(commitment, user=admin_user, reason="Signed by mistake.")

    page = visit(LIST_URL).content.decode()
    assert "Hackney Council" not in page
    assert "Leeds City Council" in page
    assert visit(signatory_url).status_code == 404
