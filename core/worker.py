"""A background worker that outlives the database going away, and says it is alive.

`manage.py db_worker` (core's own, which replaces django-tasks-db's) runs
`ResilientWorker`: when the database connection is lost (a restart, a
failover, a network blip) it logs it, waits, reconnects and carries on,
instead of exiting with OperationalError and leaving email unsent. While it
runs, a thread records a heartbeat every HEARTBEAT_INTERVAL, which /healthz
reads (`worker_health`), and puts back in the queue any task left "running"
by a worker that stopped sending heartbeats (killed, or lost with its
machine), so the task runs again. Tasks are written to be safe to run twice:
an email is sent at most once because delivery checks its recorded status
under a row lock.
"""

import contextlib
import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker

from .errors import connection_lost
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_INTERVAL = 10  # seconds
# Waits before reconnecting: 1, 2, 4 ... seconds, never more than this.
LONGEST_RECONNECT_WAIT = 30
HEARTBEATS_KEPT_FOR = datetime.timedelta(days=1)
# A task that failed because the database went away is run again, up to this many runs in all.
MAX_RUNS = 5
DATABASE_CONNECTION_ERRORS = {"django.db.utils.OperationalError", "django.db.utils.InterfaceError"}


def max_heartbeat_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)


def beat(worker_id: str, started_at: datetime.datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now, "started_at": started_at})


def requeue_abandoned_tasks(own_worker_id: str | None = None) -> int:
    """Put back in the queue each task still marked running by a worker that is gone.

    A worker is gone when its last heartbeat is older than WORKER_HEARTBEAT_MAX_AGE;
    `own_worker_id` names a worker that is running nothing just now (it has just
    reconnected), so its own "running" tasks were interrupted too.
    """
    from django_tasks_db.models import DBTaskResult

    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - max_heartbeat_age()).values_list(
            "worker_id", flat=True
        )
    )
    alive.discard(own_worker_id)
    requeued = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).select_for_update(skip_locked=True):
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            logger.warning("Task %s (%s) was interrupted; it is queued to run again", task.id, task.task_path)
            requeued += 1
    return requeued


def worker_health() -> tuple[bool, str]:
    """Whether a worker has sent a heartbeat recently enough, and a sentence saying so."""
    latest = WorkerHeartbeat.objects.order_by("-seen_at").first()
    if latest is None:
        return False, "No background worker has started"
    age = (timezone.now() - latest.seen_at).total_seconds()
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return False, f"No background worker has sent a heartbeat for {age:.0f} seconds"
    return True, f"Background worker seen {age:.0f} seconds ago"


def forget_old_heartbeats() -> int:
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - HEARTBEATS_KEPT_FOR).delete()
    return deleted


class ResilientWorker(Worker):
    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path in DATABASE_CONNECTION_ERRORS
            and len(db_task_result.worker_ids) < MAX_RUNS
        ):
            # The database went away mid-task, not the task's own fault: run it again.
            self.interrupted.add(db_task_result.pk)
            self._queue_interrupted_again()

    def _queue_interrupted_again(self) -> None:
        from django_tasks_db.models import DBTaskResult

        for pk in list(self.interrupted):
            DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.FAILED).update(
                status=TaskResultStatus.READY, started_at=None, finished_at=None
            )
            self.interrupted.discard(pk)
            logger.warning("Task %s was interrupted by the database going away; it is queued to run again", pk)

    def run(self) -> None:
        self.started_at = timezone.now()
        self.interrupted: set = set()
        stop = threading.Event()
        heartbeat = threading.Thread(target=self._send_heartbeats, args=(stop,), name="heartbeat", daemon=True)
        heartbeat.start()
        try:
            self._run_reconnecting()
        finally:
            stop.set()
            heartbeat.join(timeout=HEARTBEAT_INTERVAL)

    def _run_reconnecting(self) -> None:
        wait = 1
        while self.running:
            try:
                requeue_abandoned_tasks(own_worker_id=self.worker_id)
                self._queue_interrupted_again()
                wait = 1  # the database answered: the next loss starts the waits again
                return super().run()
            except DatabaseError as error:
                if not connection_lost(error):
                    raise
                logger.warning("Lost the database (%s); reconnecting in %s s", str(error).strip(), wait)
                self.running_task = False
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_RECONNECT_WAIT)

    def _send_heartbeats(self, stop: threading.Event) -> None:
        """In its own thread, with its own database connection."""
        with contextlib.suppress(DatabaseError):  # the next start tries again
            forget_old_heartbeats()
        while not stop.is_set():
            try:
                beat(self.worker_id, self.started_at)
                requeue_abandoned_tasks()
            except DatabaseError as error:
                logger.info("Could not record a heartbeat: %s", str(error).strip())
            finally:
                connection.close()
            stop.wait(HEARTBEAT_INTERVAL)
