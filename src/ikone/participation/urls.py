from django.urls import path

from ikone.participation import views

app_name = "participation"
urlpatterns = [
    path("beteiligung/konto/", views.me, name="me"),
    path("beteiligung/konto/neu/", views.register, name="register"),
    path("beteiligung/konto/bestaetigen/<str:key>/", views.confirm, name="confirm"),
    path("beteiligung/konto/meine-daten.json", views.export, name="export"),
    path("beteiligung/konto/loeschen/", views.delete, name="delete"),
    path("beteiligung/leistungen-vorschlagen/", views.suggest, name="suggest"),
    path("beteiligung/vorschlaege/<int:proposal_id>/", views.proposal_detail, name="proposal-detail"),
    path(
        "beteiligung/vorschlaege/<int:proposal_id>/<slug:action>/",
        views.proposal_act,
        name="proposal-act",
    ),
    path("beteiligung/<str:key>/", views.town, name="town"),
    path("beteiligung/<str:key>/das-fehlt-mir/", views.proposal_create, name="proposal-create"),
    path("beteiligung/<str:key>/moderation/", views.moderation, name="moderation"),
    path("netzwerke/<slug:slug>/beteiligung/", views.network_dashboard, name="network"),
]
