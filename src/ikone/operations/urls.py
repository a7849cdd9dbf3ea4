from django.urls import path

from ikone.operations import views

app_name = "operations"
urlpatterns = [
    path("betrieb/", views.operations_overview, name="overview"),
    path("betrieb/aenderungen/", views.operations_changes, name="changes"),
    path("vorgaenge/<int:run_id>/", views.job_run_detail, name="job-run"),
]
