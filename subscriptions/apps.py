from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Email updates"

    def ready(self):
        from . import receivers  # noqa: F401 - connects to the events and news signals
