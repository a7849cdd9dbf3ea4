from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "ikone.coverage"
    label = "coverage"
    verbose_name = "OZG-Umsetzungsstand"
