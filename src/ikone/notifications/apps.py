from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ikone.notifications"
    label = "notifications"
    verbose_name = "Benachrichtigungen"
