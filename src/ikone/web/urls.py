from django.urls import path

from ikone.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("ueber-die-daten/", views.about_data, name="about-data"),
]
