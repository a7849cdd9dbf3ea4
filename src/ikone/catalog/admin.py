from django.contrib import admin

from ikone.catalog.models import Release, Solution, SolutionAsset
from ikone.core.admin import ReadOnlyAdmin


@admin.register(Solution)
class SolutionAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "license", "development_status", "visibility", "is_demo", "updated_at"]
    list_filter = ["visibility", "development_status", "is_demo"]
    search_fields = ["name", "url", "slug"]


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["solution", "version", "release_date"]


@admin.register(SolutionAsset)
class SolutionAssetAdmin(ReadOnlyAdmin):
    list_display = ["solution", "kind", "reference"]
