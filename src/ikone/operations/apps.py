from typing import Any

from django.apps import AppConfig, apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


def _sync_schedule(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if using == DEFAULT_DB_ALIAS:
        from ikone.operations import schedule

        schedule.sync()


class OperationsConfig(AppConfig):
    name = "ikone.operations"
    label = "operations"
    verbose_name = "Betrieb"

    def ready(self) -> None:
        # after django_q's tables exist; sent once per `migrate` for that app
        post_migrate.connect(
            _sync_schedule, sender=apps.get_app_config("django_q"), dispatch_uid="ikone-operations-schedule"
        )
