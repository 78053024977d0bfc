import pytest

from tests.factories.funding import RoundFactory


@pytest.fixture(autouse=True)
def site(home_page):
    return home_page


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the emails) as they would run in production: `with sending(): ...`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def sign_in(sending):
    """`sign_in(client, email)`: sign the client in to the fund as an applicant would, from the emailed link."""
    from tests.funding.helpers import sign_in_link

    def sign_in(client, email="ada@lambeth.gov.uk"):
        with sending():
            client.post("/fund/sign-in/", {"email": email})
        response = client.post(sign_in_link(email))
        assert response.status_code == 302, response.content
        return client

    return sign_in


@pytest.fixture
def round_1(db):
    return RoundFactory(name="Round 1", slug="round-1")
