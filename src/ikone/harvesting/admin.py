from django.contrib import admin

from ikone.harvesting.models import HarvestItem, HarvestRecord, HarvestRun, HarvestSource


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "kind",
        "base_url",
        "trust_level",
        "interval_minutes",
        "enabled",
        "next_run_at",
    ]
    list_filter = ["kind", "trust_level", "enabled"]
    search_fields = ["name", "slug", "base_url", "organization"]


class HarvestItemInline(admin.TabularInline):
    model = HarvestItem
    extra = 0
    fields = ["key", "outcome", "solution", "message"]
    readonly_fields = ["key", "outcome", "solution", "message"]
    can_delete = False


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ["source", "status", "started_at", "finished_at", "total"]
    list_filter = ["status", "source"]
    readonly_fields = [
        "source",
        "status",
        "started_at",
        "finished_at",
        "cursor",
        "total",
        "message",
        "pid",
        "host",
    ]
    inlines = [HarvestItemInline]


@admin.register(HarvestRecord)
class HarvestRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "source", "solution", "revision", "fetched_at", "withdrawn_at"]
    list_filter = ["source"]
    search_fields = ["key"]
    raw_id_fields = ["solution"]
