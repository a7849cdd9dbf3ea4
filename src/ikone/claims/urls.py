from django.urls import path

from ikone.claims import views

app_name = "claims"
urlpatterns = [
    path("netzwerke/<slug:slug>/uebernahmen/", views.board, name="board"),
    path("netzwerke/<slug:slug>/uebernahmen/zeitplan/", views.roadmap_page, name="roadmap"),
    path("netzwerke/<slug:slug>/uebernahmen/neu/", views.claim_create, name="claim-create"),
    path("netzwerke/<slug:slug>/uebernahmen/<int:claim_id>/", views.claim_detail, name="claim-detail"),
    path(
        "netzwerke/<slug:slug>/uebernahmen/<int:claim_id>/<slug:action>/",
        views.claim_act,
        name="claim-act",
    ),
]
