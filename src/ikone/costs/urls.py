from django.contrib.auth.decorators import login_required
from django.urls import path

from ikone.costs import views

app_name = "costs"
urlpatterns = [
    path("netzwerke/<slug:slug>/kosten/", views.network_costs, name="network"),
    path("kommunen/<str:key>/kosten/", views.member_costs, name="member"),
    path("kommunen/<str:key>/kosten/kurzfassung.pdf", views.mayor_pdf, name="member-summary"),
    path("netzwerke/<slug:slug>/kosten/einsparungen/", views.network_savings, name="savings"),
    path(
        "netzwerke/<slug:slug>/kosten/einsparungen/schaetzung/",
        views.build_alone_estimate,
        name="build-alone-estimate",
    ),
    path(
        "netzwerke/<slug:slug>/kosten/foerderung/<int:programme_id>/bericht.pdf",
        views.funder_report_pdf,
        name="funder-report",
    ),
    path("netzwerke/<slug:slug>/kosten/positionen/neu/", views.cost_item_create, name="cost-item-create"),
    path(
        "netzwerke/<slug:slug>/kosten/positionen/<int:item_id>/bearbeiten/",
        views.cost_item_edit,
        name="cost-item-edit",
    ),
    path(
        "netzwerke/<slug:slug>/kosten/positionen/<int:item_id>/loeschen/",
        views.cost_item_delete,
        name="cost-item-delete",
    ),
    path("netzwerke/<slug:slug>/kosten/foerderung/neu/", views.programme_create, name="programme-create"),
    path(
        "netzwerke/<slug:slug>/kosten/foerderung/<int:programme_id>/bearbeiten/",
        views.programme_edit,
        name="programme-edit",
    ),
    path(
        "netzwerke/<slug:slug>/kosten/foerderung/<int:programme_id>/loeschen/",
        views.programme_delete,
        name="programme-delete",
    ),
    path("netzwerke/<slug:slug>/kosten/neu/", views.agreement_create, name="agreement-create"),
    path("netzwerke/<slug:slug>/kosten/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path(
        "netzwerke/<slug:slug>/kosten/<int:agreement_id>/bearbeiten/",
        views.agreement_edit,
        name="agreement-edit",
    ),
    path(
        "netzwerke/<slug:slug>/kosten/<int:agreement_id>/freigeben/",
        views.agreement_sign_off,
        name="agreement-sign-off",
    ),
    path(
        "netzwerke/<slug:slug>/kosten/<int:agreement_id>/abrechnung/<str:key>.pdf",
        login_required(views.statement_pdf, login_url="accounts:login"),
        name="statement-pdf",
    ),
    path(
        "netzwerke/<slug:slug>/kosten/<int:agreement_id>/abrechnung/<str:key>.csv",
        login_required(views.statement_csv, login_url="accounts:login"),
        name="statement-csv",
    ),
    path(
        "netzwerke/<slug:slug>/kosten/<int:agreement_id>/abrechnung/<str:key>.xlsx",
        login_required(views.statement_xlsx, login_url="accounts:login"),
        name="statement-xlsx",
    ),
]
