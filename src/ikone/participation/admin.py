"""Read-only admin views: changes go through the services (pages and API), which audit them."""

from django.contrib import admin

from ikone.core.admin import ReadOnlyAdmin
from ikone.participation.models import Participant, Proposal, Report


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "confirmed_at", "created_at"]
    search_fields = ["display_name"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "service", "state", "is_hidden", "is_demo", "created_at"]
    list_filter = ["state", "is_hidden", "is_demo"]
    search_fields = ["title"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "comment", "reason", "resolved_at", "created_at"]
    list_filter = ["resolved_at"]
