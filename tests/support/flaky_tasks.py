"""Tasks for the worker's tests: one the database fails under, one with a bug of its own, one that
reads what the worker's heartbeat says while it runs."""

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


@task()
def reads_the_heartbeat(worker_id: str) -> list:
    """What the worker's heartbeat names as the task in hand, while this task runs."""
    from core.models import WorkerHeartbeat

    heartbeat = WorkerHeartbeat.objects.get(worker_id=worker_id)
    return [heartbeat.task_path, heartbeat.task_started_at is not None]
