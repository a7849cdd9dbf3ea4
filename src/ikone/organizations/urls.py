from django.urls import path

from ikone.organizations import views

app_name = "organizations"
urlpatterns = [
    path("netzwerke/", views.network_list, name="network-list"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network-detail"),
    path("kommunen/", views.organization_list, name="organization-list"),
    path("kommunen/<str:key>/", views.organization_detail, name="organization-detail"),
]
