from django.urls import path

from ikone.harvesting import views

app_name = "harvesting"
urlpatterns = [
    path("uebernahme/", views.harvest_overview, name="overview"),
    path("uebernahme/laeufe/<int:pk>/", views.harvest_run_detail, name="run-detail"),
    path("uebernahme/quellen/<slug:slug>/starten/", views.harvest_run_start, name="run-start"),
]
