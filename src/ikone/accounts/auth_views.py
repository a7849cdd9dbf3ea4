"""Login and password reset pages: Django's auth views with throttling and German templates."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ikone.accounts.throttling import render_login_refused
from ikone.core import ratelimit


def _too_many_requests() -> str:
    return _(
        "Zu viele Anfragen von Ihrem Gerät. Bitte warten Sie eine Weile und versuchen Sie es dann erneut."
    )


class LoginView(auth_views.LoginView):
    """E-mail and password; lockouts come from django-axes, a per-IP limit from here."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ratelimit.hit("login", "ip:" + ratelimit.client_ip(request)):
            return render_login_refused(request, _too_many_requests())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED}


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the e-mail address; answers the same whether or not an account has it."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = str(request.POST.get("email", "")).strip().lower()
        keys = ["ip:" + ratelimit.client_ip(request)] + (["email:" + email] if email else [])
        if not ratelimit.hit("password-reset", *keys):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _too_many_requests())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets the new password; also lifts a login lockout of the account (the mailbox proved it)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username().lower())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
