from django.urls import path

from ikone.organizations import views

app_name = "organizations"
urlpatterns = [
    path("netzwerke/", views.network_list, name="network-list"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network-detail"),
    path("kommunen/", views.organization_list, name="organization-list"),
    path("kommunen/<str:key>/", views.organization_detail, name="organization-detail"),
    path("kommunen/<str:key>/aenderungen/", views.organization_changes, name="organization-changes"),
    path("netzwerke/<slug:slug>/einladen/", views.network_invite, name="network-invite"),
    path("kommunen/<str:key>/beitritt/", views.network_join_request, name="network-join-request"),
    path("anfragen/<int:request_id>/entscheiden/", views.membership_request_decide, name="request-decide"),
]
