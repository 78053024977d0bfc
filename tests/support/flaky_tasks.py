"""Tasks for the worker's tests: one the database fails under, one with a bug of its own."""

from django.db.utils import OperationalError
from django_tasks import task

runs: list[str] = []


@task()
def loses_the_database_the_first_times(name: str, failures: int) -> str:
    runs.append(name)
    if runs.count(name) <= failures:
        raise OperationalError("server closed the connection unexpectedly")
    return f"{name} done"


@task()
def has_a_bug(name: str) -> str:
    runs.append(name)
    raise ValueError("a mistake in the task itself")
