from django.apps import AppConfig


class OzgConfig(AppConfig):
    name = "ikone.ozg"
    label = "ozg"
    verbose_name = "OZG-Katalog"
