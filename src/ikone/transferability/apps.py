from django.apps import AppConfig


class TransferabilityConfig(AppConfig):
    name = "ikone.transferability"
    label = "transferability"
    verbose_name = "Übertragbarkeit"
