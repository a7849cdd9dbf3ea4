from django.urls import path

from ikone.notifications import views

app_name = "notifications"
urlpatterns = [
    path("konto/benachrichtigungen/", views.inbox, name="inbox"),
    path("konto/benachrichtigungen/einstellungen/", views.settings_page, name="settings"),
    path("konto/benachrichtigungen/feed/", views.feed_token, name="feed-token"),
    path("konto/benachrichtigungen/webhooks/neu/", views.webhook_create, name="webhook-create"),
    path("konto/benachrichtigungen/webhooks/<int:pk>/", views.webhook_detail, name="webhook-detail"),
    path("konto/benachrichtigungen/webhooks/<int:pk>/loeschen/", views.webhook_delete, name="webhook-delete"),
    path("benachrichtigungen/abonnieren/", views.subscribe, name="subscribe"),
    path("benachrichtigungen/abbestellen/", views.unsubscribe, name="unsubscribe"),
    path("benachrichtigungen/feed/<str:token>.atom", views.user_feed, name="user-feed"),
    path("netzwerke/<slug:slug>/neuigkeiten.atom", views.network_feed, name="network-feed"),
]
