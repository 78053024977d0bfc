import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.models import WorkerHeartbeat
from tests.factories.pages import StandardPageFactory


@pytest.fixture
def database_down(settings):
    """Point the site's connection at a port where nothing listens: a real outage."""
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port


@pytest.mark.django_db
def test_healthz_answers_ok_while_the_database_and_the_cache_answer_whatever_the_worker_does(client):
    response = client.get("/healthz")  # no worker has ever started

    assert response.status_code == 200
    assert response.content == b"OK\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_does_not(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"Cache unavailable\n"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_both_health_checks_answer_503_when_the_database_does_not(database_down):
    response = Client().get("/healthz")
    worker = Client().get("/healthz/worker")

    assert response.status_code == 503
    assert response.content == b"Database unavailable\n"
    assert worker.status_code == 503
    assert worker.json()["problems"] == ["Database unavailable"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_the_database_is_down_pages_say_try_again_shortly_without_needing_it(database_down):
    response = Client(raise_request_exception=False).get("/about/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert "Try again in a few seconds" in html
    assert 'class="govuk-header' in html


@pytest.mark.django_db
def test_unknown_addresses_get_the_sites_404_page(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "If you typed the web address, check it is correct." in html
    assert 'class="govuk-service-navigation' in html


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, settings):
    settings.SITE_URL = "https://www.localdigital.gov.uk"

    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: https://www.localdigital.gov.uk/sitemap.xml" in body


@pytest.mark.django_db
def test_sitemap_lists_live_pages_only(client, home_page):
    StandardPageFactory(parent=home_page, title="About us", slug="about")
    draft = StandardPageFactory(parent=home_page, title="Draft", slug="draft")
    draft.unpublish()

    body = client.get("/sitemap.xml").content.decode()

    assert "http://localhost/about/" in body
    assert "/draft/" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/about/", "/search/?q=about", "/robots.txt", "/sitemap.xml", "/healthz"])
def test_head_answers_like_get(client, home_page, url):
    StandardPageFactory(parent=home_page, title="About us", slug="about")
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="worker", started_at=now, seen_at=now)  # for /healthz

    head, get = client.head(url), client.get(url)

    assert head.status_code == get.status_code == 200
    assert head.content == b""


@pytest.fixture
def admin_client_with_email(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "staff.member@example.gov.uk", "password")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_admin_shows_no_gravatar_so_no_hash_of_staff_emails_leaves_the_site(admin_client_with_email, home_page):
    response = admin_client_with_email.get("/admin/")

    assert response.status_code == 200
    assert b"gravatar" not in response.content.lower()


@pytest.mark.django_db
def test_the_admin_does_not_check_online_for_wagtail_releases(admin_client_with_email, home_page):
    response = admin_client_with_email.get("/admin/")

    assert response.status_code == 200
    assert b"w-upgrade" not in response.content
