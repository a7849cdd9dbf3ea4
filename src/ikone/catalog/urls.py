from django.urls import path

from ikone.catalog import views

app_name = "catalog"
urlpatterns = [
    path("loesungen/", views.solution_list, name="solution-list"),
    path("loesungen/neu/", views.solution_create, name="solution-create"),
    path("loesungen/hochladen/", views.solution_upload, name="solution-upload"),
    path("loesungen/aehnliche/", views.solution_similar, name="solution-similar"),
    path("loesungen/<slug:slug>/", views.solution_detail, name="solution-detail"),
    path("loesungen/<slug:slug>/bearbeiten/", views.solution_edit, name="solution-edit"),
    path("loesungen/<slug:slug>/loeschen/", views.solution_delete, name="solution-delete"),
    path("loesungen/<slug:slug>/aenderungen/", views.solution_changes, name="solution-changes"),
    path("loesungen/<slug:slug>/publiccode.yml", views.solution_download, name="solution-download"),
]
