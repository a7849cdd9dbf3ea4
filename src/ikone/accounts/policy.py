"""The one place that decides who may do what. Selectors, services, UI and API all ask here.

Roles: platform admin (staff), per organisation viewer / editor / org admin, per network coordinator.
Anonymous visitors only read public content.
"""

from __future__ import annotations

from typing import Any

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, OrganizationRole
from ikone.core.errors import DomainError

EDIT_ROLES: set[str] = {OrganizationRole.EDITOR, OrganizationRole.ORG_ADMIN}


class PermissionDenied(DomainError):
    def __init__(self, detail: str = "Keine Berechtigung für diese Änderung.") -> None:
        super().__init__(detail=detail, status=403)


class NotAuthenticated(DomainError):
    def __init__(self) -> None:
        super().__init__(detail="Anmeldung erforderlich.", status=401)


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_platform_admin(user: Any) -> bool:
    return is_authenticated(user) and bool(user.is_staff or user.is_superuser)


def _roles(user: Any) -> dict[int, str]:
    """The user's roles by organisation id, cached on the user object for one request."""
    cached = getattr(user, "_ikone_org_roles", None)
    if cached is None:
        cached = dict(OrganizationMember.objects.filter(user=user).values_list("organization_id", "role"))
        user._ikone_org_roles = cached
    return cached


def organization_ids(user: Any, *, roles: set[str] | None = None) -> set[int]:
    """Organisations the user belongs to (optionally only with one of `roles`)."""
    if not is_authenticated(user):
        return set()
    return {org for org, role in _roles(user).items() if roles is None or role in roles}


def coordinated_network_ids(user: Any) -> set[int]:
    if not is_authenticated(user):
        return set()
    cached = getattr(user, "_ikone_networks", None)
    if cached is None:
        cached = set(NetworkCoordinator.objects.filter(user=user).values_list("network_id", flat=True))
        user._ikone_networks = cached
    return cached


def can_edit_organization_data(user: Any, organization_id: int | None) -> bool:
    """Editors and org admins edit their organisation's data; platform admins everything."""
    if is_platform_admin(user):
        return True
    return organization_id is not None and organization_id in organization_ids(user, roles=EDIT_ROLES)


def can_manage_organization_users(user: Any, organization_id: int) -> bool:
    return is_platform_admin(user) or organization_id in organization_ids(
        user, roles={OrganizationRole.ORG_ADMIN}
    )


def can_coordinate(user: Any, network_id: int) -> bool:
    return is_platform_admin(user) or network_id in coordinated_network_ids(user)


def require(allowed: bool, user: Any, detail: str = "Keine Berechtigung für diese Änderung.") -> None:
    """Raise 401 for anonymous users and 403 for signed-in users who are not allowed."""
    if allowed:
        return
    if not is_authenticated(user):
        raise NotAuthenticated()
    raise PermissionDenied(detail)


def authorize(actor: Any, allowed: bool) -> None:
    """For services: system actors (commands, imports) may do everything; people need `allowed`."""
    if getattr(actor, "is_system", False):
        return
    require(allowed, getattr(actor, "user", None))


def can_read_history(user: Any, organization_id: int | None) -> bool:
    """The change log of an organisation's data: its people (any role) and platform admins."""
    if is_platform_admin(user):
        return True
    return organization_id is not None and organization_id in organization_ids(user)


def can_moderate_solution(user: Any, owner_id: int | None, network_ids: set[int]) -> bool:
    """Questions and answers on a solution: its owner's editors and the coordinators of the
    networks it is shared in (and platform admins) may hide them."""
    if can_edit_organization_data(user, owner_id):
        return True
    return bool(network_ids & coordinated_network_ids(user))


def can_manage_personal_settings(user: Any, owner_id: int | None) -> bool:
    """A person's own settings (subscriptions, notification preferences, personal webhooks)."""
    if is_platform_admin(user):
        return True
    return owner_id is not None and is_authenticated(user) and user.pk == owner_id
