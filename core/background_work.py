"""How background work is flowing, for the worker check (/healthz/worker) and the admin's report.

Read from the workers' heartbeats (core.worker) and django-tasks-db's task
records. It names tasks by their code path only: never their arguments, which
can hold an email address.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from .models import WorkerHeartbeat

FAILURES_COUNTED_OVER = datetime.timedelta(hours=1)


@dataclass
class TaskInHand:
    worker_id: str
    task_path: str
    since: datetime.datetime
    seconds: int
    past_time_limit: bool


@dataclass
class BackgroundWork:
    checked_at: datetime.datetime
    newest_heartbeat: datetime.datetime | None
    tasks_in_hand: list[TaskInHand]
    oldest_waiting_task: str | None
    oldest_waiting_since: datetime.datetime | None
    failed_in_last_hour: int
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def seconds_since(self, moment: datetime.datetime | None) -> int | None:
        return None if moment is None else max(0, int((self.checked_at - moment).total_seconds()))

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.healthy else "failing",
            "problems": self.problems,
            "checked_at": self.checked_at.isoformat(),
            "newest_heartbeat": {
                "at": self.newest_heartbeat.isoformat() if self.newest_heartbeat else None,
                "seconds_ago": self.seconds_since(self.newest_heartbeat),
                "limit_seconds": settings.WORKER_HEARTBEAT_MAX_AGE,
            },
            "tasks_in_hand": [
                {
                    "task": task.task_path,
                    "since": task.since.isoformat(),
                    "seconds": task.seconds,
                    "limit_seconds": settings.WORKER_TASK_TIME_LIMIT,
                    "past_time_limit": task.past_time_limit,
                }
                for task in self.tasks_in_hand
            ],
            "oldest_waiting_task": {
                "task": self.oldest_waiting_task,
                "waiting_since": self.oldest_waiting_since.isoformat() if self.oldest_waiting_since else None,
                "seconds": self.seconds_since(self.oldest_waiting_since),
                "limit_seconds": settings.WORKER_QUEUE_MAX_WAIT,
            },
            "failed_in_last_hour": self.failed_in_last_hour,
        }


def running_tasks() -> dict:
    """Each running task's id, and the worker that last claimed it."""
    from django_tasks_db.models import DBTaskResult

    return {
        task.pk: task.worker_ids[-1] if task.worker_ids else None
        for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids")
    }


def task_in_hand(heartbeat: WorkerHeartbeat, now: datetime.datetime, running: dict) -> TaskInHand | None:
    """The task the worker said it was starting, while it is still running there (not finished or requeued)."""
    if heartbeat.task_id is None or running.get(heartbeat.task_id) != heartbeat.worker_id:
        return None
    seconds = int((now - heartbeat.task_started_at).total_seconds())
    return TaskInHand(
        worker_id=heartbeat.worker_id,
        task_path=heartbeat.task_path,
        since=heartbeat.task_started_at,
        seconds=seconds,
        past_time_limit=seconds > settings.WORKER_TASK_TIME_LIMIT,
    )


def tasks_in_hand(now: datetime.datetime) -> list[TaskInHand]:
    running = running_tasks()
    held = (task_in_hand(heartbeat, now, running) for heartbeat in WorkerHeartbeat.objects.exclude(task_id=None))
    return sorted((task for task in held if task), key=lambda task: task.since)


def describe_workers(heartbeats) -> list[WorkerHeartbeat]:
    """Give each heartbeat, for the admin's report, its `task` in hand (or None) and its `state` in words."""
    now = timezone.now()
    running = running_tasks()
    for heartbeat in heartbeats:
        heartbeat.task = task_in_hand(heartbeat, now, running)
        if heartbeat.task and heartbeat.task.past_time_limit:
            heartbeat.state = "Running a task past its time limit"
        elif heartbeat.task:
            heartbeat.state = "Running a task"
        elif (now - heartbeat.seen_at).total_seconds() <= settings.WORKER_HEARTBEAT_MAX_AGE:
            heartbeat.state = "Waiting for work"
        else:
            heartbeat.state = "Silent"
    return heartbeats


def waiting_since(task) -> datetime.datetime:
    """When a ready task became due: when it was queued, or its "run after" time if later."""
    from django_tasks_db.models import get_date_max

    return task.enqueued_at if task.run_after == get_date_max() else max(task.enqueued_at, task.run_after)


def oldest_waiting_task(now: datetime.datetime):
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    due_at_once = ready.filter(run_after=get_date_max()).order_by("enqueued_at").first()
    due_by_now = ready.filter(run_after__lte=now).order_by("run_after").first()
    candidates = [task for task in (due_at_once, due_by_now) if task is not None]
    return min(candidates, key=waiting_since, default=None)


def background_work() -> BackgroundWork:
    """Whether background work is flowing, and, if not, each reason in a sentence."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    held = tasks_in_hand(now)
    waiting = oldest_waiting_task(now)
    failed = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__gte=now - FAILURES_COUNTED_OVER
    ).count()
    work = BackgroundWork(
        checked_at=now,
        newest_heartbeat=newest,
        tasks_in_hand=held,
        oldest_waiting_task=waiting.task_path if waiting else None,
        oldest_waiting_since=waiting_since(waiting) if waiting else None,
        failed_in_last_hour=failed,
    )
    busy_within_limit = any(not task.past_time_limit for task in held)
    if newest is None:
        work.problems.append("No background worker has started")
    elif work.seconds_since(newest) > settings.WORKER_HEARTBEAT_MAX_AGE and not busy_within_limit:
        work.problems.append(f"No background worker has sent a heartbeat for {work.seconds_since(newest)} seconds")
    for task in held:
        if task.past_time_limit:
            work.problems.append(
                f"Task {task.task_path} has run for {task.seconds} seconds,"
                f" past its time limit of {settings.WORKER_TASK_TIME_LIMIT}"
            )
    waited = work.seconds_since(work.oldest_waiting_since)
    if waited is not None and waited > settings.WORKER_QUEUE_MAX_WAIT:
        work.problems.append(
            f"Task {work.oldest_waiting_task} has waited {waited} seconds to run,"
            f" longer than {settings.WORKER_QUEUE_MAX_WAIT}"
        )
    return work
