from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "ikone.participation"
    label = "participation"
    verbose_name = "Bürgerbeteiligung"

    def ready(self) -> None:
        from ikone.coverage import demand
        from ikone.organizations.models import Organization
        from ikone.participation.selectors import demand_by_service

        def organization_demand(organization: Organization) -> dict[int, int]:
            return demand_by_service(organizations=[organization])

        demand.register(organization_demand)
