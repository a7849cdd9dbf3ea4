"""Writes for reuse: adoptions and their states, experience reports, questions and answers,
moderation and the owners' links between near-duplicates. Atomic, audited, authorised via policy,
and published as notification events in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.models import Release, Solution
from ikone.core.audit import Actor, ChangeRecord, diff, field_values, record_change
from ikone.core.errors import Conflict, DomainError, FieldError
from ikone.coverage.choices import StatusSource
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues, service_status_set
from ikone.federation import tombstones
from ikone.notifications.events import publish
from ikone.organizations.models import Organization
from ikone.ozg.models import Service
from ikone.reuse import recommend, statemachine
from ikone.reuse.choices import AdoptionState, LinkKind, Origin
from ikone.reuse.models import Adoption, Answer, ExperienceReport, Question, SolutionLink
from ikone.transferability.hooks import refresh_after_commit

ADOPTION_FIELDS = [
    "state",
    "release",
    "started_on",
    "production_since",
    "ended_on",
    "end_reason",
    "effort_days",
    "operator_model",
    "it_provider",
    "contact_name",
    "contact_email",
    "review_due",
    "confirmed_at",
    "supported_by_owner",
]


REVIEW_INTERVAL = dt.timedelta(days=365)  # a lapsed review date moves this far on confirmation


@dataclass
class AdoptionDetails:
    """The details of an adoption a person can edit (None = leave unchanged on update)."""

    release: Release | None = None
    services: list[Service] | None = None
    started_on: dt.date | None = None
    production_since: dt.date | None = None
    effort_days: Decimal | None = None
    operator_model: str | None = None
    it_provider: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    review_due: dt.date | None = None


@dataclass
class ReportValues:
    would_recommend: bool
    rating_usability: int
    rating_effort: int
    rating_documentation: int
    rating_support: int
    effort_days: Decimal | None = None
    time_to_live_days: int | None = None
    cost_once_eur: Decimal | None = None
    cost_yearly_eur: Decimal | None = None
    it_provider: str = ""
    worked: str = ""
    did_not_work: str = ""
    pitfalls: str = ""
    visibility: str = "public"


def _user(actor: Actor) -> Any:
    return actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None


def _validation_error(exc: ValidationError) -> DomainError:
    errors = [
        FieldError(field=name, message=str(m))
        for name, messages in exc.message_dict.items()
        for m in messages
    ]
    return DomainError(detail="Die Angaben sind unvollständig oder ungültig.", errors=errors, status=422)


def _clean(instance: Model, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise _validation_error(exc) from exc


def _related(solution: Solution, services: list[Service] | None = None) -> list[Model]:
    related: list[Model] = [solution]
    if solution.owner_id:
        related.append(solution.owner)  # type: ignore[arg-type]
    related += services if services is not None else list(solution.services.all())
    related += list(solution.networks.all())
    return related


def _adoption_url(adoption: Adoption) -> str:
    return reverse("reuse:adoption-detail", args=[adoption.pk])


def _can_act_for_adopter(actor: Actor, adoption: Adoption) -> bool:
    return getattr(actor, "is_system", False) or policy.can_edit_organization_data(
        actor.user, adoption.organization_id
    )


def _require_visible(actor: Actor, solution: Solution) -> None:
    if getattr(actor, "is_system", False) or policy.is_platform_admin(actor.user):
        return
    if not Solution.objects.visible_to(actor.user).filter(pk=solution.pk).exists():
        policy.require(False, actor.user, "Diese Lösung ist für Sie nicht sichtbar.")


def _check_dates(adoption: Adoption) -> None:
    _check_dates_for(
        adoption.state,
        statemachine.Dates(adoption.started_on, adoption.production_since, adoption.ended_on),
        adoption.end_reason,
    )


def _check_dates_for(state: str, dates: statemachine.Dates, end_reason: str) -> None:
    problems = statemachine.date_problems(state, dates)
    if state == AdoptionState.ENDED and not end_reason.strip():
        problems["end_reason"] = "Bitte geben Sie den Grund für das Ende an."
    if problems:
        raise DomainError(
            detail="Die Angaben passen nicht zum Stand der Nachnutzung.",
            errors=[FieldError(field=name, message=message) for name, message in problems.items()],
            status=422,
        )


def _check_release(adoption: Adoption) -> None:
    if adoption.release is not None and adoption.release.solution_id != adoption.solution_id:
        raise DomainError(
            detail="Diese Version gehört nicht zur Lösung.",
            errors=[FieldError("release", "Wählen Sie eine Version dieser Lösung.")],
            status=422,
        )


def _apply_coverage(actor: Actor, adoption: Adoption) -> int:
    """An adoption in production, confirmed by the reusing organisation, sets its coverage for
    the adoption's OZG-Leistungen (source "adoption", solution linked; level rule in
    `statemachine.coverage_level`). Returns how many statuses changed."""
    if adoption.state != AdoptionState.PRODUCTION or adoption.confirmed_at is None:
        return 0
    existing = {
        status.service_id: status
        for status in ServiceStatus.objects.filter(
            organization=adoption.organization, service__in=adoption.services.all()
        ).select_related("model")
    }
    changed = 0
    for service in adoption.services.all():
        status = existing.get(service.pk)
        level, model = statemachine.coverage_level(
            status.level if status else None, status.model.version if status else None
        )
        if status is not None and status.solution_id == adoption.solution_id and status.level == level:
            continue
        values = StatusValues(
            level=level,
            model=model,
            online_since=(status.online_since if status else None) or adoption.production_since,
            url=status.url if status else "",
            solution=adoption.solution,
            note=status.note if status else "",
        )
        service_status_set(
            actor=actor,
            organization=adoption.organization,
            service=service,
            values=values,
            source=StatusSource.ADOPTION,
        )
        changed += 1
    return changed


def _publish_adoption(actor: Actor, adoption: Adoption, record: ChangeRecord, kind: str, title: str) -> None:
    """One event per audited change (the change record identifies it); also refreshes the
    solution's transferability score, which counts adoptions in production."""
    refresh_after_commit([adoption.solution_id])
    services = list(adoption.services.all())
    publish(
        kind=kind,
        key=f"{kind}:{adoption.pk}:{record.pk}",
        subject=adoption,
        actor=actor,
        title=title,
        url=_adoption_url(adoption),
        related=[*_related(adoption.solution, services), adoption.organization],
    )


@transaction.atomic
def adoption_create(
    *,
    actor: Actor,
    organization: Organization,
    solution: Solution,
    state: str = AdoptionState.INTERESTED,
    details: AdoptionDetails | None = None,
    end_reason: str = "",
    ended_on: dt.date | None = None,
    origin: str = Origin.MANUAL,
) -> Adoption:
    """Record that `organization` reuses `solution`. People of the reusing organisation record
    it confirmed; people of the owner may record it for another organisation, unconfirmed."""
    as_adopter = getattr(actor, "is_system", False) or policy.can_edit_organization_data(
        actor.user, organization.pk
    )
    as_owner = solution.owner_id is not None and policy.can_edit_organization_data(
        actor.user, solution.owner_id
    )
    policy.authorize(actor, as_adopter or as_owner)
    _require_visible(actor, solution)
    if (
        Adoption.objects.filter(organization=organization, solution=solution)
        .exclude(state=AdoptionState.ENDED)
        .exists()
    ):
        raise Conflict(
            f"{organization} hat für „{solution}“ schon eine laufende Nachnutzung.",
            errors=[FieldError("solution", "Ändern Sie den Stand der bestehenden Nachnutzung.")],
        )
    details = details or AdoptionDetails()
    today = timezone.localdate()
    adoption = Adoption(organization=organization, solution=solution, state=state, origin=origin)
    for name in (f.name for f in fields(AdoptionDetails)):
        value = getattr(details, name)
        if name != "services" and value is not None:
            setattr(adoption, name, value)
    adoption.end_reason = end_reason
    adoption.ended_on = ended_on
    dates = statemachine.dates_after(
        state, statemachine.Dates(adoption.started_on, adoption.production_since, adoption.ended_on), today
    )
    adoption.started_on, adoption.production_since, adoption.ended_on = (
        dates.started_on,
        dates.production_since,
        dates.ended_on,
    )
    if as_adopter:
        adoption.confirmed_by = _user(actor)
        adoption.confirmed_at = timezone.now()
    adoption.created_by = _user(actor)
    _check_dates(adoption)
    _check_release(adoption)
    _clean(adoption, ["organization", "solution", "release", "confirmed_by", "created_by"])
    adoption.save()
    services = details.services if details.services is not None else list(solution.services.all())
    adoption.services.set(services)
    record = record_change(
        actor=actor,
        instance=adoption,
        action=ChangeRecord.Action.CREATE,
        changes={
            **diff({}, field_values(adoption, ADOPTION_FIELDS)),
            "organization": [None, organization.pk],
            "solution": [None, solution.pk],
            "services": [None, sorted(s.pk for s in services)],
        },
        organization_id=organization.pk,
    )
    _apply_coverage(actor, adoption)
    _publish_adoption(
        actor,
        adoption,
        record,
        "adoption.created",
        f"{organization} nutzt „{solution}“ nach ({adoption.get_state_display()})",
    )
    return adoption


@transaction.atomic
def adoption_update(*, actor: Actor, adoption: Adoption, details: AdoptionDetails) -> Adoption:
    """Change the details (not the state) of an adoption: the reusing organisation, or the owner
    while it is unconfirmed."""
    as_owner = (
        adoption.confirmed_at is None
        and adoption.solution.owner_id is not None
        and policy.can_edit_organization_data(actor.user, adoption.solution.owner_id)
    )
    policy.authorize(actor, _can_act_for_adopter(actor, adoption) or as_owner)
    before = field_values(adoption, ADOPTION_FIELDS)
    before_services = sorted(adoption.services.values_list("pk", flat=True))
    for name in (f.name for f in fields(AdoptionDetails)):
        value = getattr(details, name)
        if name != "services" and value is not None:
            setattr(adoption, name, value)
    _check_dates(adoption)
    _check_release(adoption)
    _clean(adoption, ["organization", "solution", "release", "confirmed_by", "created_by"])
    adoption.save()
    changes = diff(before, field_values(adoption, ADOPTION_FIELDS))
    if details.services is not None:
        adoption.services.set(details.services)
        after_services = sorted(s.pk for s in details.services)
        if after_services != before_services:
            changes["services"] = [before_services, after_services]
    if changes:
        record_change(
            actor=actor,
            instance=adoption,
            action=ChangeRecord.Action.UPDATE,
            changes=changes,
            organization_id=adoption.organization_id,
        )
        _apply_coverage(actor, adoption)
    return adoption


@transaction.atomic
def adoption_transition(
    *, actor: Actor, adoption: Adoption, state: str, on: dt.date | None = None, reason: str = ""
) -> Adoption:
    """Move an adoption to another state (only the reusing organisation). Entering production on
    `on` (default today) sets the coverage; ending needs a reason."""
    policy.authorize(actor, _can_act_for_adopter(actor, adoption))
    if state not in AdoptionState.values:
        raise DomainError(
            detail=f"Unbekannter Stand „{state}“.",
            errors=[FieldError("state", "Unbekannter Stand.")],
            status=422,
        )
    if not statemachine.can_transition(adoption.state, state):
        raise Conflict(
            f"Von „{adoption.get_state_display()}“ geht es nicht zu „{AdoptionState(state).label}“.",
            errors=[FieldError("state", "Dieser Übergang ist nicht erlaubt.")],
        )
    before = field_values(adoption, ADOPTION_FIELDS)
    day = on or timezone.localdate()
    current = statemachine.Dates(adoption.started_on, adoption.production_since, adoption.ended_on)
    if state == AdoptionState.PRODUCTION and on is not None:
        current = statemachine.Dates(current.started_on, on, None)
    if state == AdoptionState.ENDED:
        current = statemachine.Dates(current.started_on, current.production_since, day)
    dates = statemachine.dates_after(state, current, day)
    end_reason = (
        reason
        if state == AdoptionState.ENDED
        else ("" if state == AdoptionState.INTERESTED else adoption.end_reason)
    )
    restarting = state == AdoptionState.INTERESTED and adoption.state == AdoptionState.ENDED
    if restarting and (
        Adoption.objects.filter(organization_id=adoption.organization_id, solution_id=adoption.solution_id)
        .exclude(state=AdoptionState.ENDED)
        .exists()
    ):
        raise Conflict("Es gibt schon eine laufende Nachnutzung dieser Lösung.")
    _check_dates_for(state, dates, end_reason)  # before touching the instance
    adoption.state = state
    adoption.end_reason = end_reason
    adoption.started_on, adoption.production_since, adoption.ended_on = (
        dates.started_on,
        dates.production_since,
        dates.ended_on,
    )
    _check_dates(adoption)
    adoption.save()
    record = record_change(
        actor=actor,
        instance=adoption,
        action=ChangeRecord.Action.UPDATE,
        changes=diff(before, field_values(adoption, ADOPTION_FIELDS)),
        organization_id=adoption.organization_id,
    )
    _apply_coverage(actor, adoption)
    _publish_adoption(
        actor,
        adoption,
        record,
        "adoption.changed",
        f"{adoption.organization}: „{adoption.solution}“ jetzt {adoption.get_state_display()}",
    )
    return adoption


@transaction.atomic
def adoption_confirm(*, actor: Actor, adoption: Adoption, review_due: dt.date | None = None) -> Adoption:
    """The reusing organisation confirms the adoption (again), optionally with a new review date."""
    policy.authorize(actor, _can_act_for_adopter(actor, adoption))
    before = field_values(adoption, [*ADOPTION_FIELDS, "confirmed_by"])
    today = timezone.localdate()
    if review_due is not None and review_due < today:
        raise DomainError(
            detail="Das Datum der nächsten Bestätigung liegt in der Vergangenheit.",
            errors=[FieldError("review_due", "Wählen Sie ein Datum ab heute.")],
            status=422,
        )
    if review_due is None and adoption.review_due is not None and adoption.review_due < today:
        review_due = today + REVIEW_INTERVAL
    if review_due is not None:
        adoption.review_due = review_due
    adoption.confirmed_by = _user(actor)
    adoption.confirmed_at = timezone.now()
    adoption.save()
    record = record_change(
        actor=actor,
        instance=adoption,
        action=ChangeRecord.Action.UPDATE,
        changes=diff(before, field_values(adoption, [*ADOPTION_FIELDS, "confirmed_by"])),
        organization_id=adoption.organization_id,
    )
    _apply_coverage(actor, adoption)
    _publish_adoption(
        actor,
        adoption,
        record,
        "adoption.changed",
        f"{adoption.organization} bestätigt die Nachnutzung von „{adoption.solution}“",
    )
    return adoption


@transaction.atomic
def adoption_support_set(*, actor: Actor, adoption: Adoption, supported: bool) -> Adoption:
    """The owner marks (or unmarks) an adoption as supported by it."""
    policy.authorize(
        actor,
        adoption.solution.owner_id is not None
        and policy.can_edit_organization_data(actor.user, adoption.solution.owner_id),
    )
    if adoption.supported_by_owner != supported:
        before = field_values(adoption, ADOPTION_FIELDS)
        adoption.supported_by_owner = supported
        adoption.save(update_fields=["supported_by_owner", "updated_at"])
        record_change(
            actor=actor,
            instance=adoption,
            action=ChangeRecord.Action.UPDATE,
            changes=diff(before, field_values(adoption, ADOPTION_FIELDS)),
            organization_id=adoption.solution.owner_id,
        )
    return adoption


REPORT_FIELDS = [f.name for f in fields(ReportValues)]


def _apply_report(report: ExperienceReport, values: ReportValues) -> None:
    for name in REPORT_FIELDS:
        setattr(report, name, getattr(values, name))
    _clean(report, ["adoption", "organization", "solution", "created_by"])


@transaction.atomic
def report_create(
    *, actor: Actor, adoption: Adoption, values: ReportValues, origin: str = Origin.MANUAL
) -> ExperienceReport:
    """An experience report by the reusing organisation (not for adoptions that are only of interest)."""
    policy.authorize(actor, _can_act_for_adopter(actor, adoption))
    if adoption.state == AdoptionState.INTERESTED:
        raise Conflict(
            "Ein Erfahrungsbericht braucht mindestens eine Prüfung der Lösung.",
            errors=[FieldError("adoption", "Ändern Sie zuerst den Stand der Nachnutzung.")],
        )
    report = ExperienceReport(
        adoption=adoption,
        organization=adoption.organization,
        solution=adoption.solution,
        created_by=_user(actor),
        origin=origin,
        would_recommend=values.would_recommend,
    )
    _apply_report(report, values)
    report.save()
    refresh_after_commit([report.solution_id])
    record_change(
        actor=actor,
        instance=report,
        action=ChangeRecord.Action.CREATE,
        changes={**diff({}, field_values(report, REPORT_FIELDS)), "adoption": [None, adoption.pk]},
        organization_id=adoption.organization_id,
    )
    publish(
        kind="report.created",
        key=f"report.created:{report.pk}",
        subject=report,
        actor=actor,
        title=f"Erfahrungsbericht von {report.organization} zu „{report.solution}“",
        url=reverse("catalog:solution-detail", args=[report.solution.slug]) + f"#bericht-{report.pk}",
        related=[*_related(report.solution, list(adoption.services.all())), report.organization],
    )
    return report


@transaction.atomic
def report_update(*, actor: Actor, report: ExperienceReport, values: ReportValues) -> ExperienceReport:
    policy.authorize(
        actor,
        getattr(actor, "is_system", False)
        or policy.can_edit_organization_data(actor.user, report.organization_id),
    )
    before = field_values(report, REPORT_FIELDS)
    published = tombstones.report_published_before(report)
    _apply_report(report, values)
    report.save()
    tombstones.report_saved(report, published)
    changes = diff(before, field_values(report, REPORT_FIELDS))
    if changes:
        refresh_after_commit([report.solution_id])
    record_change(
        actor=actor,
        instance=report,
        action=ChangeRecord.Action.UPDATE,
        changes=changes,
        organization_id=report.organization_id,
    )
    return report


def _speaking_for(actor: Actor, organization: Organization | None) -> None:
    if organization is not None and not getattr(actor, "is_system", False):
        policy.require(
            policy.is_platform_admin(actor.user) or organization.pk in policy.organization_ids(actor.user),
            actor.user,
            "Sie gehören dieser Organisation nicht an.",
        )


def _require_text(name: str, value: str, label: str) -> None:
    if not value.strip():
        raise DomainError(
            detail=f"{label} fehlt.", errors=[FieldError(name, f"Bitte {label} angeben.")], status=422
        )


@transaction.atomic
def question_create(
    *, actor: Actor, solution: Solution, title: str, body: str = "", organization: Organization | None = None
) -> Question:
    """Any signed-in person who sees the solution may ask."""
    policy.authorize(actor, policy.is_authenticated(actor.user))
    _require_visible(actor, solution)
    _speaking_for(actor, organization)
    _require_text("title", title, "die Frage")
    question = Question(
        solution=solution,
        title=title.strip(),
        body=body.strip(),
        organization=organization,
        author=_user(actor),
    )
    _clean(question, ["solution", "organization", "author", "hidden_by"])
    question.save()
    record_change(
        actor=actor,
        instance=question,
        action=ChangeRecord.Action.CREATE,
        changes={
            "title": [None, question.title],
            "body": [None, question.body],
            "solution": [None, solution.pk],
        },
        organization_id=solution.owner_id,
    )
    publish(
        kind="question.created",
        key=f"question.created:{question.pk}",
        subject=question,
        actor=actor,
        title=f"Frage zu „{solution}“: {question.title}",
        url=reverse("catalog:solution-detail", args=[solution.slug]) + f"#frage-{question.pk}",
        related=_related(solution),
    )
    return question


@transaction.atomic
def question_update(*, actor: Actor, question: Question, title: str, body: str = "") -> Question:
    """The person who asked (or a platform admin) corrects the question."""
    policy.authorize(
        actor,
        policy.is_platform_admin(actor.user)
        or (policy.is_authenticated(actor.user) and question.author_id == actor.user.pk),
    )
    _require_text("title", title, "die Frage")
    before = field_values(question, ["title", "body"])
    question.title, question.body = title.strip(), body.strip()
    _clean(question, ["solution", "organization", "author", "hidden_by"])
    question.save()
    changes = diff(before, field_values(question, ["title", "body"]))
    if changes:
        record_change(
            actor=actor,
            instance=question,
            action=ChangeRecord.Action.UPDATE,
            changes=changes,
            organization_id=question.solution.owner_id,
        )
    return question


@transaction.atomic
def answer_create(
    *,
    actor: Actor,
    question: Question,
    body: str,
    parent: Answer | None = None,
    organization: Organization | None = None,
) -> Answer:
    """Answer a question or reply to an answer; answers by people of the owner are marked."""
    policy.authorize(actor, policy.is_authenticated(actor.user))
    solution = question.solution
    _require_visible(actor, solution)
    _speaking_for(actor, organization)
    _require_text("body", body, "die Antwort")
    if parent is not None and parent.question_id != question.pk:
        raise DomainError(
            detail="Die Antwort gehört zu einer anderen Frage.",
            errors=[FieldError("parent", "Falsche Frage.")],
            status=422,
        )
    if question.hidden:
        raise Conflict("Diese Frage wurde ausgeblendet und kann nicht beantwortet werden.")
    by_owner = solution.owner_id is not None and solution.owner_id in policy.organization_ids(actor.user)
    answer = Answer(
        question=question,
        parent=parent,
        body=body.strip(),
        organization=organization or (solution.owner if by_owner else None),
        by_owner=by_owner,
        author=_user(actor),
    )
    answer.save()
    record_change(
        actor=actor,
        instance=answer,
        action=ChangeRecord.Action.CREATE,
        changes={"body": [None, answer.body], "question": [None, question.pk], "by_owner": [None, by_owner]},
        organization_id=solution.owner_id,
    )
    publish(
        kind="answer.created",
        key=f"answer.created:{answer.pk}",
        subject=answer,
        actor=actor,
        title=f"Antwort auf „{question.title}“ ({solution})",
        url=reverse("catalog:solution-detail", args=[solution.slug]) + f"#frage-{question.pk}",
        related=[*_related(solution), question],
    )
    return answer


def _moderate(actor: Actor, item: Question | Answer, solution: Solution, hidden: bool, reason: str) -> None:
    network_ids = set(solution.networks.values_list("pk", flat=True))
    policy.authorize(actor, policy.can_moderate_solution(actor.user, solution.owner_id, network_ids))
    if hidden:
        _require_text("reason", reason, "der Grund")
    before = field_values(item, ["hidden", "hidden_reason"])
    item.hidden = hidden
    item.hidden_reason = reason.strip()[:300] if hidden else ""
    item.hidden_by = _user(actor) if hidden else None
    item.hidden_at = timezone.now() if hidden else None
    item.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
    record_change(
        actor=actor,
        instance=item,
        action=ChangeRecord.Action.UPDATE,
        changes=diff(before, field_values(item, ["hidden", "hidden_reason"])),
        organization_id=solution.owner_id,
    )


@transaction.atomic
def question_moderate(*, actor: Actor, question: Question, hidden: bool, reason: str = "") -> Question:
    """Hide (with a reason) or show again a question: the owner's editors and coordinators."""
    _moderate(actor, question, question.solution, hidden, reason)
    return question


@transaction.atomic
def answer_moderate(*, actor: Actor, answer: Answer, hidden: bool, reason: str = "") -> Answer:
    _moderate(actor, answer, answer.question.solution, hidden, reason)
    return answer


@transaction.atomic
def solution_link_set(
    *, actor: Actor, source: Solution, target: Solution, kind: str, note: str = ""
) -> SolutionLink:
    """Record the owners' verdict on two similar solutions (replacing an earlier one for the pair).
    Editors of either owner may link them; only the owner of `source` may mark it superseded."""
    if source.pk == target.pk:
        raise DomainError(detail="Eine Lösung kann nicht mit sich selbst verknüpft werden.", status=422)
    if kind not in LinkKind.values:
        raise DomainError(
            detail=f"Unbekannte Beziehung „{kind}“.", errors=[FieldError("kind", "Unbekannt.")], status=422
        )
    source_editor = policy.can_edit_organization_data(actor.user, source.owner_id)
    target_editor = policy.can_edit_organization_data(actor.user, target.owner_id)
    allowed = source_editor if kind == LinkKind.SUPERSEDED_BY else (source_editor or target_editor)
    policy.authorize(actor, allowed)
    _require_visible(actor, target)
    previous = (
        SolutionLink.objects.filter(source=source, target=target).first()
        or SolutionLink.objects.filter(source=target, target=source).first()
    )
    before = {"kind": previous.kind, "note": previous.note} if previous else {}
    if previous is not None:
        previous.delete()
    link = SolutionLink.objects.create(
        source=source, target=target, kind=kind, note=note.strip()[:300], created_by=_user(actor)
    )
    record_change(
        actor=actor,
        instance=link,
        action=ChangeRecord.Action.UPDATE if previous else ChangeRecord.Action.CREATE,
        changes={
            **diff(before, {"kind": kind, "note": link.note}),
            "source": [None, source.pk],
            "target": [None, target.pk],
        },
        organization_id=source.owner_id,
    )
    return link


@transaction.atomic
def solution_link_delete(*, actor: Actor, link: SolutionLink) -> None:
    policy.authorize(
        actor,
        policy.can_edit_organization_data(actor.user, link.source.owner_id)
        or policy.can_edit_organization_data(actor.user, link.target.owner_id),
    )
    record_change(
        actor=actor,
        instance=link,
        action=ChangeRecord.Action.DELETE,
        changes={
            "kind": [link.kind, None],
            "source": [link.source_id, None],
            "target": [link.target_id, None],
        },
        organization_id=link.source.owner_id,
    )
    link.delete()


@dataclass
class SyntheticResult:
    adoptions: int
    reports: int
    municipalities: int
    solutions: int


@transaction.atomic
def adoptions_synthetic_generate(
    *, actor: Actor, seed: int = 1, adopter_share: float = 0.3
) -> SyntheticResult:
    """Replace all synthetic adoptions and reports (see `reuse.synthetic`): bulk rows with origin
    "synthetic" for solutions that have OZG-Leistungen. They do not write coverage (the national
    synthetic coverage already exists); one ChangeRecord summarises the run."""
    from ikone.reuse.synthetic import Town, plan

    policy.authorize(actor, policy.is_platform_admin(actor.user))
    Adoption.objects.filter(origin=Origin.SYNTHETIC).delete()
    towns = [
        Town(pk, land, kreis)
        for pk, land, kreis in Organization.objects.filter(level="gemeinde")
        .exclude(kreis_key="")
        .values_list("pk", "land_key", "kreis_key")
    ]
    services_of: dict[int, list[int]] = {}
    for solution_id, service_id in Solution.services.through.objects.order_by(
        "solution_id", "service_id"
    ).values_list("solution_id", "service_id"):
        services_of.setdefault(solution_id, []).append(service_id)
    owners = dict(Solution.objects.filter(pk__in=list(services_of)).values_list("pk", "owner_id"))
    recorded = set(Adoption.objects.values_list("organization_id", "solution_id"))  # real ones stay
    planned = [
        p
        for p in plan(
            towns, sorted(services_of), seed=seed, adopter_share=adopter_share, today=timezone.localdate()
        )
        if owners.get(p.solution_id) != p.organization_id
        and (p.organization_id, p.solution_id) not in recorded
    ]
    now = timezone.now()
    adoptions = Adoption.objects.bulk_create(
        [
            Adoption(
                organization_id=p.organization_id,
                solution_id=p.solution_id,
                state=p.state,
                started_on=p.started_on,
                production_since=p.production_since,
                ended_on=p.ended_on,
                end_reason="synthetisch" if p.ended_on else "",
                operator_model="it_provider",
                it_provider=p.it_provider,
                confirmed_at=now,
                origin=Origin.SYNTHETIC,
            )
            for p in planned
        ],
        batch_size=1000,
    )
    through = Adoption.services.through
    through.objects.bulk_create(
        [
            through(adoption_id=a.pk, service_id=service_id)
            for a in adoptions
            for service_id in services_of[a.solution_id]
        ],
        batch_size=2000,
    )
    reports = [
        ExperienceReport(
            adoption_id=a.pk,
            organization_id=a.organization_id,
            solution_id=a.solution_id,
            it_provider=a.it_provider,
            would_recommend=p.report.would_recommend,
            rating_usability=p.report.ratings[0],
            rating_effort=p.report.ratings[1],
            rating_documentation=p.report.ratings[2],
            rating_support=p.report.ratings[3],
            origin=Origin.SYNTHETIC,
        )
        for a, p in zip(adoptions, planned, strict=True)
        if p.report is not None
    ]
    ExperienceReport.objects.bulk_create(reports, batch_size=1000)
    recommend.bump()  # bulk rows send no signals
    ChangeRecord.objects.create(
        actor=_user(actor),
        actor_label=actor.label[:200],
        object_type=Adoption._meta.label_lower,
        object_id="synthetic",
        object_repr="synthetische Nachnutzungen",
        action=ChangeRecord.Action.CREATE,
        changes={"adoptions": [None, len(adoptions)], "reports": [None, len(reports)], "seed": [None, seed]},
    )
    return SyntheticResult(
        adoptions=len(adoptions), reports=len(reports), municipalities=len(towns), solutions=len(services_of)
    )
