"""A real `manage.py db_worker` process against the test database, for tests that kill or cut it."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
# A real worker in a real process: allow it this long to finish what a test gives it.
WORKER_DEADLINE = 60


def wait_for(condition, what: str, deadline: float = WORKER_DEADLINE):
    """Check `condition` until it holds, failing after `deadline` seconds: the worker is another process."""
    give_up = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < give_up, f"Gave up after {deadline} s waiting for {what}"
        time.sleep(0.1)


def database_url(port: int | None = None) -> str:
    """The test database's address, through `port` (a proxy, say) if given."""
    database = connection.settings_dict
    credentials = quote(database["USER"], safe="") + (
        f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    )
    return f"postgres://{credentials}@127.0.0.1:{port or database['PORT'] or 5432}/{database['NAME']}"


def start_worker(log, **environment: str) -> subprocess.Popen:
    """`db_worker` with tests.support.worker_settings, its output to the file `log`, and `environment` added."""
    return subprocess.Popen(  # noqa: S603 - the project's own command
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload"],
        cwd=REPO,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
            "DATABASE_URL": database_url(),
            **environment,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
