from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "ikone.standards"
    label = "standards"
    verbose_name = "Standards und Schnittstellen"
