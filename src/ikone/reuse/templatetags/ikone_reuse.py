"""Sections other apps' pages include: reuse on the solution page, "gibt / nimmt" on the organisation page
(its top recommendations load afterwards from `reuse:recommendations-top`: they can take seconds)."""

from __future__ import annotations

from typing import Any

from django import template

from ikone.accounts import policy
from ikone.reuse import selectors
from ikone.reuse.forms import AnswerForm, QuestionForm

register = template.Library()


@register.inclusion_tag("reuse/_solution_reuse.html", takes_context=True)
def solution_reuse(context: template.Context, solution: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    network_ids = {n.pk for n in solution.networks.all()}
    can_edit_owner = policy.can_edit_organization_data(user, solution.owner_id)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "solution": solution,
        "reuse": selectors.solution_reuse(user=user, solution=solution),
        "duplicates": selectors.solution_near_duplicates(user=user, solution=solution),
        "links": selectors.solution_links(user=user, solution=solution),
        "can_record": policy.is_authenticated(user)
        and (
            policy.is_platform_admin(user)
            or bool(policy.organization_ids(user, roles=policy.EDIT_ROLES) - {solution.owner_id})
        ),
        "can_ask": policy.is_authenticated(user),
        "can_moderate": policy.can_moderate_solution(user, solution.owner_id, network_ids),
        "can_link": can_edit_owner,
        "question_form": QuestionForm(),
        "answer_form": AnswerForm(),
    }


@register.inclusion_tag("reuse/_organization_reuse.html", takes_context=True)
def organization_reuse(context: template.Context, organization: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "organization": organization,
        "reuse": selectors.organization_reuse(user=user, organization=organization),
    }
