from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "ikone.federation"
    label = "federation"
    verbose_name = "Föderation und offene Daten"
