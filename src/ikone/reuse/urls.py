from django.urls import URLPattern

app_name = "reuse"
urlpatterns: list[URLPattern] = []
