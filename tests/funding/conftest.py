import pytest

from tests.factories.funding import RoundFactory


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the emails) as they would run in production: `with sending(): ...`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def round_1(db):
    return RoundFactory(name="Round 1", slug="round-1")
