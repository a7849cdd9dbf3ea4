from django.urls import URLPattern

app_name = "transferability"
urlpatterns: list[URLPattern] = []
