from django.urls import path

from ikone.harvesting import views

app_name = "harvesting"
urlpatterns = [
    path("katalogimport/", views.harvest_overview, name="overview"),
    path("katalogimport/laeufe/<int:pk>/", views.harvest_run_detail, name="run-detail"),
    path("katalogimport/quellen/<slug:slug>/starten/", views.harvest_run_start, name="run-start"),
    path("katalogimport/quellen/neu/", views.harvest_source_create, name="source-create"),
    path("katalogimport/quellen/<slug:slug>/bearbeiten/", views.harvest_source_edit, name="source-edit"),
    path("katalogimport/quellen/<slug:slug>/entfernen/", views.harvest_source_delete, name="source-delete"),
]
