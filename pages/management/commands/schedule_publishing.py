from django.core.management.base import BaseCommand

from pages.tasks import ensure_publishing_scheduled


class Command(BaseCommand):
    help = "Start the background task that publishes and unpublishes scheduled pages every minute."

    def handle(self, *args, **options):
        if ensure_publishing_scheduled():
            self.stdout.write("Scheduled publishing is queued for the worker.")
        else:
            self.stdout.write("Scheduled publishing was already queued.")
