from django.urls import path

from ikone.planning import views

app_name = "planning"
urlpatterns = [
    path("netzwerke/<slug:slug>/planung/", views.network_planning, name="network"),
    path("netzwerke/<slug:slug>/planung/berechnen/", views.plan_compute, name="plan-compute"),
    path("netzwerke/<slug:slug>/planung/leistung/", views.service_override, name="service-override"),
    path("netzwerke/<slug:slug>/planung/<int:plan_id>/", views.plan_detail, name="plan"),
    path(
        "netzwerke/<slug:slug>/planung/<int:plan_id>/zuteilungen/<int:assignment_id>/",
        views.assignment_change,
        name="assignment-change",
    ),
    path("netzwerke/<slug:slug>/planung/<int:plan_id>/annehmen/", views.plan_accept, name="plan-accept"),
    path("kommunen/<str:key>/planung/", views.member_planning, name="member"),
    path("kommunen/<str:key>/planung/kapazitaet/", views.member_capacity, name="member-capacity"),
    path("kommunen/<str:key>/planung/themenfelder/", views.member_preferences, name="member-preferences"),
]
