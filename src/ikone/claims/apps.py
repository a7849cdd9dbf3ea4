from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "ikone.claims"
    label = "claims"
    verbose_name = "Übernahmen"
