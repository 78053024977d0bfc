from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    """Councils and other public bodies, and how a typed name finds the one already stored.

    Every service uses it (Declaration signatories, fund applicants, event organisers); it imports no domain app.
    """

    name = "organisations"
    verbose_name = "Organisations"
