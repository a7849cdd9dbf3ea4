from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# Models whose rows the recommendations' universe is built from (see `reuse.recommend`); coverage
# statuses and citizens' demand are read per request and are not among them.
RANKED_MODELS = (
    "reuse.Adoption",
    "reuse.ExperienceReport",
    "catalog.Solution",
    "catalog.Release",
    "organizations.Organization",
    "organizations.NetworkMembership",
    "ozg.Service",
)
# Many-to-many links the universe reads (the OZG-Leistungen of solutions and adoptions).
RANKED_LINKS = (("catalog.Solution", "services"), ("reuse.Adoption", "services"))


class ReuseConfig(AppConfig):
    name = "ikone.reuse"
    label = "reuse"
    verbose_name = "Nachnutzung"

    def ready(self) -> None:
        from ikone.reuse.recommend import bump_on_change, bump_on_link_change

        for label in RANKED_MODELS:
            model = apps.get_model(label)
            post_save.connect(bump_on_change, sender=model, dispatch_uid=f"reuse-ranking-save-{label}")
            post_delete.connect(bump_on_change, sender=model, dispatch_uid=f"reuse-ranking-delete-{label}")
        for label, field in RANKED_LINKS:
            through = getattr(apps.get_model(label), field).through
            m2m_changed.connect(
                bump_on_link_change, sender=through, dispatch_uid=f"reuse-ranking-{label}-{field}"
            )
