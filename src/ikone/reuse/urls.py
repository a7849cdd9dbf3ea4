from django.urls import path

from ikone.reuse import views

app_name = "reuse"
urlpatterns = [
    path("loesungen/<slug:slug>/nachnutzung/", views.adoption_create, name="adoption-create"),
    path("loesungen/<slug:slug>/fragen/", views.question_create, name="question-create"),
    path("loesungen/<slug:slug>/verknuepfen/", views.solution_link, name="solution-link"),
    path("nachnutzungen/<int:pk>/", views.adoption_detail, name="adoption-detail"),
    path("nachnutzungen/<int:pk>/bearbeiten/", views.adoption_edit, name="adoption-edit"),
    path("nachnutzungen/<int:pk>/stand/", views.adoption_transition, name="adoption-transition"),
    path("nachnutzungen/<int:pk>/bestaetigen/", views.adoption_confirm, name="adoption-confirm"),
    path("nachnutzungen/<int:pk>/unterstuetzung/", views.adoption_support, name="adoption-support"),
    path("nachnutzungen/<int:pk>/bericht/", views.report_create, name="report-create"),
    path("fragen/<int:pk>/antworten/", views.answer_create, name="answer-create"),
    path("fragen/<int:pk>/moderieren/", views.question_moderate, name="question-moderate"),
    path("antworten/<int:pk>/moderieren/", views.answer_moderate, name="answer-moderate"),
    path("kommunen/<str:key>/empfehlungen/", views.recommendations, name="recommendations"),
    path("kommunen/<str:key>/empfehlungen/kurz/", views.recommendations_top, name="recommendations-top"),
]
