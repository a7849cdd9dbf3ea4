from django.contrib import admin

from ikone.core.admin import ReadOnlyAdmin
from ikone.ozg.models import Lage, LeikaService, MaturityLevel, MaturityModel, Service, Themenfeld


@admin.register(Themenfeld)
class ThemenfeldAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "source_id"]


@admin.register(Lage)
class LageAdmin(ReadOnlyAdmin):
    list_display = ["name", "themenfeld", "source_id"]
    list_filter = ["themenfeld"]


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["ozg_id", "name", "themenfeld", "lage", "lead", "efa_status"]
    list_filter = ["themenfeld", "efa_status"]
    search_fields = ["name", "ozg_id"]


@admin.register(LeikaService)
class LeikaServiceAdmin(ReadOnlyAdmin):
    list_display = ["key", "name", "service", "leika_type"]
    search_fields = ["key", "name"]


@admin.register(MaturityModel)
class MaturityModelAdmin(ReadOnlyAdmin):
    list_display = ["version", "name", "valid_from", "valid_until"]


@admin.register(MaturityLevel)
class MaturityLevelAdmin(ReadOnlyAdmin):
    list_display = ["model", "level", "label", "ozg_compliant"]
    list_filter = ["model"]
