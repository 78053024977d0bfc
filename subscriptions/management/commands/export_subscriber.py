"""manage.py export_subscriber EMAIL: what we hold about an address, as JSON, for a subject access request."""

import json

from django.core.management.base import BaseCommand, CommandError

from subscriptions import services


class Command(BaseCommand):
    help = "Print, as JSON, everything email updates hold about an email address."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        held = services.export(email)
        if held is None:
            raise CommandError(f"Email updates hold nothing about {email}.")
        self.stdout.write(json.dumps(held, indent=2, ensure_ascii=False))
