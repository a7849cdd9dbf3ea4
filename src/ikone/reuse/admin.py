from django.contrib import admin

from ikone.core.admin import ReadOnlyAdmin
from ikone.reuse.models import Adoption, Answer, ExperienceReport, Question, SolutionLink


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["organization", "solution", "state", "production_since", "confirmed_at", "origin"]
    list_filter = ["state", "origin", "operator_model"]
    search_fields = ["organization__short_name", "solution__name"]


@admin.register(ExperienceReport)
class ExperienceReportAdmin(ReadOnlyAdmin):
    list_display = ["organization", "solution", "would_recommend", "visibility", "origin", "created_at"]
    list_filter = ["visibility", "origin"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["title", "solution", "hidden", "created_at"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["question", "by_owner", "hidden", "created_at"]


@admin.register(SolutionLink)
class SolutionLinkAdmin(ReadOnlyAdmin):
    list_display = ["source", "kind", "target", "created_at"]
