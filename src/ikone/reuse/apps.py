from django.apps import AppConfig


class ReuseConfig(AppConfig):
    name = "ikone.reuse"
    label = "reuse"
    verbose_name = "Nachnutzung"
