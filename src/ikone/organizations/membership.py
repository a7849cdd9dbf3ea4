"""Invitations into networks and requests to join them. Atomic, audited, decided by the policy."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ikone.accounts import policy
from ikone.accounts.models import OrganizationMember, OrganizationRole
from ikone.core.audit import Actor, ChangeRecord, record_change
from ikone.core.errors import Conflict
from ikone.organizations.choices import MembershipRole
from ikone.organizations.models import MembershipRequest, Network, NetworkMembership, Organization
from ikone.organizations.services import membership_create


def _ensure_open(network: Network, organization: Organization) -> None:
    if NetworkMembership.objects.filter(network=network, organization=organization).exists():
        raise Conflict(f"{organization} ist bereits Mitglied von {network}.")
    if MembershipRequest.objects.filter(
        network=network, organization=organization, status="pending"
    ).exists():
        raise Conflict(f"Für {organization} und {network} gibt es schon eine offene Einladung oder Anfrage.")


def _notify(emails: list[str], subject: str, body: str) -> None:
    if emails:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)
        )


def _admin_emails(organization: Organization) -> list[str]:
    return list(
        OrganizationMember.objects.filter(
            organization=organization, role=OrganizationRole.ORG_ADMIN
        ).values_list("user__email", flat=True)
    )


def _coordinator_emails(network: Network) -> list[str]:
    return list(network.coordinators.values_list("user__email", flat=True))


def _record(actor: Actor, request: MembershipRequest, before: str | None) -> None:
    record_change(
        actor=actor,
        instance=request,
        action=ChangeRecord.Action.CREATE if before is None else ChangeRecord.Action.UPDATE,
        changes={"status": [before, request.status]},
        organization_id=request.organization_id,
    )


def _open_request(
    *,
    actor: Actor,
    kind: str,
    network: Network,
    organization: Organization,
    message: str,
    recipients: list[str],
    subject: str,
    body: str,
) -> MembershipRequest:
    _ensure_open(network, organization)
    request = MembershipRequest.objects.create(
        kind=kind, network=network, organization=organization, message=message, created_by=actor.user
    )
    _record(actor, request, None)
    _notify(recipients, subject, f"{body}\n\n{message}")
    return request


@transaction.atomic
def network_invite(
    *, actor: Actor, network: Network, organization: Organization, message: str = ""
) -> MembershipRequest:
    """A coordinator invites an organisation; its admins accept or decline."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    return _open_request(
        actor=actor,
        kind=MembershipRequest.Kind.INVITATION,
        network=network,
        organization=organization,
        message=message,
        recipients=_admin_emails(organization),
        subject=f"Einladung in das Netzwerk {network}",
        body=f"{organization} ist eingeladen, dem Netzwerk {network} beizutreten.",
    )


@transaction.atomic
def network_join_request(
    *, actor: Actor, network: Network, organization: Organization, message: str = ""
) -> MembershipRequest:
    """An organisation's admin asks to join; the network's coordinators decide."""
    policy.authorize(actor, policy.can_manage_organization_users(actor.user, organization.pk))
    return _open_request(
        actor=actor,
        kind=MembershipRequest.Kind.JOIN_REQUEST,
        network=network,
        organization=organization,
        message=message,
        recipients=_coordinator_emails(network),
        subject=f"Beitrittsanfrage an {network}",
        body=f"{organization} möchte dem Netzwerk {network} beitreten.",
    )


def can_decide(user: object, request: MembershipRequest) -> bool:
    if request.kind == MembershipRequest.Kind.INVITATION:
        return policy.can_manage_organization_users(user, request.organization_id)
    return policy.can_coordinate(user, request.network_id)


@transaction.atomic
def membership_request_decide(*, actor: Actor, request: MembershipRequest, accept: bool) -> MembershipRequest:
    """Accept or decline: invitations by the invited organisation, join requests by the coordinators."""
    policy.authorize(actor, can_decide(actor.user, request))
    request = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MembershipRequest.Status.PENDING:
        raise Conflict(
            f"Die {request.get_kind_display()} wurde bereits entschieden ({request.get_status_display()})."
        )
    before = request.status
    request.status = MembershipRequest.Status.ACCEPTED if accept else MembershipRequest.Status.DECLINED
    request.decided_by = actor.user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    _record(actor, request, before)
    if accept:
        membership_create(
            actor=actor,
            network=request.network,
            organization=request.organization,
            role=MembershipRole.MEMBER,
            joined_on=timezone.localdate(),
        )
    recipients = (
        _coordinator_emails(request.network)
        if request.kind == "invitation"
        else _admin_emails(request.organization)
    )
    _notify(recipients, f"{request.get_kind_display()} {request.get_status_display()}", str(request))
    return request
