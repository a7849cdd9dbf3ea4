from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ikone.planning"
    label = "planning"
    verbose_name = "Verteilungsplanung"
