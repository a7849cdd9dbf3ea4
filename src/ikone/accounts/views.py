from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import services
from ikone.accounts.forms import AcceptInvitationForm, ColleagueInviteForm, TokenForm
from ikone.accounts.models import ApiToken, OrganizationMember, OrganizationRole, User
from ikone.core.audit import Actor
from ikone.core.errors import Conflict
from ikone.organizations.models import Organization
from ikone.web.decorators import write_view


def _me(request: HttpRequest) -> User:
    """The signed-in user (write views guarantee one)."""
    return cast(User, request.user)


def _account_context(request: HttpRequest) -> dict[str, object]:
    memberships = OrganizationMember.objects.filter(user=_me(request)).select_related("organization")
    return {
        "memberships": memberships,
        "tokens": ApiToken.objects.filter(user=_me(request)).order_by("-created_at"),
        "token_form": TokenForm(),
        "invite_forms": [
            (
                m.organization,
                ColleagueInviteForm(
                    initial={"organization": m.organization_id}, prefix=f"org{m.organization_id}"
                ),
            )
            for m in memberships
            if m.role == OrganizationRole.ORG_ADMIN
        ],
        "breadcrumbs": [{"label": _("Mein Konto")}],
    }


@write_view
def account(request: HttpRequest) -> HttpResponse:
    """My organisations and roles, my API tokens, invitations of colleagues (org admins)."""
    context = _account_context(request)
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            token, raw = services.token_create(
                actor=Actor.of(request.user),
                user=_me(request),
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in_days=form.cleaned_data["expires"],
            )
            context.update(new_token=raw, new_token_name=token.name)
        context["token_form"] = form if form.errors else TokenForm()
    return render(request, "accounts/account.html", context)


@write_view
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id)
    services.token_revoke(actor=Actor.of(request.user), token=token)
    messages.success(request, _("Das Token „%(name)s“ wurde widerrufen.") % {"name": token.name})
    return redirect("accounts:account")


@write_view
@require_POST
def colleague_invite(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=organization_id)
    form = ColleagueInviteForm(request.POST, prefix=f"org{organization_id}")
    if form.is_valid():
        services.colleague_invite(
            actor=Actor.of(request.user),
            organization=organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        messages.success(
            request, _("Die Einladung an %(email)s ist verschickt.") % {"email": form.cleaned_data["email"]}
        )
    else:
        messages.error(request, _("Bitte eine gültige E-Mail-Adresse und Rolle angeben."))
    return redirect("accounts:account")


def invitation(request: HttpRequest, key: str) -> HttpResponse:
    """Accept an invitation: signed in → take the role; otherwise create the account with a password."""
    found = services.colleague_invitation_find(key)
    if found is None:
        return render(request, "accounts/invitation.html", {"invalid": True}, status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and (request.user.is_authenticated or form.is_valid()):
        try:
            user = services.colleague_invitation_accept(
                invitation=found,
                user=request.user if request.user.is_authenticated else None,
                password=None if request.user.is_authenticated else form.cleaned_data["password"],
            )
        except Conflict as exc:
            form.add_error(None, exc.detail)
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Willkommen bei %(org)s.") % {"org": found.organization})
            return redirect("organizations:organization-detail", key=found.organization.key)
    return render(request, "accounts/invitation.html", {"invitation": found, "form": form})
