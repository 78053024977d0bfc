"""django-tasks-db's `db_worker`, with a worker that reconnects after losing the database (core.worker)."""

from django_tasks_db.management.commands import db_worker

from core.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run the background worker: it reconnects after losing the database and records a heartbeat between tasks"

    def handle(self, *args, **options):
        original, db_worker.Worker = db_worker.Worker, ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
