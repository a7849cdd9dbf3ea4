from django.contrib import admin

from ikone.core.admin import ReadOnlyAdmin
from ikone.operations.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "state", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    search_fields = ["title"]
