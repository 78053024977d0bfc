"""Under `make run` the site runs on SQLite: its search finds singular and plural alike too."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

SEARCH = """
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from pages.models import StandardPage
root = Site.objects.get(is_default_site=True).root_page
for title, slug in [("Working with councils", "councils"), ("Your council", "your-council")]:
    get_search_backend().add(root.add_child(instance=StandardPage(title=title, slug=slug)))
for query in ["council", "councils", "libraries"]:
    print(query, sorted(page.slug for page in Page.objects.live().search(query)))
"""


def test_sqlite_search_finds_council_and_councils_alike(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "localdigital.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 - our own manage.py, our own arguments
            [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True, check=True
        ).stdout

    manage("migrate", "--no-input", "-v0")
    found = manage("shell", "-v0", "-c", SEARCH).splitlines()

    assert found == [
        "council ['councils', 'your-council']",
        "councils ['councils', 'your-council']",
        "libraries []",
    ]
