from django.core.management.base import BaseCommand
from django.utils import timezone

from core.periodic import ensure_scheduled, registered_periodic_tasks


class Command(BaseCommand):
    help = (
        "Start the worker's periodic tasks, as every app registers them. "
        "Safe to run at every deploy: it never queues one twice."
    )

    def handle(self, *args, **options):
        for periodic in registered_periodic_tasks():
            queued = ensure_scheduled(periodic.task, run_after=periodic.first_run(timezone.now()))
            self.stdout.write(f"{'Queued' if queued else 'Already queued'}: {periodic.description}.")
