from django.core.management.base import BaseCommand

from pages.bootstrap import bootstrap_site


class Command(BaseCommand):
    help = (
        "Create the home page, About us, the footer pages and links, and every app's pages, where they do not "
        "exist yet. Safe in production: it adds no made-up organisations or people, and never changes a page "
        "that is already there."
    )

    def handle(self, *args, **options):
        created = bootstrap_site()
        if created:
            self.stdout.write("Created: " + ", ".join(created) + ".")
        else:
            self.stdout.write("The site's pages were already there; nothing changed.")
