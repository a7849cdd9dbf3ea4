"""Writes for citizen participation. Every write is atomic and audited.

Citizens act under their pseudonym: the audit entries of their writes carry the display name,
not the e-mail address. Only accounts with a confirmed e-mail address propose, support and
comment; the town's editors (and platform admins) moderate. Writes of citizens count against
the rate limit `participation-write` per account and per client address.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ikone.accounts import policy, tokens
from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.accounts.services import user_create
from ikone.core import ratelimit
from ikone.core.audit import Actor, ChangeRecord, record_change
from ikone.core.errors import Conflict, DomainError, FieldError
from ikone.core.models import ChangeRecord as ChangeRecordModel
from ikone.notifications.events import publish
from ikone.notifications.models import Event
from ikone.organizations.models import Organization
from ikone.ozg.models import Service
from ikone.participation.choices import (
    COMMENT_MAX,
    DELETED_NAME,
    DISPLAY_NAME_MAX,
    MAX_CHOICES,
    REASON_MAX,
    REASON_REQUIRED,
    REPORT_REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ProcessKind,
    ProposalState,
)
from ikone.participation.models import (
    Ballot,
    BallotChoice,
    Comment,
    Follow,
    Participant,
    Process,
    ProcessItem,
    Proposal,
    Report,
    Support,
)
from ikone.participation.selectors import services_by_ozg_id

PASSWORD_MIN = 12


class TooManyRequests(DomainError):
    def __init__(self) -> None:
        super().__init__(
            detail="Zu viele Beiträge in kurzer Zeit. Bitte versuchen Sie es später noch einmal.", status=429
        )


def _invalid(detail: str, name: str, message: str) -> DomainError:
    return DomainError(detail=detail, errors=[FieldError(name, message)], status=422)


def _text(value: str, *, name: str, label: str, maximum: int, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise _invalid(f"{label}: unzulässiges Zeichen.", name, "Bitte ohne Steuerzeichen.")
    if required and not value:
        raise _invalid(f"Bitte geben Sie {label} an.", name, "Pflichtangabe")
    if len(value) > maximum:
        raise _invalid(f"{label} ist zu lang ({len(value)} Zeichen).", name, f"höchstens {maximum} Zeichen")
    return value


def _throttle(actor: Actor, ip: str) -> None:
    if actor.is_system:
        return
    if not ratelimit.hit("participation-write", f"user:{actor.user.pk}", f"ip:{ip}" if ip else ""):
        raise TooManyRequests()


def _citizen(actor: Actor) -> Actor:
    """The actor under the pseudonym; refuses anonymous people (401) and unconfirmed accounts (403)."""
    if actor.is_system:
        return actor
    policy.require(policy.is_authenticated(actor.user), actor.user)
    participant = Participant.objects.filter(user=actor.user).first()
    if participant is None or not participant.is_confirmed:
        raise policy.PermissionDenied(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Vorschläge, Unterstützungen und "
            "Kommentare sind nur mit einem bestätigten Beteiligungskonto möglich."
        )
    return Actor(user=actor.user, label=f"{participant.display_name} (Beteiligung)")


def _moderator(actor: Actor, proposal: Proposal) -> None:
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, proposal.organization_id))


def _url(proposal: Proposal) -> str:
    return reverse("participation:proposal-detail", args=[proposal.pk])


# --- accounts of citizens -------------------------------------------------------------------


def _send_confirmation(participant: Participant, raw: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("participation:confirm", args=[raw])
    body = (
        f"Guten Tag {participant.display_name},\n\nbitte bestätigen Sie Ihre E-Mail-Adresse für die "
        f"Bürgerbeteiligung in ikone:\n\n{link}\n\nErst danach können Sie Vorschläge machen, "
        "unterstützen und kommentieren. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail."
    )
    email = participant.user.email
    transaction.on_commit(
        lambda: send_mail("ikone: E-Mail-Adresse bestätigen", body, settings.DEFAULT_FROM_EMAIL, [email])
    )


@transaction.atomic
def participant_register(
    *,
    actor: Actor,
    display_name: str,
    email: str = "",
    password: str = "",
    ip: str = "",
) -> tuple[Participant, str]:
    """A participation profile with a pseudonym; returns it and the raw confirmation key (e-mailed).

    A signed-in person gets a profile for the own account; otherwise a new account is created
    from `email` and `password`. The e-mail address must be confirmed through the link.
    """
    display_name = _text(
        display_name, name="display_name", label="einen Anzeigenamen", maximum=DISPLAY_NAME_MAX
    )
    if "@" in display_name:
        raise _invalid(
            "Der Anzeigename ist öffentlich; bitte keine E-Mail-Adresse.", "display_name", "ohne „@“"
        )
    if not actor.is_system and not ratelimit.hit("participation-signup", f"ip:{ip}" if ip else ""):
        raise TooManyRequests()
    if policy.is_authenticated(actor.user):
        user = actor.user
        if Participant.objects.filter(user=user).exists():
            raise Conflict("Sie haben schon ein Beteiligungsprofil.")
    else:
        email = _text(email, name="email", label="Ihre E-Mail-Adresse", maximum=254)
        if len(password or "") < PASSWORD_MIN:
            raise _invalid("Das Passwort ist zu kurz.", "password", f"mindestens {PASSWORD_MIN} Zeichen")
        user = user_create(actor=Actor.system("Beteiligung: Registrierung"), email=email, password=password)
    raw = tokens.generate()
    participant = Participant(user=user, display_name=display_name, confirmation_hash=tokens.digest(raw))
    participant.full_clean(exclude=["user"])
    participant.save()
    record_change(
        actor=Actor(user=user, label=f"{display_name} (Beteiligung)"),
        instance=participant,
        action=ChangeRecord.Action.CREATE,
        changes={"display_name": [None, display_name]},
    )
    _send_confirmation(participant, raw)
    return participant, raw


@transaction.atomic
def participant_confirm(*, raw: str) -> Participant:
    """Confirm the e-mail address through the link's key (a second click changes nothing)."""
    participant = (
        Participant.objects.select_for_update().filter(confirmation_hash=tokens.digest(raw or "")).first()
    )
    if not raw or participant is None:
        raise DomainError(detail="Dieser Bestätigungslink ist ungültig.", status=404)
    if participant.confirmed_at is None:
        participant.confirmed_at = timezone.now()
        participant.save(update_fields=["confirmed_at"])
        record_change(
            actor=Actor(user=participant.user, label=f"{participant.display_name} (Beteiligung)"),
            instance=participant,
            action=ChangeRecord.Action.UPDATE,
            changes={"confirmed": [False, True]},
        )
    return participant


@transaction.atomic
def participant_delete(*, actor: Actor, user: User) -> None:
    """Delete a citizen's account: personal data goes, anonymous counts stay.

    Removed: the account (e-mail, password, name), the profile, follows, comments. Kept without
    the person: proposals and supports (so counts stay exact), reports. The person's name in the
    change log and in notifications is replaced by "gelöschtes Konto". Accounts with a role in an
    organisation or network are deleted by the platform administration.
    """
    if not (actor.is_system or actor.user == user or policy.is_platform_admin(actor.user)):
        policy.require(False, actor.user)
    if (
        user.is_staff
        or OrganizationMember.objects.filter(user=user).exists()
        or NetworkCoordinator.objects.filter(user=user).exists()
    ):
        raise Conflict(
            "Konten mit einer Rolle in einer Organisation oder einem Netzwerk löscht die Plattformadministration."
        )
    participant = Participant.objects.filter(user=user).first()
    deleted = str(DELETED_NAME)
    counts = {
        "proposals": Proposal.objects.filter(author=user).update(author=None),
        "supports": Support.objects.filter(user=user).update(user=None),
        "comments": Comment.objects.filter(author=user).delete()[0],
    }
    ChangeRecordModel.objects.filter(actor=user).update(actor_label=deleted)
    ChangeRecordModel.objects.filter(object_type="accounts.user", object_id=str(user.pk)).update(
        object_repr=deleted, changes={}
    )
    if participant is not None:
        ChangeRecordModel.objects.filter(
            object_type="participation.participant", object_id=str(participant.pk)
        ).update(object_repr=deleted, changes={})
    Event.objects.filter(actor=user).update(actor_label=deleted)
    record_change(
        actor=Actor(user=None, label=deleted) if actor.user == user else actor,
        instance=participant or user,
        action=ChangeRecord.Action.DELETE,
        changes={"kept_anonymously": [None, counts]},
    )
    ChangeRecordModel.objects.filter(
        object_type="participation.participant" if participant else "accounts.user",
        object_id=str((participant or user).pk),
    ).update(object_repr=deleted)
    user.delete()


# --- proposals ------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: Actor,
    organization: Organization,
    title: str,
    text: str,
    service: Service | None = None,
    is_demo: bool = False,
    ip: str = "",
) -> Proposal:
    """A citizen's proposal for a municipality ("Das fehlt mir"); the author follows it."""
    citizen = _citizen(actor)
    title = _text(title, name="title", label="einen Titel", maximum=TITLE_MAX)
    text = _text(text, name="text", label="eine Beschreibung", maximum=TEXT_MAX)
    _throttle(actor, ip)
    proposal = Proposal.objects.create(
        organization=organization,
        service=service,
        title=title,
        text=text,
        author=actor.user,
        is_demo=is_demo,
    )
    if actor.user is not None:
        Follow.objects.create(proposal=proposal, user=actor.user)
    record_change(
        actor=citizen,
        instance=proposal,
        action=ChangeRecord.Action.CREATE,
        changes={
            "title": [None, title],
            "service": [None, service.ozg_id if service else None],
        },
        organization_id=organization.pk,
    )
    return proposal


def _open_for_citizens(proposal: Proposal) -> None:
    if proposal.is_hidden:
        raise Conflict("Dieser Vorschlag ist ausgeblendet.")


@transaction.atomic
def support_add(*, actor: Actor, proposal: Proposal, ip: str = "", user: User | None = None) -> Support:
    """Support a proposal (once per person; the database refuses a second row). The supporter follows it.

    System actors (demo data) support on behalf of `user`.
    """
    citizen = _citizen(actor)
    person = user if actor.is_system else actor.user
    if person is None:
        raise _invalid("Wer unterstützt?", "user", "Pflichtangabe")
    _open_for_citizens(proposal)
    if proposal.author_id == person.pk:
        raise Conflict("Ihr eigener Vorschlag zählt schon; Sie können ihn nicht zusätzlich unterstützen.")
    _throttle(actor, ip)
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, user=person)
    except IntegrityError:
        raise Conflict(
            "Sie unterstützen diesen Vorschlag bereits.", [FieldError("support", "nur einmal je Person")]
        ) from None
    Follow.objects.get_or_create(proposal=proposal, user=person)
    record_change(
        actor=citizen,
        instance=support,
        action=ChangeRecord.Action.CREATE,
        changes={"proposal": [None, proposal.pk]},
        organization_id=proposal.organization_id,
    )
    return support


@transaction.atomic
def support_remove(*, actor: Actor, proposal: Proposal) -> None:
    """Withdraw one's support."""
    citizen = _citizen(actor)
    support = Support.objects.filter(proposal=proposal, user=actor.user).first()
    if support is None:
        raise Conflict("Sie unterstützen diesen Vorschlag nicht.")
    record_change(
        actor=citizen,
        instance=support,
        action=ChangeRecord.Action.DELETE,
        changes={"proposal": [proposal.pk, None]},
        organization_id=proposal.organization_id,
    )
    support.delete()


@transaction.atomic
def comment_add(*, actor: Actor, proposal: Proposal, text: str, ip: str = "") -> Comment:
    citizen = _citizen(actor)
    _open_for_citizens(proposal)
    text = _text(text, name="text", label="einen Kommentar", maximum=COMMENT_MAX)
    _throttle(actor, ip)
    comment = Comment.objects.create(proposal=proposal, author=actor.user, text=text)
    record_change(
        actor=citizen,
        instance=comment,
        action=ChangeRecord.Action.CREATE,
        changes={"proposal": [None, proposal.pk]},
        organization_id=proposal.organization_id,
    )
    return comment


@transaction.atomic
def follow_set(*, actor: Actor, proposal: Proposal, follow: bool) -> bool:
    """Follow or stop following a proposal (any signed-in person); returns whether the person follows."""
    policy.require(policy.is_authenticated(actor.user), actor.user)
    existing = Follow.objects.filter(proposal=proposal, user=actor.user).first()
    if follow and existing is None:
        existing = Follow.objects.create(proposal=proposal, user=actor.user)
        record_change(
            actor=actor,
            instance=existing,
            action=ChangeRecord.Action.CREATE,
            changes={"follow": [False, True]},
        )
    elif not follow and existing is not None:
        record_change(
            actor=actor,
            instance=existing,
            action=ChangeRecord.Action.DELETE,
            changes={"follow": [True, False]},
        )
        existing.delete()
    return follow


@transaction.atomic
def report_create(
    *, actor: Actor, proposal: Proposal, comment: Comment | None = None, reason: str = "", ip: str = ""
) -> Report:
    """Report a proposal or a comment to the town's moderation (any signed-in person)."""
    policy.require(policy.is_authenticated(actor.user) or actor.is_system, actor.user)
    reason = _text(reason, name="reason", label="einen Grund", maximum=REPORT_REASON_MAX, required=False)
    if comment is not None and comment.proposal_id != proposal.pk:
        raise _invalid("Der Kommentar gehört nicht zu diesem Vorschlag.", "comment", "unbekannt")
    _throttle(actor, ip)
    report = Report.objects.create(proposal=proposal, comment=comment, reporter=actor.user, reason=reason)
    record_change(
        actor=actor,
        instance=report,
        action=ChangeRecord.Action.CREATE,
        changes={"comment": [None, comment.pk if comment else None], "reason": [None, reason]},
        organization_id=proposal.organization_id,
    )
    return report


# --- moderation -----------------------------------------------------------------------------


@transaction.atomic
def proposal_set_state(*, actor: Actor, proposal: Proposal, state: str, reason: str = "") -> Proposal:
    """The town answers: beantwortet, geplant, umgesetzt, nicht möglich (with a reason citizens
    see) or offen again. Followers are notified through the notifications app."""
    _moderator(actor, proposal)
    if state not in ProposalState.values:
        raise _invalid(f"Unbekannter Stand „{state}“.", "state", ", ".join(ProposalState.values))
    reason = _text(
        reason,
        name="reason",
        label="eine Begründung für die Bürgerinnen und Bürger",
        maximum=REASON_MAX,
        required=state in REASON_REQUIRED,
    )
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("organization", "service")
        .get(pk=proposal.pk)
    )
    if proposal.state == state and proposal.state_reason == reason:
        raise Conflict(f"Der Vorschlag steht schon auf „{proposal.get_state_display()}“.")
    before = (proposal.state, proposal.state_reason)
    proposal.state, proposal.state_reason, proposal.state_changed_at = state, reason, timezone.now()
    proposal.save(update_fields=["state", "state_reason", "state_changed_at"])
    record = record_change(
        actor=actor,
        instance=proposal,
        action=ChangeRecord.Action.UPDATE,
        changes={"state": [before[0], state], "state_reason": [before[1], reason]},
        organization_id=proposal.organization_id,
    )
    followers = [
        (follow.user, f"Sie folgen dem Vorschlag „{proposal.title}“.")
        for follow in Follow.objects.filter(proposal=proposal).select_related("user")
    ]
    publish(
        kind="proposal.state_changed",
        key=f"proposal.state_changed:{proposal.pk}:{record.pk}",
        subject=proposal,
        actor=actor,
        title=f"{proposal.organization}: „{proposal.title}“ – {proposal.get_state_display()}",
        url=_url(proposal),
        related=[proposal.organization, *([proposal.service] if proposal.service else [])],
        followers=followers,
    )
    return proposal


@transaction.atomic
def proposal_hide(*, actor: Actor, proposal: Proposal, hidden: bool = True) -> Proposal:
    """Hide a proposal (abuse, off topic) or show it again; open reports on it are resolved."""
    _moderator(actor, proposal)
    if proposal.merged_into_id and not hidden:
        raise Conflict("Ein zusammengeführter Vorschlag bleibt ausgeblendet.")
    if proposal.is_hidden != hidden:
        proposal.is_hidden = hidden
        proposal.save(update_fields=["is_hidden"])
        record_change(
            actor=actor,
            instance=proposal,
            action=ChangeRecord.Action.UPDATE,
            changes={"is_hidden": [not hidden, hidden]},
            organization_id=proposal.organization_id,
        )
    Report.objects.filter(proposal=proposal, comment=None, resolved_at=None).update(
        resolved_at=timezone.now()
    )
    return proposal


@transaction.atomic
def comment_hide(*, actor: Actor, comment: Comment) -> Comment:
    _moderator(actor, comment.proposal)
    if not comment.is_hidden:
        comment.is_hidden = True
        comment.save(update_fields=["is_hidden"])
        record_change(
            actor=actor,
            instance=comment,
            action=ChangeRecord.Action.UPDATE,
            changes={"is_hidden": [False, True]},
            organization_id=comment.proposal.organization_id,
        )
    Report.objects.filter(comment=comment, resolved_at=None).update(resolved_at=timezone.now())
    return comment


@transaction.atomic
def proposal_merge(*, actor: Actor, proposal: Proposal, into: Proposal) -> Proposal:
    """Merge a duplicate into another proposal of the same town: its supporters and its author
    support the other one (nobody twice), its followers follow it; the duplicate is hidden."""
    _moderator(actor, proposal)
    if into.pk == proposal.pk or into.organization_id != proposal.organization_id:
        raise _invalid(
            "Nur mit einem anderen Vorschlag derselben Kommune zusammenführen.", "into", "anderer Vorschlag"
        )
    if into.is_hidden or proposal.merged_into_id:
        raise Conflict(
            "Ausgeblendete oder schon zusammengeführte Vorschläge lassen sich nicht zusammenführen."
        )
    people = {s.user_id: s for s in Support.objects.filter(proposal=proposal)}
    already = set(Support.objects.filter(proposal=into).values_list("user_id", flat=True)) | {into.author_id}
    moved = 0
    for user_id, support in people.items():
        if user_id is not None and user_id in already:
            support.delete()
        else:
            support.proposal = into
            support.save(update_fields=["proposal"])
            moved += 1
    if (
        proposal.author_id is not None
        and proposal.author_id not in already
        and proposal.author_id not in people
    ):
        Support.objects.create(proposal=into, user_id=proposal.author_id)
        moved += 1
    following = set(Follow.objects.filter(proposal=into).values_list("user_id", flat=True))
    Follow.objects.bulk_create(
        [
            Follow(proposal=into, user_id=f.user_id)
            for f in Follow.objects.filter(proposal=proposal)
            if f.user_id not in following
        ]
    )
    proposal.merged_into, proposal.is_hidden = into, True
    proposal.save(update_fields=["merged_into", "is_hidden"])
    record_change(
        actor=actor,
        instance=proposal,
        action=ChangeRecord.Action.UPDATE,
        changes={"merged_into": [None, into.pk], "supports_moved": [0, moved]},
        organization_id=proposal.organization_id,
    )
    return proposal


# --- participation processes ----------------------------------------------------------------

MAX_ITEMS = 50


@dataclass(frozen=True)
class ItemDraft:
    title: str
    cost: Decimal | None = None
    service: Service | None = None


def item_drafts(*, rows: list[tuple[str, Decimal | None, int | None]]) -> list[ItemDraft]:
    """Options as (title, cost, OZG-ID) → drafts with their OZG-Leistung; an unknown OZG-ID is an
    error at the field `items` (the form's lines and the API's list alike)."""
    ozg_ids = [ozg_id for _title, _cost, ozg_id in rows if ozg_id is not None]
    found = services_by_ozg_id(ozg_ids)
    unknown = [str(i) for i in ozg_ids if i not in found]
    if unknown:
        raise _invalid(
            "Unbekannte OZG-ID in den Optionen.", "items", "Unbekannte OZG-ID: " + ", ".join(unknown)
        )
    return [
        ItemDraft(title=title, cost=cost, service=found[ozg_id] if ozg_id is not None else None)
        for title, cost, ozg_id in rows
    ]


def _euro(amount: Decimal) -> str:
    return f"{amount:,.2f} €".replace(",", "\u202f").replace(".", ",")


YEARS = (2000, 2100)  # a process starts and ends within these years
MONEY_LIMIT = Decimal("1e10")  # budgets and costs below 10 billion euro (12 digits, 2 decimals)


def _moment(value: datetime.datetime, *, name: str, label: str) -> datetime.datetime:
    """An aware moment (a naive one is read in the platform's time zone) within `YEARS`."""
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise _invalid(
            f"{label} liegt außerhalb der Jahre {YEARS[0]} bis {YEARS[1]}.", name, "ungültiges Jahr"
        )
    return timezone.make_aware(value) if timezone.is_naive(value) else value


@dataclass(frozen=True)
class _ProcessValues:
    title: str
    description: str
    kind: str
    budget: Decimal | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    items: list[tuple[str, Decimal | None, Service | None]]


def _process_values(
    *,
    title: str,
    description: str,
    kind: str,
    budget: Decimal | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    items: list[ItemDraft],
) -> _ProcessValues:
    """The rules of a process, the same for creating and changing it."""
    title = _text(title, name="title", label="einen Titel", maximum=TITLE_MAX)
    description = _text(
        description, name="description", label="eine Beschreibung", maximum=TEXT_MAX, required=False
    )
    if kind not in ProcessKind.values:
        raise _invalid(f"Unbekannte Art „{kind}“.", "kind", "ranking oder budget")
    starts_at = _moment(starts_at, name="starts_at", label="Der Beginn")
    ends_at = _moment(ends_at, name="ends_at", label="Das Ende")
    if ends_at <= starts_at:
        raise _invalid("Das Ende muss nach dem Beginn liegen.", "ends_at", "nach dem Beginn")
    if kind == ProcessKind.BUDGET and budget is None:
        raise _invalid("Ein Bürgerhaushalt braucht ein Budget.", "budget", "mehr als 0 Euro")
    if kind == ProcessKind.BUDGET and not _money(budget):
        raise _invalid(
            "Das Budget ist ungültig.",
            "budget",
            "mehr als 0 und weniger als 10 Milliarden Euro, höchstens 2 Nachkommastellen",
        )
    if not 2 <= len(items) <= MAX_ITEMS:
        raise _invalid("Ein Verfahren braucht zwei bis 50 Optionen.", "items", f"2 bis {MAX_ITEMS} Zeilen")
    cleaned = []
    for number, item in enumerate(items, start=1):
        item_title = _text(
            item.title, name="items", label=f"einen Titel für Option {number}", maximum=TITLE_MAX
        )
        if kind == ProcessKind.BUDGET and item.cost is None:
            raise _invalid(f"Option {number} braucht Kosten.", "items", f"Zeile {number}: Kosten fehlen")
        if item.cost is not None and not _money(item.cost):
            raise _invalid(f"Option {number}: ungültige Kosten.", "items", f"Zeile {number}: Kosten ungültig")
        cleaned.append((item_title, item.cost if kind == ProcessKind.BUDGET else None, item.service))
    return _ProcessValues(
        title=title,
        description=description,
        kind=kind,
        budget=budget if kind == ProcessKind.BUDGET else None,
        starts_at=starts_at,
        ends_at=ends_at,
        items=cleaned,
    )


def _kept(stored: datetime.datetime, given: datetime.datetime) -> datetime.datetime:
    """Times count to the minute (the form shows no seconds): the same minute keeps the stored time."""
    return stored if stored.timestamp() // 60 == given.timestamp() // 60 else given


def _plain(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def _money(value: Decimal | None) -> bool:
    """A positive amount in euro and cent below `MONEY_LIMIT`."""
    if value is None:
        return False
    amount = Decimal(value)
    return amount.is_finite() and 0 < amount < MONEY_LIMIT and amount == amount.quantize(Decimal("0.01"))


def _items_create(process: Process, items: list[tuple[str, Decimal | None, Service | None]]) -> None:
    ProcessItem.objects.bulk_create(
        [
            ProcessItem(process=process, title=title, service=service, cost=cost)
            for title, cost, service in items
        ]
    )


@transaction.atomic
def process_create(
    *,
    actor: Actor,
    organization: Organization,
    title: str,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    items: list[ItemDraft],
    description: str = "",
    budget: Decimal | None = None,
    is_demo: bool = False,
) -> Process:
    """A town's participation process with its options (the editors of the town)."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, organization.pk))
    values = _process_values(
        title=title,
        description=description,
        kind=kind,
        budget=budget,
        starts_at=starts_at,
        ends_at=ends_at,
        items=items,
    )
    process = Process.objects.create(
        organization=organization,
        title=values.title,
        description=values.description,
        kind=values.kind,
        budget=values.budget,
        starts_at=values.starts_at,
        ends_at=values.ends_at,
        is_demo=is_demo,
    )
    _items_create(process, values.items)
    record_change(
        actor=actor,
        instance=process,
        action=ChangeRecord.Action.CREATE,
        changes={"title": [None, values.title], "kind": [None, values.kind], "items": [None, len(items)]},
        organization_id=organization.pk,
    )
    return process


@transaction.atomic
def process_update(
    *,
    actor: Actor,
    process: Process,
    title: str,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    items: list[ItemDraft],
    description: str = "",
    budget: Decimal | None = None,
) -> Process:
    """Change a process (the editors of the town). Before the first ballot everything may change and
    the options are replaced. Once people have voted, the options, the kind, the budget and the start
    stay as they were voted on; title, description and end may change, the end not into the past.
    A closed process in which people voted stays as it is: its result is final."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, process.organization_id))
    process = Process.objects.select_for_update().get(pk=process.pk)
    values = _process_values(
        title=title,
        description=description,
        kind=kind,
        budget=budget,
        starts_at=starts_at,
        ends_at=ends_at,
        items=items,
    )
    values = dataclasses.replace(
        values,
        starts_at=_kept(process.starts_at, values.starts_at),
        ends_at=_kept(process.ends_at, values.ends_at),
    )
    old_items = [(i.title, i.cost, i.service_id) for i in process.items.order_by("id")]
    new_items = [(t, c, s.pk if s else None) for t, c, s in values.items]
    if process.ballots.exists():
        now = timezone.now()
        if process.ends_at <= now:
            raise Conflict(
                "Das Verfahren ist beendet; sein Ergebnis steht fest und kann nicht mehr geändert werden."
            )
        voted_on = [
            FieldError(name, "Es wurde schon abgestimmt: nicht mehr änderbar.")
            for name, changed in [
                ("kind", values.kind != process.kind),
                ("budget", values.budget != process.budget),
                ("starts_at", values.starts_at != process.starts_at),
                ("items", new_items != old_items),
            ]
            if changed
        ]
        if voted_on:
            raise Conflict(
                "Es wurde schon abgestimmt: Optionen, Art, Budget und Beginn bleiben, wie sie zur Abstimmung "
                "standen; Titel, Beschreibung und Ende können sich ändern.",
                voted_on,
            )
        if values.ends_at <= now:
            raise _invalid(
                "Solange abgestimmt wird, kann das Ende nicht in der Vergangenheit liegen.",
                "ends_at",
                "in der Zukunft",
            )
    changes: dict[str, list[object]] = {
        name: [_plain(old), _plain(new)]
        for name, old, new in [
            ("title", process.title, values.title),
            ("description", process.description, values.description),
            ("kind", process.kind, values.kind),
            ("budget", process.budget, values.budget),
            ("starts_at", process.starts_at, values.starts_at),
            ("ends_at", process.ends_at, values.ends_at),
        ]
        if old != new
    }
    if new_items != old_items:
        changes["items"] = [len(old_items), len(new_items)]
        process.items.all().delete()
        _items_create(process, values.items)
    if not changes:
        return process
    for name in ("title", "description", "kind", "budget", "starts_at", "ends_at"):
        setattr(process, name, getattr(values, name))
    process.save()
    record_change(
        actor=actor,
        instance=process,
        action=ChangeRecord.Action.UPDATE,
        changes=changes,
        organization_id=process.organization_id,
    )
    return process


@transaction.atomic
def ballot_cast(*, actor: Actor, process: Process, item_ids: list[int], ip: str = "") -> Ballot:
    """Vote once in an open process: ranking – up to three options in order; budget – options whose
    costs together fit into the budget. A second vote, or a vote outside the period, is refused."""
    citizen = _citizen(actor)
    now = timezone.now()
    if now < process.starts_at:
        raise Conflict("Die Abstimmung hat noch nicht begonnen.")
    if now >= process.ends_at:
        raise Conflict("Die Abstimmung ist beendet; Stimmen werden nicht mehr gezählt.")
    items = ProcessItem.objects.in_bulk([i for i in item_ids if 0 < i < 2**31])
    if not item_ids:
        raise _invalid("Bitte wählen Sie mindestens eine Option.", "items", "mindestens eine")
    if len(set(item_ids)) != len(item_ids):
        raise _invalid("Jede Option nur einmal wählen.", "items", "doppelt gewählt")
    if any(i not in items or items[i].process_id != process.pk for i in item_ids):
        raise _invalid("Unbekannte Option.", "items", "gehört nicht zu diesem Verfahren")
    if process.kind == ProcessKind.RANKING and len(item_ids) > MAX_CHOICES:
        raise _invalid(
            f"Höchstens {MAX_CHOICES} Optionen in eine Rangfolge bringen.",
            "items",
            f"höchstens {MAX_CHOICES}",
        )
    if process.kind == ProcessKind.BUDGET and process.budget is not None:
        total = sum((items[i].cost or Decimal(0) for i in item_ids), Decimal(0))
        if total > process.budget:
            raise _invalid(
                f"Ihre Auswahl kostet {_euro(total)}, das Budget beträgt {_euro(process.budget)}.",
                "items",
                "über dem Budget",
            )
    person = actor.user
    _throttle(actor, ip)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(process=process, user=person)
    except IntegrityError:
        raise Conflict("Sie haben in diesem Verfahren schon abgestimmt.") from None
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, item_id=item_id, rank=rank)
            for rank, item_id in enumerate(item_ids, start=1)
        ]
    )
    record_change(
        actor=citizen,
        instance=ballot,
        action=ChangeRecord.Action.CREATE,
        changes={"process": [None, process.pk], "choices": [None, len(item_ids)]},
        organization_id=process.organization_id,
    )
    return ballot
