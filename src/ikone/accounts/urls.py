from django.contrib.auth import views as auth_views
from django.urls import path

from ikone.accounts import auth_views as account_views
from ikone.accounts import oidc, views

app_name = "accounts"
urlpatterns = [
    path("konto/", views.account, name="account"),
    path("konto/tokens/<int:token_id>/widerrufen/", views.token_revoke, name="token-revoke"),
    path("konto/einladen/<int:organization_id>/", views.colleague_invite, name="colleague-invite"),
    path("einladung/<str:key>/", views.invitation, name="invitation"),
    path("anmelden/", account_views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("passwort-vergessen/", account_views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "passwort-vergessen/gesendet/",
        account_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "passwort-neu/fertig/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("oidc/authenticate/", oidc.authenticate_view, name="oidc-authenticate"),
    path("oidc/callback/", oidc.callback_view, name="oidc-callback"),
]
