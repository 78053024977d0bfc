from django.core.management.base import BaseCommand

from declaration.tasks import delete_unconfirmed_sign_ups
from pages.periodic import ensure_scheduled
from pages.tasks import publish_scheduled_content, tidy_up

PERIODIC_TASKS = {
    "scheduled publishing (every minute)": publish_scheduled_content,
    "deleting unconfirmed Declaration sign-ups (daily)": delete_unconfirmed_sign_ups,
    "deleting old task records and emails (daily)": tidy_up,
}


class Command(BaseCommand):
    help = "Start the worker's periodic tasks. Safe to run at every deploy: it never queues one twice."

    def handle(self, *args, **options):
        for description, task in PERIODIC_TASKS.items():
            queued = ensure_scheduled(task)
            self.stdout.write(f"{'Queued' if queued else 'Already queued'}: {description}.")
