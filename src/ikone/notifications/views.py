from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.notifications import feeds, selectors, services
from ikone.notifications.forms import PreferenceForm, WebhookForm
from ikone.notifications.models import Webhook
from ikone.organizations.models import Network, Organization
from ikone.web.decorators import write_view
from ikone.web.paging import paginate

RECENT_DELIVERIES = 50  # the webhook page shows the latest deliveries; the API pages through all


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _admin_organizations(request: HttpRequest) -> list[Organization]:
    ids = policy.organization_ids(request.user, roles={"orgadmin"})
    return list(Organization.objects.filter(pk__in=ids))


@write_view
def inbox(request: HttpRequest) -> HttpResponse:
    """„Meine Benachrichtigungen“: newest first; POST marks all (or one) as read."""
    if request.method == "POST":
        one = request.POST.get("notification", "")
        count = services.notifications_mark_read(
            actor=Actor.of(request.user), user=request.user, ids=[int(one)] if one.isdigit() else None
        )
        messages.success(request, _("%(count)d als gelesen markiert.") % {"count": count})
        return redirect("notifications:inbox")
    return render(
        request,
        "notifications/inbox.html",
        {
            **paginate(request, selectors.notification_list(user=request.user), per_page=25),
            "unread": selectors.unread_count(user=request.user),
            "breadcrumbs": [
                {"label": _("Mein Konto"), "url": reverse("accounts:account")},
                {"label": _("Meine Benachrichtigungen")},
            ],
        },
    )


def _settings_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    preference = selectors.preference_get(user=request.user)
    context = {
        "subscriptions": selectors.subscription_list(user=request.user),
        "preference": preference,
        "preference_form": PreferenceForm(
            initial={"email_mode": preference.email_mode, "own_gaps": preference.own_gaps}
        ),
        "webhooks": selectors.webhook_list(user=request.user),
        "webhook_form": WebhookForm(organizations=_admin_organizations(request)),
        "feed_url": request.build_absolute_uri(
            reverse("notifications:user-feed", args=[preference.feed_token])
        )
        if preference.feed_token
        else "",
        "breadcrumbs": [
            {"label": _("Mein Konto"), "url": reverse("accounts:account")},
            {"label": _("Meine Benachrichtigungen"), "url": reverse("notifications:inbox")},
            {"label": _("Einstellungen")},
        ],
    }
    context.update(extra)
    return context


@write_view
def settings_page(request: HttpRequest) -> HttpResponse:
    """Subscriptions, delivery preferences, the personal feed and webhooks; POST saves preferences."""
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preferences_set(
                actor=Actor.of(request.user),
                user=request.user,
                email_mode=form.cleaned_data["email_mode"],
                own_gaps=form.cleaned_data["own_gaps"],
            )
            messages.success(request, _("Einstellungen gespeichert."))
            return redirect("notifications:settings")
        return render(
            request, "notifications/settings.html", _settings_context(request, preference_form=form)
        )
    return render(request, "notifications/settings.html", _settings_context(request))


@write_view
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    target = selectors.target_get(
        user=request.user, kind=request.POST.get("kind", ""), key=request.POST.get("key", "")
    )
    services.subscribe(actor=Actor.of(request.user), user=request.user, target=target)
    messages.success(request, _("„%(target)s“ abonniert.") % {"target": target})
    return _back(request, reverse("notifications:settings"))


@write_view
@require_POST
def unsubscribe(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("subscription", "")
    if pk.isdigit():
        subscription = selectors.subscription_get(user=request.user, pk=int(pk))
    else:
        target = selectors.target_get(
            user=request.user, kind=request.POST.get("kind", ""), key=request.POST.get("key", "")
        )
        found = selectors.subscription_for(user=request.user, target=target)
        if found is None:
            messages.info(request, _("„%(target)s“ war nicht abonniert.") % {"target": target})
            return _back(request, reverse("notifications:settings"))
        subscription = found
    label = str(subscription.target)
    services.unsubscribe(actor=Actor.of(request.user), subscription=subscription)
    messages.success(request, _("„%(target)s“ abbestellt.") % {"target": label})
    return _back(request, reverse("notifications:settings"))


@write_view
@require_POST
def feed_token(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("action") != "revoke"
    services.feed_token_set(actor=Actor.of(request.user), user=request.user, enabled=enabled)
    messages.success(
        request,
        _("Neue Feed-Adresse ausgestellt; die alte gilt nicht mehr.") if enabled else _("Feed abgeschaltet."),
    )
    return redirect("notifications:settings")


@write_view
@require_POST
def webhook_create(request: HttpRequest) -> HttpResponse:
    organizations = _admin_organizations(request)
    form = WebhookForm(request.POST, organizations=organizations)
    if not form.is_valid():
        return render(request, "notifications/settings.html", _settings_context(request, webhook_form=form))
    owner = form.cleaned_data["owner"]
    organization = None
    if owner:
        organization = Organization.objects.filter(pk=int(owner) if owner.isdigit() else 0).first()
        if organization is None:
            raise Http404
    try:
        webhook, secret = services.webhook_create(
            actor=Actor.of(request.user),
            url=form.cleaned_data["url"],
            description=form.cleaned_data["description"],
            user=None if organization else request.user,
            organization=organization,
        )
    except DomainError as exc:
        if exc.status == 422:
            form.add_error("url", exc.detail)
            return render(
                request, "notifications/settings.html", _settings_context(request, webhook_form=form)
            )
        raise
    return render(
        request,
        "notifications/settings.html",
        _settings_context(request, new_webhook=webhook, new_secret=secret),
    )


@write_view
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk)
    services.webhook_delete(actor=Actor.of(request.user), webhook=webhook)
    messages.success(request, _("Webhook gelöscht."))
    return redirect("notifications:settings")


@login_required(login_url="accounts:login")
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The delivery log, only for the people who manage the webhook."""
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    return render(
        request,
        "notifications/webhook_detail.html",
        {
            "webhook": webhook,
            "deliveries": selectors.webhook_deliveries(webhook=webhook)[:RECENT_DELIVERIES],
            "breadcrumbs": [
                {"label": _("Mein Konto"), "url": reverse("accounts:account")},
                {"label": _("Benachrichtigungen"), "url": reverse("notifications:settings")},
                {"label": str(webhook)},
            ],
        },
    )


def user_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = selectors.feed_user(token=token)
    if user is None:
        raise Http404
    return feeds.user_feed_response(request, user)


def network_feed(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    return feeds.network_feed_response(request, network)
