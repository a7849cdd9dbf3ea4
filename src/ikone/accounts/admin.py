from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ikone.accounts.models import User


@admin.register(User)
class IkoneUserAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
