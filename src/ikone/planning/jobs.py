"""A plan computed from the network's planning page, as a background job
(`ikone.operations.services`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.operations.runner import JobFailed, Outcome, Progress
from ikone.organizations.models import Network
from ikone.planning import services
from ikone.planning.instance import PlanParameters


def compute(progress: Progress, network_id: int, user_id: int, parameters: dict[str, Any]) -> Outcome:
    network = Network.objects.get(pk=network_id)
    slack = parameters.get("fairness_slack")
    values = PlanParameters(**{**parameters, "fairness_slack": Decimal(slack) if slack is not None else None})
    progress.step(_("Plan berechnen (höchstens %(seconds)s s)") % {"seconds": values.time_limit}, 0, 1)
    try:
        plan = services.plan_compute(
            actor=Actor.of(User.objects.get(pk=user_id)), network=network, parameters=values
        )
    except DomainError as exc:
        raise JobFailed(exc.detail, [error.message for error in exc.errors or []]) from exc
    progress.step(_("Fertig"), 1, 1)
    return Outcome(
        summary=_("Der Plan wurde berechnet."),
        result_url=reverse("planning:plan", kwargs={"slug": network.slug, "plan_id": plan.pk}),
    )
