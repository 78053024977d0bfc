"""Events approved, changed or cancelled show on the next request to the list and their page, page cache on."""

import pytest

from events import services
from events.models import EventStatus
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


def test_an_approved_event_shows_on_the_list_at_once(visit, committed, admin_user):
    make_event(title="Bystander meetup")
    waiting = make_event(status=EventStatus.AWAITING_MODERATION, title="Data in planning meetup")
    assert "Data in planning meetup" not in visit("/events/").content.decode()

    with committed():
        services.approve(waiting, user=admin_user)

    page = visit("/events/").content.decode()
    assert "Data in planning meetup" in page
    assert "Bystander meetup" in page


def test_a_changed_event_shows_its_change_on_its_page_and_the_list(visit, committed, admin_user):
    make_event(title="Bystander meetup")
    event = make_event(title="Data in planning meetup")
    assert visit(services.event_url(event)).status_code == 200
    visit("/events/")

    with committed():
        services.edit_in_admin(event, {"title": "Data in planning: the second meetup"}, user=admin_user)

    assert "Data in planning: the second meetup" in visit(services.event_url(event)).content.decode()
    page = visit("/events/").content.decode()
    assert "Data in planning: the second meetup" in page
    assert "Bystander meetup" in page


def test_a_cancelled_event_says_so_on_the_next_request(visit, committed, admin_user):
    bystander = make_event(title="Bystander meetup")
    event = make_event(title="Data in planning meetup")
    assert "cancelled" not in visit(services.event_url(event)).content.decode().lower()

    with committed():
        services.cancel(event, user=admin_user)

    assert "cancelled" in visit(services.event_url(event)).content.decode().lower()
    assert "cancelled" not in visit(services.event_url(bystander)).content.decode().lower()


def test_with_a_cdn_a_changed_event_is_purged_from_it_with_the_home_page(settings, committed, admin_user):
    from tests.support import frontend_cache

    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}}
    frontend_cache.PURGED.clear()
    event = make_event(title="Data in planning meetup")
    frontend_cache.PURGED.clear()

    with committed():
        services.edit_in_admin(event, {"title": "Data in planning: the second meetup"}, user=admin_user)

    assert "http://testserver/" in frontend_cache.PURGED
    assert services.event_url(event) in frontend_cache.PURGED
