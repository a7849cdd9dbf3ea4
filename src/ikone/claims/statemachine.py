"""The life cycle of a claim, without the ORM: which action leads from which state to which."""

from __future__ import annotations

from dataclasses import dataclass

from ikone.claims.choices import ClaimAction, ClaimState

S = ClaimState


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    by_coordinator: bool


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(ClaimAction.ACCEPT, frozenset({S.PROPOSED}), S.ACCEPTED, by_coordinator=True),
        Transition(ClaimAction.REJECT, frozenset({S.PROPOSED, S.ACCEPTED}), S.REJECTED, by_coordinator=True),
        Transition(ClaimAction.START, frozenset({S.ACCEPTED}), S.IN_PROGRESS, by_coordinator=False),
        Transition(ClaimAction.DELIVER, frozenset({S.IN_PROGRESS}), S.DELIVERED, by_coordinator=False),
        Transition(
            ClaimAction.WITHDRAW,
            frozenset({S.PROPOSED, S.ACCEPTED, S.IN_PROGRESS}),
            S.WITHDRAWN,
            by_coordinator=False,
        ),
    )
}


class InvalidTransition(Exception):
    def __init__(self, action: str, state: str) -> None:
        self.action = action
        self.state = state
        super().__init__(f"{action} from {state}")


def target_state(state: str, action: str) -> str:
    """The state after `action`, or InvalidTransition if the action is not allowed in `state`."""
    transition = TRANSITIONS.get(action)
    if transition is None or state not in transition.sources:
        raise InvalidTransition(action, state)
    return transition.target


def allowed_actions(state: str) -> list[str]:
    return [action for action, t in TRANSITIONS.items() if state in t.sources]
