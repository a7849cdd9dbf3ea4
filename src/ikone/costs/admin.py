from django.contrib import admin

from ikone.core.admin import ReadOnlyAdmin
from ikone.costs.models import CostAgreement, CostItem, CostKey, FundingProgramme


@admin.register(CostItem)
class CostItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "network", "solution", "kind", "year", "amount_eur", "incurred_by"]
    list_filter = ["kind", "year", "chargeable_for_reuse"]
    search_fields = ["title", "incurred_by__short_name"]


@admin.register(CostAgreement)
class CostAgreementAdmin(ReadOnlyAdmin):
    list_display = ["title", "network", "solution", "starts_on", "ends_on", "status"]
    list_filter = ["status"]


@admin.register(CostKey)
class CostKeyAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "version", "kind", "agreed_on"]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "network", "funder", "amount_eur", "starts_on", "ends_on"]
