"""The page cache (core/page_cache.py): what it keeps, what it never keeps, and that Wagtail's changes show at once.

Each domain app's own changes are tested beside it (tests/declaration/test_page_cache.py and so on).
"""

import datetime
import gzip
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from core import page_cache
from localdigital.urls import urlpatterns as site_urlpatterns
from pages.models import SiteSettings
from tests.factories.pages import StandardPageFactory
from tests.factories.topics import TopicFactory

pytestmark = pytest.mark.django_db

CACHED_CONTROL = {"public", "max-age=0", "s-maxage=300", "must-revalidate"}


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="About Local Digital", slug="about")


def test_the_second_anonymous_visitor_gets_the_page_from_the_cache_without_a_query(
    visit, about, django_assert_num_queries
):
    first = visit("/about/")
    with django_assert_num_queries(0):
        second = visit("/about/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert "About Local Digital" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"
    assert int(second["Content-Length"]) == len(second.content)


def test_a_cached_page_is_public_for_a_short_while_and_browsers_revalidate(visit, about):
    assert directives(visit("/about/")) == CACHED_CONTROL
    assert directives(visit("/about/")) == CACHED_CONTROL


def test_the_address_with_its_query_string_is_the_key(visit, home_page):
    StandardPageFactory(parent=home_page, title="Digital planning", slug="planning")
    StandardPageFactory(parent=home_page, title="Social care records", slug="care")
    call_command("update_index", stdout=io.StringIO())

    assert "Digital planning" in visit("/search/?q=planning").content.decode()
    care = visit("/search/?q=care")

    assert care["X-Page-Cache"] == "miss"
    assert "Social care records" in care.content.decode()
    assert "Digital planning" not in care.content.decode()
    assert visit("/search/?q=planning")["X-Page-Cache"] == "hit"


def test_the_host_is_part_of_the_key_in_any_case(visit, about):
    visit("/about/", HTTP_HOST="localhost")

    assert visit("/about/", HTTP_HOST="LOCALHOST")["X-Page-Cache"] == "hit"
    assert visit("/about/", HTTP_HOST="127.0.0.1")["X-Page-Cache"] == "miss"


def test_head_is_answered_from_the_page_a_get_cached(visit, about):
    visit("/about/")

    response = Client().head("/about/")

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def nonce_page(request):
    """A page with an inline script allowed by the request's nonce (no site page has one today)."""
    return HttpResponse(f'<!DOCTYPE html><title>Nonce</title><script nonce="{request.csp_nonce}">1;</script>')


urlpatterns = [path("nonce-page/", nonce_page), *site_urlpatterns]


@pytest.mark.urls(__name__)
def test_each_visitor_gets_a_nonce_of_their_own_that_matches_the_policy(visit, home_page):
    visit("/nonce-page/")
    nonces = []
    for _ in range(2):
        response = visit("/nonce-page/", HTTP_ACCEPT_ENCODING="gzip")
        assert response["X-Page-Cache"] == "hit"
        [in_page] = re.findall(r'nonce="([^"]+)"', response.content.decode())  # filled in, so not precompressed
        assert f"'nonce-{in_page}'" in response["Content-Security-Policy"]
        nonces.append(in_page)

    assert nonces[0] != nonces[1]
    assert page_cache.NONCE_PLACEHOLDER.decode() not in response.content.decode()


def test_a_public_page_is_kept_compressed_and_served_as_it_was_compressed(visit, about):
    visit("/about/")
    first = visit("/about/", HTTP_ACCEPT_ENCODING="gzip")
    second = visit("/about/", HTTP_ACCEPT_ENCODING="gzip, br")

    # Compressing per response adds random padding (Django's defence against BREACH): the same bytes
    # twice show the copy compressed once, when the page was kept.
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    assert gzip.decompress(first.content) == visit("/about/").content
    assert int(first["Content-Length"]) == len(first.content)
    assert "nonce=" not in gzip.decompress(first.content).decode()


def test_a_visit_reads_only_the_copy_it_is_sent(visit, about):
    """A large feed is kept plain and compressed: a visitor who takes gzip never reads the plain copy."""
    visit("/about/")
    page_cache._cache().delete(page_cache.page_key(RequestFactory().get("/about/")))  # the plain copy only

    assert visit("/about/", HTTP_ACCEPT_ENCODING="gzip")["X-Page-Cache"] == "hit"
    assert visit("/about/")["X-Page-Cache"] == "miss"


def test_an_unchanged_page_is_answered_304_and_a_changed_one_in_full(visit, about, committed):
    etag = visit("/about/")["ETag"]
    assert etag.startswith('W/"')

    not_modified = visit("/about/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    # The browser keeps its copy and that copy's nonce: no new policy comes with the 304.
    assert "Content-Security-Policy" not in not_modified

    with committed():
        about.title = "About us"
        about.save_revision().publish()
    changed = visit("/about/", HTTP_IF_NONE_MATCH=etag)

    assert changed.status_code == 200
    assert "About us" in changed.content.decode()
    assert changed["ETag"] != etag


def test_a_page_is_answered_304_on_the_request_that_renders_it_too(visit, about, settings):
    etag = visit("/about/")["ETag"]
    settings.PAGE_CACHE_SECONDS = 0  # nothing kept: every request renders the page

    assert Client().get("/about/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert Client().get("/about/", HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_a_signed_in_editor_never_gets_the_cached_page_nor_leaves_theirs(visit, about, admin_user):
    visit("/about/")
    editor = Client()
    editor.force_login(admin_user)

    response = editor.get("/about/")

    assert "X-Page-Cache" not in response
    assert {"private", "no-store"} <= directives(response)
    assert "ETag" not in response
    # The editor's page (with Wagtail's user bar) was not kept for the next visitor.
    assert visit("/about/")["X-Page-Cache"] == "hit"
    assert "wagtail-userbar" not in visit("/about/").content.decode()


def test_the_admin_is_private(client, admin_user):
    client.force_login(admin_user)

    assert {"private", "no-store"} <= directives(client.get("/admin/"))


def test_a_visitor_with_a_message_waiting_never_gets_the_cached_page(visit, about):
    visit("/about/")
    visitor = Client()
    visitor.cookies["messages"] = "a message to show"

    response = visitor.get("/about/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert {"private", "no-store"} <= directives(response)


def test_a_page_with_a_form_and_its_security_token_is_never_cached(visit, about):
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="s3cret")

    first = visit("/about/")
    second = visit("/about/")

    assert "csrfmiddlewaretoken" in second.content.decode()
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert {"private", "no-store"} <= directives(second)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_pages_that_say_never_cache_are_left_alone(visit, home_page):
    response = visit("/healthz")

    assert "X-Page-Cache" not in response
    assert "no-store" in directives(response)
    assert "public" not in directives(response)


def test_a_missing_page_is_not_cached(visit, home_page, committed):
    assert visit("/coming-soon/").status_code == 404
    assert "X-Page-Cache" not in visit("/coming-soon/")

    with committed():
        StandardPageFactory(parent=home_page, title="Coming soon", slug="coming-soon")

    assert visit("/coming-soon/").status_code == 200


def test_nothing_is_kept_when_the_cache_is_off(visit, about, settings):
    settings.PAGE_CACHE_SECONDS = 0

    visit("/about/")
    response = visit("/about/")

    assert "X-Page-Cache" not in response
    assert directives(response) == CACHED_CONTROL


# Wagtail's changes show on the next request -------------------------------------


def test_publishing_a_page_shows_on_the_next_request(visit, about, committed):
    visit("/about/")

    with committed():
        about.title = "About the Local Digital Declaration"
        about.save_revision().publish()

    assert "About the Local Digital Declaration" in visit("/about/").content.decode()


def test_saving_a_draft_leaves_the_live_page_as_it_was(visit, about, committed):
    visit("/about/")

    with committed():
        about.title = "A draft title"
        about.save_revision()

    page = visit("/about/").content.decode()
    assert "About Local Digital" in page
    assert "A draft title" not in page


def test_unpublishing_a_page_takes_it_away_on_the_next_request_and_leaves_the_others(visit, home_page, committed):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    StandardPageFactory(parent=home_page, title="Contact us", slug="contact")
    visit("/about/")
    visit("/contact/")

    with committed():
        about.unpublish()

    assert visit("/about/").status_code == 404
    contact = visit("/contact/")
    assert contact.status_code == 200
    assert "Contact us" in contact.content.decode()


def test_moving_a_page_shows_it_at_its_new_address(visit, home_page, committed):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    team = StandardPageFactory(parent=about, title="The team", slug="team")
    contact = StandardPageFactory(parent=home_page, title="Contact", slug="contact")
    assert visit("/about/team/").status_code == 200

    with committed():
        team.move(contact, pos="last-child")

    old_address = visit("/about/team/")
    assert old_address.status_code == 301  # Wagtail's automatic redirect
    assert old_address["Location"] == "/contact/team/"
    assert "The team" in visit("/contact/team/").content.decode()


def test_deleting_a_page_takes_it_away(visit, about, committed):
    visit("/about/")

    with committed():
        about.delete()

    assert visit("/about/").status_code == 404


def test_a_page_the_worker_publishes_on_schedule_shows_on_the_next_request(visit, home_page, committed):
    page = StandardPageFactory(parent=home_page, title="Fund round 2", slug="round-2", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    assert visit("/round-2/").status_code == 404

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)), committed():
        call_command("publish_scheduled", stdout=io.StringIO())

    assert "Fund round 2" in visit("/round-2/").content.decode()


def test_a_page_made_private_is_no_longer_served_to_anyone(visit, about, committed):
    visit("/about/")

    with committed():
        PageViewRestriction.objects.create(page=about, restriction_type="login")

    assert visit("/about/").status_code == 302


def test_changing_the_site_settings_shows_on_every_page(visit, about, home_page, committed):
    visit("/about/")
    visit("/")

    with committed():
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.phase_banner_text = "This service is being rebuilt."
        site_settings.save()

    assert "This service is being rebuilt." in visit("/about/").content.decode()
    assert "This service is being rebuilt." in visit("/").content.decode()


def test_changing_a_snippet_shows_on_the_pages_that_use_it(visit, home_page, committed):
    topic = TopicFactory(name="Housing")
    assert "Housing" in visit("/events/").content.decode()

    with committed():
        topic.name = "Housing and homelessness"
        topic.save()

    assert "Housing and homelessness" in visit("/events/").content.decode()


def test_a_change_invalidates_only_once_its_transaction_commits(visit, about, django_capture_on_commit_callbacks):
    visit("/about/")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        about.title = "Not committed yet"
        about.save_revision().publish()
        # Still inside the transaction: a page rendered now is stored under the old generation.
        assert visit("/about/")["X-Page-Cache"] == "hit"

    assert callbacks
    for callback in callbacks:
        callback()
    assert "Not committed yet" in visit("/about/").content.decode()


def test_the_cache_losing_its_generation_loses_every_page(visit, about):
    visit("/about/")

    page_cache._cache().delete(page_cache.GENERATION_KEY)

    assert visit("/about/")["X-Page-Cache"] == "miss"


def test_every_app_declares_what_its_pages_show():
    from declaration.models import Commitment, Signatory
    from events.models import Event, Occurrence
    from organisations.models import Organisation
    from topics.models import Topic

    assert {Commitment, Signatory, Event, Occurrence, Organisation, Topic} <= page_cache.invalidating_models()


def test_pages_are_still_served_while_the_cache_is_unreachable(visit, about, settings, committed):
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PAGE_CACHE_ALIAS = "unreachable"

    response = visit("/about/")
    with committed():
        about.title = "About us"
        about.save_revision().publish()

    assert response.status_code == 200
    assert "About Local Digital" in response.content.decode()
    assert "About us" in visit("/about/").content.decode()


def test_rows_no_public_page_shows_are_still_deleted_in_one_query(django_assert_num_queries):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    for _ in range(3):
        SessionStore().create()

    with django_assert_num_queries(1):
        Session.objects.all().delete()


# Compression -------------------------------------------------------------------


def test_public_pages_go_compressed_from_the_cache_and_answer_304_as_before(visit, about):
    first = visit("/about/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    second = visit("/about/", HTTP_ACCEPT_ENCODING="gzip")

    for response in (first, second):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert "About Local Digital" in gzip.decompress(response.content).decode()
    assert second["X-Page-Cache"] == "hit"
    assert len(second.content) < len(visit("/about/").content) / 2  # uncompressed, for a client that asks so
    again = visit("/about/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 304


def test_a_page_with_a_form_and_its_security_token_is_never_compressed(visit, about):
    """Compression beside a secret lets the secret be guessed from the size (BREACH)."""
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="s3cret")

    response = visit("/about/", HTTP_ACCEPT_ENCODING="gzip")

    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response


# Routing facts: the site and the privacy of pages, kept under the generation -------------------------


def tables_read(captured) -> set[str]:
    return {table for query in captured for table in re.findall(r'FROM "(\w+)"', query["sql"])}


def test_a_page_rendered_after_the_first_reads_neither_the_site_nor_view_restrictions(visit, about, home_page):
    StandardPageFactory(parent=home_page, title="Privacy notice", slug="privacy")
    visit("/about/")  # the first page rendered under this generation keeps the routing facts

    with CaptureQueriesContext(connection) as captured:
        privacy = visit("/privacy/")

    assert privacy["X-Page-Cache"] == "miss"
    assert "Privacy notice" in privacy.content.decode()
    read = tables_read(captured.captured_queries)
    assert "wagtailcore_site" not in read and "wagtailcore_pageviewrestriction" not in read, read


def test_a_private_page_and_its_children_stay_private_when_the_routing_facts_are_kept(visit, about, home_page):
    StandardPageFactory(parent=about, title="Our team", slug="team")
    StandardPageFactory(parent=home_page, title="Privacy notice", slug="privacy")
    PageViewRestriction.objects.create(page=about, restriction_type="login")
    visit("/privacy/")  # keeps the routing facts, with about's path among the restricted

    assert visit("/about/").status_code == 302
    assert visit("/about/team/").status_code == 302
    assert visit("/privacy/").status_code == 200


def test_making_a_page_private_replaces_the_routing_facts_kept(visit, about, home_page, committed):
    StandardPageFactory(parent=about, title="Our team", slug="team")
    visit("/about/")  # no page was private when the routing facts were kept

    with committed():
        PageViewRestriction.objects.create(page=about, restriction_type="login")

    assert visit("/about/team/").status_code == 302


def test_pages_served_after_a_change_to_the_sites_follow_it(visit, about, home_page, committed):
    visit("/about/", HTTP_HOST="127.0.0.1")  # keeps the default site as 127.0.0.1's
    other_home = StandardPageFactory(parent=home_page, title="Another site's home", slug="elsewhere")

    with committed():
        Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home)

    assert "Another site" in visit("/", HTTP_HOST="127.0.0.1").content.decode()
    assert visit("/about/", HTTP_HOST="127.0.0.1").status_code == 404


def test_a_page_kept_by_another_release_is_not_served(visit, about, settings):
    """After a deploy, no page names a stylesheet or script of the release before."""
    visit("/about/")
    settings.RELEASE = "next-release"
    page_cache.release.cache_clear()
    try:
        after_the_deploy = visit("/about/")
    finally:
        page_cache.release.cache_clear()

    assert after_the_deploy["X-Page-Cache"] == "miss"


def test_the_redis_cache_keeps_one_client_and_still_reads_and_writes(settings):
    """core.cache.RedisCache, on the Redis the machine runs: the pages' cache in production."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "redis": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/11"},
    }
    redis_cache = caches["redis"]
    try:
        redis_cache.set("page-cache-test", ("generation", b"<p>page</p>"))

        assert redis_cache.get_many(["page-cache-test", "absent"]) == {
            "page-cache-test": ("generation", b"<p>page</p>")
        }
        assert redis_cache._cache.get_client() is redis_cache._cache.get_client()
    finally:
        redis_cache.delete("page-cache-test")
        redis_cache.close()
