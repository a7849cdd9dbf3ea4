from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "ikone.operations"
    label = "operations"
    verbose_name = "Betrieb"
