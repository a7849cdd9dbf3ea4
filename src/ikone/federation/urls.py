from django.urls import path

from ikone.federation import views

app_name = "federation"
urlpatterns = [
    path("offene-daten/", views.open_data, name="open-data"),
    path("offene-daten/loesungskatalog.csv", views.catalog_export, {"fmt": "csv"}, name="catalog-csv"),
    path("offene-daten/loesungskatalog.xlsx", views.catalog_export, {"fmt": "xlsx"}, name="catalog-xlsx"),
    path("offene-daten/loesungskatalog.atom", views.catalog_atom, name="catalog-atom"),
    path(
        "offene-daten/netzwerke/<slug:slug>/umsetzungsstand.<str:fmt>",
        views.coverage_export,
        name="coverage-export",
    ),
]
