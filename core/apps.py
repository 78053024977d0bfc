from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared machinery every service stands on: journeys, emailed links, workflows, widgets.

    It imports no domain app; domain apps declare what they need on top of it.
    """

    name = "core"
    verbose_name = "Shared service machinery"

    def ready(self):
        from . import page_cache

        page_cache.connect_signals()
