from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save

# Models of other apps whose rows the coverage API responses show (see `coverage.cache`); the
# coverage services bump the revision themselves (a delete signal on statuses would also make
# Django load every row of a bulk delete).
SHOWN_MODELS = (
    "organizations.Organization",
    "organizations.Network",
    "organizations.NetworkMembership",
    "catalog.Solution",
    "ozg.Service",
    "ozg.Themenfeld",
    "ozg.MaturityModel",
    "ozg.MaturityLevel",
)


class CoverageConfig(AppConfig):
    name = "ikone.coverage"
    label = "coverage"
    verbose_name = "OZG-Umsetzungsstand"

    def ready(self) -> None:
        from ikone.coverage.cache import bump_on_change

        for label in SHOWN_MODELS:
            model = apps.get_model(label)
            post_save.connect(bump_on_change, sender=model, dispatch_uid=f"coverage-cache-save-{label}")
            post_delete.connect(bump_on_change, sender=model, dispatch_uid=f"coverage-cache-delete-{label}")
