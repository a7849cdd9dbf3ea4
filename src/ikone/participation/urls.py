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
    path("beteiligung/verfahren/<int:process_id>/", views.process_detail, name="process-detail"),
    path("beteiligung/verfahren/<int:process_id>/bearbeiten/", views.process_edit, name="process-edit"),
    path("beteiligung/verfahren/<int:process_id>/abstimmen/", views.process_vote, name="process-vote"),
    path("beteiligung/verfahren/<int:process_id>/ergebnis.csv", views.process_csv, name="process-csv"),
    path("beteiligung/verfahren/<int:process_id>/ergebnis.pdf", views.process_pdf, name="process-pdf"),
    path("beteiligung/kreis/<str:kreis_key>/", views.kreis_dashboard, name="kreis"),
    path("beteiligung/<str:key>/", views.town, name="town"),
    path("beteiligung/<str:key>/verfahren/neu/", views.process_create, name="process-create"),
    path("beteiligung/<str:key>/das-fehlt-mir/", views.proposal_create, name="proposal-create"),
    path("beteiligung/<str:key>/moderation/", views.moderation, name="moderation"),
    path("netzwerke/<slug:slug>/beteiligung/", views.network_dashboard, name="network"),
    path(
        "netzwerke/<slug:slug>/beteiligung/nachfrage.<str:fmt>",
        views.network_download,
        name="network-download",
    ),
]
