from django.urls import path

from ikone.transferability import views

app_name = "transferability"
urlpatterns = [
    path("solutions/<slug:slug>/transferability.pdf", views.report, name="report-pdf"),
    path("loesungen/<slug:slug>/uebertragbarkeit/angaben/", views.facts_edit, name="facts-edit"),
]
