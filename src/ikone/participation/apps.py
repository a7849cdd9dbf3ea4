from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "ikone.participation"
    label = "participation"
    verbose_name = "Bürgerbeteiligung"
