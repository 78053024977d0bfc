"""Test databases for `make mutation`: a fresh one for each mutmut worker.

mutmut forks one process per mutant and runs several at once. Sharing one test
database, they would see each other's committed rows and wait on each other's
locks. So each pytest session takes the first free slot (a file lock held until
the session ends) and uses that slot's database, copied from a template that
holds a migrated database. A transactional test empties the database when it
ends, so after one the slot's copy is made again for the next session.

    python scripts/mutation_pytest.py        # before `mutmut run`: make the template
    pytest -p scripts.mutation_pytest ...    # what mutmut runs (see [tool.mutmut] in pyproject.toml)

Migrating beforehand keeps migrations out of the workers, whose CPU time mutmut
limits: a worker that spent it migrating would count as a kill.
"""

import fcntl
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLOT_DIRECTORY = ROOT / "var" / "mutation-slots"
SLOTS = 16

_held = None
_slot = None
_database_name = None
_emptied = False


def _template(name: str) -> str:
    return f"test_{name}_template"


def _slot_database(name: str, slot: int) -> str:
    return f"test_{name}_{slot}"


def _take_slot() -> int:
    global _held
    SLOT_DIRECTORY.mkdir(parents=True, exist_ok=True)
    for slot in range(SLOTS):
        handle = open(SLOT_DIRECTORY / f"{slot}.lock", "w")  # noqa: SIM115 - held until the session ends
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _held = handle
        return slot
    raise RuntimeError(f"All {SLOTS} mutation test databases are in use.")


def _copy_template(name: str, slot: int) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(_slot_database(name, slot))}")
        cursor.execute(f"CREATE DATABASE {quote(_slot_database(name, slot))} TEMPLATE {quote(_template(name))}")


def pytest_sessionstart(session):
    global _database_name, _slot
    from django.conf import settings

    database = settings.DATABASES["default"]
    # With --reuse-db pytest-django leaves NAME set to the test database, and mutmut runs many sessions per process.
    _database_name = _database_name or database["NAME"]
    database["NAME"] = _database_name
    _slot = _take_slot()
    if not (SLOT_DIRECTORY / f"{_slot}.ready").exists():
        from pytest_django.plugin import blocking_manager_key

        with session.config.stash[blocking_manager_key].unblock():
            _copy_template(_database_name, _slot)
        (SLOT_DIRECTORY / f"{_slot}.ready").touch()
    database.setdefault("TEST", {})["NAME"] = _slot_database(_database_name, _slot)


def pytest_runtest_setup(item):
    global _emptied
    marker = item.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "transactional_db" in item.fixturenames:
        _emptied = True


def pytest_sessionfinish(session, exitstatus):
    global _held, _emptied
    from django.db import connections

    # mutmut forks the next workers from this process: they must not share its connection.
    connections.close_all()
    if _emptied:
        (SLOT_DIRECTORY / f"{_slot}.ready").unlink(missing_ok=True)
        _emptied = False
    if _held is not None:
        _held.close()
        _held = None


def prepare() -> None:
    """Create and migrate the template database (`make mutation` starts with no copies of it)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localdigital.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases

    template = _template(connection.settings_dict["NAME"])
    connection.settings_dict.setdefault("TEST", {})["NAME"] = template
    setup_databases(verbosity=0, interactive=False, keepdb=True)
    connection.close()
    print(f"Template test database ready: {template}")


if __name__ == "__main__":
    prepare()
