from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ikone.catalog"
    label = "catalog"
    verbose_name = "Lösungskatalog"
