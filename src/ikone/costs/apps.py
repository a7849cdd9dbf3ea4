from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "ikone.costs"
    label = "costs"
    verbose_name = "Kosten"
