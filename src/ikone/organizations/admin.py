from django.contrib import admin

from ikone.core.admin import ReadOnlyAdmin
from ikone.organizations.models import Funding, MembershipRequest, Network, NetworkMembership, Organization


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "level", "kind", "ags", "land_key", "population", "source"]
    list_filter = ["level", "land_key", "source"]
    search_fields = ["name", "short_name", "ags", "ars", "slug"]


@admin.register(Network)
class NetworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "slug", "coordinator", "is_demo"]
    search_fields = ["name", "slug"]


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(ReadOnlyAdmin):
    list_display = ["network", "organization", "role", "joined_on"]
    list_filter = ["network", "role"]


@admin.register(Funding)
class FundingAdmin(ReadOnlyAdmin):
    list_display = ["network", "programme", "amount_eur", "starts_on", "ends_on"]


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ReadOnlyAdmin):
    list_display = ["kind", "network", "organization", "status", "created_at"]
    list_filter = ["kind", "status"]
