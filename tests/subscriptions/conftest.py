import pytest

from tests.factories.topics import TopicFactory


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the emails) as they would run in production: `with sending(): ...`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def news(db):
    return TopicFactory(name="Local Digital news")


@pytest.fixture
def fund(db):
    return TopicFactory(name="Local Digital Fund")
