"""A background worker that outlives the database going away, and says what it is doing.

`manage.py db_worker` (core's own, which replaces django-tasks-db's) runs
`ResilientWorker`: when the database connection is lost (a restart, a
failover, a network blip) it logs it, waits, reconnects and carries on,
instead of exiting with OperationalError and leaving email unsent. Its main
loop records a heartbeat between tasks (every HEARTBEAT_INTERVAL while it
waits for work) and, just before each task, names the task in hand and since
when; so a worker stuck inside one task stops beating, and the worker check
(core.background_work, /healthz/worker) sees which task and for how long.
Between tasks the loop also puts back in the queue any task left "running" by
a worker that is gone: silent for WORKER_HEARTBEAT_MAX_AGE and not inside a
task still within WORKER_TASK_TIME_LIMIT (killed, lost with its machine, or
stuck past the limit), so the task runs again. Tasks are written to be safe to
run twice: an email is sent at most once because delivery checks its recorded
status under a row lock.
"""

import datetime
import logging
import random
import time

from django.conf import settings
from django.db import DatabaseError, OperationalError, close_old_connections, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from .errors import connection_lost
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_INTERVAL = 10  # seconds, while the worker waits for work
# Waits before reconnecting: 1, 2, 4 ... seconds, never more than this.
LONGEST_RECONNECT_WAIT = 30
HEARTBEATS_KEPT_FOR = datetime.timedelta(days=1)
# A task that failed because the database went away is run again, up to this many runs in all.
MAX_RUNS = 5
DATABASE_CONNECTION_ERRORS = {"django.db.utils.OperationalError", "django.db.utils.InterfaceError"}


def max_heartbeat_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)


def task_time_limit() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WORKER_TASK_TIME_LIMIT)


def beat(worker_id: str, started_at: datetime.datetime, task=None) -> None:
    """Record that the worker is alive, and the task it is about to run (None: it is between tasks)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "seen_at": now,
            "started_at": started_at,
            "task_id": task.pk if task else None,
            "task_path": task.task_path[:255] if task else "",
            "task_started_at": now if task else None,
        },
    )


def live_workers() -> set[str]:
    """Workers seen within WORKER_HEARTBEAT_MAX_AGE, or inside a task started within WORKER_TASK_TIME_LIMIT."""
    now = timezone.now()
    return set(
        WorkerHeartbeat.objects.filter(
            Q(seen_at__gte=now - max_heartbeat_age()) | Q(task_started_at__gte=now - task_time_limit())
        ).values_list("worker_id", flat=True)
    )


def requeue_abandoned_tasks(own_worker_id: str | None = None) -> int:
    """Put back in the queue each task still marked running by a worker that is gone.

    A worker is gone when it is not among `live_workers()`: a worker stuck in one task
    past WORKER_TASK_TIME_LIMIT counts as gone, so its task runs elsewhere.
    `own_worker_id` names a worker that is running nothing just now (it has just
    reconnected), so its own "running" tasks were interrupted too.
    """
    from django_tasks_db.models import DBTaskResult

    alive = live_workers()
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
        self.last_beat: float | None = None
        self.holding_task = False
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - workers started together do not poll in step
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        wait = 1
        while self.running:
            try:
                forget_old_heartbeats()
                requeue_abandoned_tasks(own_worker_id=self.worker_id)
                self._queue_interrupted_again()
                wait = 1  # the database answered: the next loss starts the waits again
                return self._work()
            except DatabaseError as error:
                if not connection_lost(error):
                    raise
                logger.warning("Lost the database (%s); reconnecting in %s s", str(error).strip(), wait)
                self.running_task = False
                self.last_beat = None
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_RECONNECT_WAIT)

    def _work(self) -> None:
        """The main loop: claim the next ready task, beat between tasks, run the task or wait `interval`."""
        while self.running:
            close_old_connections()
            task_result = self._claim_next_task()
            self._beat(task_result)
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _beat(self, task_result) -> None:
        """Name the task about to run; with none, say so, then again every HEARTBEAT_INTERVAL while waiting.

        Every HEARTBEAT_INTERVAL it also requeues tasks abandoned by other workers.
        """
        now = time.monotonic()
        recently = self.last_beat is not None and now - self.last_beat < HEARTBEAT_INTERVAL
        if task_result is None and not self.holding_task and recently:
            return
        beat(self.worker_id, self.started_at, task=task_result)
        self.holding_task = task_result is not None
        if not recently:
            requeue_abandoned_tasks()
            self.last_beat = now

    def _claim_next_task(self):
        """Claim the next ready task on this worker's queues, as django-tasks-db's worker does; None if none."""
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):  # SQLite is busy: try again on the next pass
                return None
            raise
        return task_result
