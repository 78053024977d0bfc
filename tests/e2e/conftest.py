"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server."""

import os
import shutil
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections

# Playwright's sync API runs an event loop in this thread, which trips Django's
# async-safety check when the ORM is used from the test (or the live server).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
# Playwright waits this long (ms) for an element or a navigation before failing.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(
            "Chromium was not found on PATH: the browser tests need Debian's Chromium. "
            "Install it with `make browser` (or `sudo apt-get install chromium`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with _django_connections_kept():
        playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@contextmanager
def _django_connections_kept():
    """Keep the test's Django database connections while Playwright's event loop runs.

    Playwright's sync API leaves its event loop marked as running in this
    thread until it stops. Django keeps connections in an asgiref Local,
    which switches to different, context-local storage while a loop runs, so
    the tests would otherwise get new connection objects: ones without the
    serialized migration data that serialized rollback restores, for these
    tests and for every transactional test that runs after them.
    """
    kept = {alias: connections[alias] for alias in connections}
    yield
    for alias, connection in kept.items():
        connections[alias] = connection


def _new_page(browser, **context_options):
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies, no history) for each test, at desktop size.

    Anything the Content-Security-Policy blocks on any page the test visits
    (public or admin) fails the test: a blocked script is a broken page.
    """
    context, page = _new_page(browser)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not blocked, "The Content-Security-Policy blocked:\n" + "\n".join(blocked)


@pytest.fixture
def page_without_js(browser):
    """As `page`, with JavaScript turned off: for what must work without it."""
    context, page = _new_page(browser, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server's base URL, with the demo content loaded into its database.

    The live server needs a transactional database, which Django empties after
    each test; serialized rollback puts back what the migrations created (the
    Wagtail root page, the default Site, the locale) before the next test, so
    load_demo_content finds the tree it expects every time.
    """
    call_command("load_demo_content", stdout=StringIO())
    return live_server.url
