"""Test data for participation, created through the services."""

from __future__ import annotations

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.participation import services

PASSWORD = "ein-sehr-langes-passwort"


def citizen(name: str = "Anna aus Speyer", email: str | None = None, *, confirmed: bool = True) -> User:
    """A citizen's account with a participation profile (confirmed unless told otherwise)."""
    email = email or f"{name.split()[0].lower()}-{User.objects.count()}@example.org"
    participant, raw = services.participant_register(
        actor=Actor.of(None), display_name=name, email=email, password=PASSWORD
    )
    if confirmed:
        services.participant_confirm(raw=raw)
    return User.objects.get(pk=participant.user_id)
