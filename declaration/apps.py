from django.apps import AppConfig


class DeclarationConfig(AppConfig):
    name = "declaration"
    verbose_name = "Local Digital Declaration"
