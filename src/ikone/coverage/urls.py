from django.urls import path

from ikone.coverage import views

app_name = "coverage"
urlpatterns = [
    path("kommunen/<str:key>/ozg-stand/", views.organization_coverage, name="organization"),
    path("netzwerke/<slug:slug>/ozg-stand/", views.network_coverage, name="network"),
    path("ozg-stand/laender/", views.land_index, name="land-index"),
    path("ozg-stand/laender/<str:land>/", views.land_coverage, name="land"),
    path("ozg-stand/karte/", views.coverage_map, name="map"),
]
