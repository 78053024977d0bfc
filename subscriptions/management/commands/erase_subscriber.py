"""manage.py erase_subscriber EMAIL: forget an address, for an erasure request."""

from django.core.management.base import BaseCommand, CommandError

from subscriptions import services


class Command(BaseCommand):
    help = "Delete an email address from email updates, with the records of the emails sent to it."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        erased = services.erase(email)
        if not erased:
            raise CommandError(f"Email updates hold nothing about {email}.")
        self.stdout.write(f"Erased {email}: {erased} record{'s' if erased != 1 else ''} deleted.")
