"""Writes for accounts: people, roles, coordinators, API tokens. Atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ikone.accounts import policy, tokens
from ikone.accounts.models import (
    ApiToken,
    ColleagueInvitation,
    NetworkCoordinator,
    OrganizationMember,
    OrganizationRole,
    TokenScope,
    User,
)
from ikone.core.audit import Actor, ChangeRecord, record_change
from ikone.core.errors import Conflict, DomainError, FieldError


@transaction.atomic
def user_create(*, actor: Actor, email: str, password: str | None = None, **extra: Any) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise Conflict(f"Es gibt schon ein Konto mit {email}.", [FieldError("email", "bereits vergeben")])
    user = User(email=email, username=email, **extra)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record_change(
        actor=actor, instance=user, action=ChangeRecord.Action.CREATE, changes={"email": [None, email]}
    )
    return user


@transaction.atomic
def organization_role_set(
    *, actor: Actor, user: User, organization: Any, role: str | None
) -> OrganizationMember | None:
    """Give `user` a role in `organization` (None removes it). A permission change, audited."""
    policy.authorize(actor, policy.can_manage_organization_users(actor.user, organization.pk))
    if role is not None and role not in OrganizationRole.values:
        raise DomainError(
            detail="Unbekannte Rolle.", errors=[FieldError("role", f"„{role}“ gibt es nicht.")], status=422
        )
    member = OrganizationMember.objects.filter(user=user, organization=organization).first()
    before = member.role if member else None
    if role is None:
        if member:
            member.delete()
    elif member is None:
        member = OrganizationMember.objects.create(user=user, organization=organization, role=role)
    elif member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    if before != role:
        record_change(
            actor=actor,
            instance=organization,
            action=ChangeRecord.Action.UPDATE,
            changes={f"Rolle von {user.email}": [before, role]},
            organization_id=organization.pk,
        )
    return member if role is not None else None


@transaction.atomic
def network_coordinator_add(*, actor: Actor, user: User, network: Any) -> NetworkCoordinator:
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    coordinator, created = NetworkCoordinator.objects.get_or_create(user=user, network=network)
    if created:
        record_change(
            actor=actor,
            instance=network,
            action=ChangeRecord.Action.UPDATE,
            changes={"Koordination": [None, user.email]},
        )
    return coordinator


@transaction.atomic
def token_create(
    *, actor: Actor, user: User, name: str, scope: str = TokenScope.READ, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw value, which is never stored and shown only once."""
    if not (actor.is_system or actor.user == user or policy.is_platform_admin(actor.user)):
        policy.require(False, actor.user)
    if scope not in TokenScope.values:
        raise DomainError(
            detail="Unbekannter Umfang.", errors=[FieldError("scope", "read oder write")], status=422
        )
    if expires_in_days is not None and expires_in_days < 1:
        raise DomainError(
            detail="Ablauf ungültig.", errors=[FieldError("expires", "mindestens 1 Tag")], status=422
        )
    raw = tokens.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API-Token",
        prefix=tokens.display_prefix(raw),
        key_hash=tokens.digest(raw),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None,
    )
    record_change(
        actor=actor,
        instance=token,
        action=ChangeRecord.Action.CREATE,
        changes={"name": [None, token.name], "scope": [None, scope], "user": [None, user.email]},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if not (actor.is_system or actor.user == token.user or policy.is_platform_admin(actor.user)):
        policy.require(False, actor.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_change(
            actor=actor, instance=token, action=ChangeRecord.Action.UPDATE, changes={"revoked": [False, True]}
        )
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The valid token for a raw value (not revoked, not expired, active user), else None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=tokens.digest(raw)).first()
    now = timezone.now()
    if (
        token is None
        or token.revoked_at
        or (token.expires_at and token.expires_at <= now)
        or not token.user.is_active
    ):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


INVITATION_DAYS = 14


@transaction.atomic
def colleague_invite(
    *, actor: Actor, organization: Any, email: str, role: str
) -> tuple[ColleagueInvitation, str]:
    """An org admin invites a colleague; returns the invitation and the one-time link key (e-mailed)."""
    policy.authorize(actor, policy.can_manage_organization_users(actor.user, organization.pk))
    if role not in OrganizationRole.values:
        raise DomainError(
            detail="Unbekannte Rolle.", errors=[FieldError("role", f"„{role}“ gibt es nicht.")], status=422
        )
    email = email.strip().lower()
    raw = tokens.generate()
    invitation = ColleagueInvitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        key_hash=tokens.digest(raw),
        invited_by=actor.user,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    record_change(
        actor=actor,
        instance=invitation,
        action=ChangeRecord.Action.CREATE,
        changes={"email": [None, email], "role": [None, role]},
        organization_id=organization.pk,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[raw])
    body = (
        f"Sie wurden eingeladen, in ikone für {organization} mitzuarbeiten "
        f"(Rolle: {invitation.get_role_display()}).\n\nEinladung annehmen: {link}\n\n"
        f"Der Link ist {INVITATION_DAYS} Tage gültig."
    )
    transaction.on_commit(
        lambda: send_mail(f"Einladung zu ikone: {organization}", body, settings.DEFAULT_FROM_EMAIL, [email])
    )
    return invitation, raw


def colleague_invitation_find(raw: str) -> ColleagueInvitation | None:
    """The open invitation for a link key (not accepted, not expired), else None."""
    invitation = (
        ColleagueInvitation.objects.select_related("organization").filter(key_hash=tokens.digest(raw)).first()
    )
    if invitation is None or invitation.accepted_at or invitation.expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def colleague_invitation_accept(
    *, invitation: ColleagueInvitation, user: User | None = None, password: str | None = None
) -> User:
    """Accept an invitation: as the signed-in user, or by creating the invited account with a password."""
    invitation = ColleagueInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise Conflict("Die Einladung wurde bereits angenommen.")
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise Conflict("Für diese Adresse gibt es schon ein Konto. Bitte zuerst anmelden.")
        user = user_create(actor=Actor.system("Einladung"), email=invitation.email, password=password)
    actor = Actor.of(user)
    member = OrganizationMember.objects.filter(user=user, organization=invitation.organization).first()
    if member is None:
        OrganizationMember.objects.create(
            user=user, organization=invitation.organization, role=invitation.role
        )
    elif member.role != invitation.role:
        member.role = invitation.role
        member.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_change(
        actor=actor,
        instance=invitation.organization,
        action=ChangeRecord.Action.UPDATE,
        changes={f"Rolle von {user.email}": [member.role if member else None, invitation.role]},
        organization_id=invitation.organization_id,
    )
    return user
