from django.core.management.base import BaseCommand

from pages.bootstrap import load_demo_content


class Command(BaseCommand):
    help = (
        "Everything bootstrap_site makes, plus every app's made-up demo content (such as Declaration "
        "signatories and sign-ups to review), where it does not exist yet. For development, not production."
    )

    def handle(self, *args, **options):
        created = load_demo_content()
        if created:
            self.stdout.write("Created: " + ", ".join(created) + ".")
        else:
            self.stdout.write("The demo content was already there; nothing changed.")
