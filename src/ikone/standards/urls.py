from django.urls import URLPattern, path

from ikone.standards import views

app_name = "standards"
urlpatterns: list[URLPattern] = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/<slug:slug>/", views.standard_detail, name="standard_detail"),
    path("netzwerke/<slug:slug>/standards/", views.network_standards, name="network_standards"),
    path(
        "netzwerke/<slug:slug>/standards/vereinbaren/",
        views.network_standard_adopt,
        name="network_standard_adopt",
    ),
    path(
        "netzwerke/<slug:slug>/standards/<int:pk>/entfernen/",
        views.network_standard_remove,
        name="network_standard_remove",
    ),
    path("loesungen/<slug:slug>/konformitaet/", views.conformance_create, name="conformance_create"),
    path("konformitaet/<int:pk>/loeschen/", views.conformance_delete, name="conformance_delete"),
    path(
        "loesungen/<slug:slug>/versionen/<str:version>/schnittstellen/", views.spec_upload, name="spec_upload"
    ),
    path("schnittstellen/<int:pk>/", views.spec_detail, name="spec_detail"),
    path("schnittstellen/<int:pk>/loeschen/", views.spec_delete, name="spec_delete"),
    path(
        "loesungen/<slug:slug>/genutzte-schnittstellen/",
        views.interface_use_create,
        name="interface_use_create",
    ),
    path(
        "genutzte-schnittstellen/<int:pk>/loeschen/", views.interface_use_delete, name="interface_use_delete"
    ),
]
