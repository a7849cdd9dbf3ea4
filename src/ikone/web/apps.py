from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ikone.web"
    label = "web"
    verbose_name = "Oberfläche"
