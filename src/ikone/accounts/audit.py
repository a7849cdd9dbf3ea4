"""Logins are recorded in the change log. Django's `user_logged_in` is the one hook that every way
of signing in (password, OpenID Connect, admin) passes, so it is used here; domain writes never
use signals."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from ikone.core.audit import Actor, ChangeRecord, record_change


@receiver(user_logged_in, dispatch_uid="ikone.accounts.record_login")
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    backend = getattr(user, "backend", "") or ""
    record_change(
        actor=Actor.of(user),
        instance=user,
        action=ChangeRecord.Action.LOGIN,
        changes={"Anmeldeverfahren": [None, backend.rsplit(".", 1)[-1]]},
    )
