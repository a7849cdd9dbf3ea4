from django.apps import AppConfig


class HarvestingConfig(AppConfig):
    name = "ikone.harvesting"
    label = "harvesting"
    verbose_name = "Import aus anderen Katalogen"
