from django.urls import path

from ikone.ozg import views

app_name = "ozg"
urlpatterns = [
    path("ozg/", views.service_list, name="service-list"),
    path("ozg/<int:ozg_id>/", views.service_detail, name="service-detail"),
]
