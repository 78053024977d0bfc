from django.core.management.base import BaseCommand
from django.core.validators import validate_email

from notifications.services import send_email


class Command(BaseCommand):
    help = "Queue a test email, to check that the worker and the mail settings deliver."

    def add_arguments(self, parser):
        parser.add_argument("to", help="The address to send the test email to.")

    def handle(self, *args, to, **options):
        validate_email(to)
        email = send_email(to=to, subject="Local Digital test email", template="test_email")
        self.stdout.write(f"Queued email {email.pk} to {to}. The worker sends it; its status is now {email.status}.")
