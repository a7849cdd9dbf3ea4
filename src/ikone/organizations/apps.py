from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "ikone.organizations"
    label = "organizations"
    verbose_name = "Organisationen und Netzwerke"
