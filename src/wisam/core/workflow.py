"""Workflows as data: states and guarded transitions declared once, taken through one function that logs them.

A `Workflow` is a frozen, code-declared definition (ADR 0008): its states, and its transitions — each with the
states it may be taken from, the state it leads to, the policy action the actor needs, guard functions that give
the reasons it is refused, and whether a comment is required. A subject (a specification version under internal
review, an accreditation application, ...) carries its position in a workflow in a row of a concrete subclass of
`WorkflowState`, owned by the app that owns the subject.

`workflow_transition(...)` is the only way to move a `WorkflowState`: it locks the row, checks that the state is
still the one the caller saw, that the transition may be taken from it, the actor's permission, the comment and
every guard, then changes the state, runs the transition's effects and records the domain event — all in one
transaction. A refusal raises `TransitionRefused` with every reason, in the actor's language.

Usage (an app):

    REVIEW = Workflow(name="quality.review", version=1, states=(...), transitions=(...), initial="draft")
    workflow_register(REVIEW)

    class Review(WorkflowState):
        WORKFLOW = REVIEW
        version = models.ForeignKey(...)

    workflow_transition(subject_state=review, transition="submit", actor=request.user, comment="")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wisam.core import policy
from wisam.core.events import event_record, events_for
from wisam.core.models import DomainEvent

# A guard receives the (locked) workflow state and the actor and returns the reasons the transition is refused;
# an empty sequence means "no objection".
Guard = Callable[[Any, Any], Sequence[str | Promise]]
# An effect runs after the state changed, inside the same transaction (e.g. freezing the subject).
Effect = Callable[[Any, Any, "Transition"], None]


@dataclass(frozen=True)
class State:
    """A named position in a workflow. A `terminal` state closes the workflow state (it is no longer active)."""

    name: str
    label: str | Promise
    terminal: bool = False
    description: str | Promise = ""


@dataclass(frozen=True)
class Transition:
    """A named move from any of `sources` to `target`.

    `permission` is a policy action (wisam.core.policy) asked about the state's `permission_object()`;
    `guards` give the reasons to refuse; `comment_required` makes an empty comment a refusal.
    """

    name: str
    label: str | Promise
    sources: AbstractSet[str]
    target: str
    permission: str
    guards: tuple[Guard, ...] = ()
    comment_required: bool = False
    effects: tuple[Effect, ...] = ()
    confirm: str | Promise = ""
    style: str = "primary"  # "primary", "secondary" or "danger": how the button looks

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))


@dataclass(frozen=True)
class Workflow:
    """A workflow definition: states, an initial state and transitions. Validated when declared."""

    name: str
    version: int
    label: str | Promise
    states: tuple[State, ...]
    initial: str
    transitions: tuple[Transition, ...]
    event_prefix: str = ""
    _states: dict[str, State] = field(init=False, repr=False, compare=False)
    _transitions: dict[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        states = {state.name: state for state in self.states}
        transitions = {transition.name: transition for transition in self.transitions}
        problems = []
        if len(states) != len(self.states):
            problems.append("state names must be unique")
        if len(transitions) != len(self.transitions):
            problems.append("transition names must be unique")
        if self.initial not in states:
            problems.append(f"initial state {self.initial!r} is not a state")
        for transition in self.transitions:
            unknown = sorted((transition.sources | {transition.target}) - set(states))
            if unknown:
                problems.append(f"transition {transition.name!r} names unknown states {unknown}")
            if not transition.sources:
                problems.append(f"transition {transition.name!r} has no source state")
            terminal_sources = sorted(s for s in transition.sources if s in states and states[s].terminal)
            if terminal_sources:
                problems.append(f"transition {transition.name!r} leaves terminal states {terminal_sources}")
        if problems:
            raise ImproperlyConfigured(f"Workflow {self.name!r}: " + "; ".join(problems))
        object.__setattr__(self, "_states", states)
        object.__setattr__(self, "_transitions", transitions)
        if not self.event_prefix:
            object.__setattr__(self, "event_prefix", self.name)

    def state(self, name: str) -> State:
        try:
            return self._states[name]
        except KeyError:
            raise KeyError(f"Workflow {self.name!r} has no state {name!r}.") from None

    def transition(self, name: str) -> Transition:
        try:
            return self._transitions[name]
        except KeyError:
            raise UnknownTransitionError(self, name) from None

    def transitions_from(self, state: str) -> list[Transition]:
        return [transition for transition in self.transitions if state in transition.sources]

    def reachable(self) -> set[str]:
        """The states that can be reached from the initial one (a definition check used by tests)."""
        seen = {self.initial}
        frontier = [self.initial]
        while frontier:
            current = frontier.pop()
            for transition in self.transitions_from(current):
                if transition.target not in seen:
                    seen.add(transition.target)
                    frontier.append(transition.target)
        return seen


_WORKFLOWS: dict[str, Workflow] = {}


def workflow_register(workflow: Workflow) -> Workflow:
    """Declare a workflow once (at import of the owning app); the same definition may be registered again."""
    existing = _WORKFLOWS.get(workflow.name)
    if existing is not None and existing is not workflow:
        raise ImproperlyConfigured(f"Workflow {workflow.name!r} is declared twice.")
    _WORKFLOWS[workflow.name] = workflow
    return workflow


def workflow_get(name: str) -> Workflow:
    try:
        return _WORKFLOWS[name]
    except KeyError:
        raise KeyError(f"Unknown workflow {name!r}.") from None


def workflows() -> dict[str, Workflow]:
    return dict(_WORKFLOWS)


class WorkflowError(Exception):
    """Base of the engine's errors."""


class UnknownTransitionError(WorkflowError, KeyError):
    def __init__(self, workflow: Workflow, name: str) -> None:
        self.workflow = workflow
        self.name = name
        super().__init__(f"Workflow {workflow.name!r} has no transition {name!r}.")

    def __str__(self) -> str:
        return str(self.args[0])


class TransitionRefused(WorkflowError):
    """A transition was refused; `reasons` says why, `code` says which check refused it.

    Codes: "stale" (the state changed since the caller read it), "illegal" (not from this state), "forbidden"
    (the actor lacks the permission), "comment_required", "guard" (a guard objected), "inactive" (closed).
    """

    def __init__(self, *, transition: str, state: str, code: str, reasons: Iterable[str | Promise]) -> None:
        self.transition = transition
        self.state = state
        self.code = code
        self.reasons = [str(reason) for reason in reasons]
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return gettext("“%(transition)s” was refused: %(reasons)s") % {
            "transition": self.transition,
            "reasons": " ".join(self.reasons),
        }


class WorkflowState(models.Model):
    """Where one subject stands in one workflow. Subclasses add the subject (a foreign key) and set `WORKFLOW`.

    Invariants: `state` is a state of `WORKFLOW`; it only changes through `workflow_transition`; `is_active` is false
    once a terminal state is reached. Subclasses should add a conditional unique constraint so that a subject has at
    most one active workflow state (see quality.Review).
    """

    WORKFLOW: ClassVar[Workflow]

    workflow_name = models.CharField(_("workflow"), max_length=80, editable=False)
    workflow_version = models.PositiveIntegerField(_("workflow version"), editable=False)
    state = models.CharField(_("state"), max_length=40, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True, editable=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("state changed"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def workflow(self) -> Workflow:
        return workflow_get(self.workflow_name) if self.workflow_name else self.WORKFLOW

    @property
    def current(self) -> State:
        return self.workflow.state(self.state)

    @property
    def state_label(self) -> str:
        return str(self.current.label)

    def permission_object(self) -> Any:
        """The object the transitions' policy actions are asked about (default: this row)."""
        return self

    def workflow_organisation(self) -> Any:
        """The organisation the domain events are recorded for."""
        return getattr(self, "organisation", None)

    def event_subject(self) -> models.Model:
        """The object the domain events are recorded on (default: this row)."""
        return self

    def event_payload(self) -> dict[str, Any]:
        """Extra payload every event of this workflow state carries (e.g. the subject's identifiers)."""
        return {}


@dataclass(frozen=True)
class TransitionOption:
    """A transition as offered to one actor: whether they may take it now, and if not, why."""

    transition: Transition
    allowed: bool
    reasons: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return str(self.transition.label)


def _check(
    *, subject_state: WorkflowState, transition: Transition, actor: Any, comment: str, with_guards: bool = True
) -> tuple[str, list[str | Promise]]:
    """The first check that refuses (its code and reasons), or ("", []) when the transition may be taken."""
    workflow = subject_state.workflow
    if not subject_state.is_active:
        return "inactive", [_("This workflow is closed; nothing more can happen to it.")]
    if subject_state.state not in transition.sources:
        allowed_from = ", ".join(str(workflow.state(s).label) for s in sorted(transition.sources))
        return "illegal", [
            gettext("It can only be taken from: %(states)s; the current state is “%(state)s”.")
            % {"states": allowed_from, "state": subject_state.current.label}
        ]
    if not policy.can(actor, transition.permission, subject_state.permission_object()):
        return "forbidden", [_("You do not have the role needed for this step.")]
    if transition.comment_required and not comment.strip():
        return "comment_required", [_("A comment is required for this step: please say why.")]
    if with_guards:
        reasons: list[str | Promise] = []
        for guard in transition.guards:
            reasons.extend(guard(subject_state, actor))
        if reasons:
            return "guard", reasons
    return "", []


def workflow_options(*, subject_state: WorkflowState, actor: Any) -> list[TransitionOption]:
    """The transitions from the current state that the actor holds the permission for, each with its refusals.

    Transitions the actor could never take (no permission) are left out, so pages show only their own buttons.
    """
    options: list[TransitionOption] = []
    if not subject_state.is_active:
        return options
    for transition in subject_state.workflow.transitions_from(subject_state.state):
        if not policy.can(actor, transition.permission, subject_state.permission_object()):
            continue
        reasons: list[str] = []
        for guard in transition.guards:
            reasons.extend(str(reason) for reason in guard(subject_state, actor))
        options.append(TransitionOption(transition, not reasons, tuple(reasons)))
    return options


def workflow_start[S: WorkflowState](*, model: type[S], actor: Any = None, **fields: Any) -> S:
    """Create a workflow state in the workflow's initial state and record `<prefix>.started`."""
    workflow = model.WORKFLOW
    with transaction.atomic():
        subject_state = model(
            workflow_name=workflow.name,
            workflow_version=workflow.version,
            state=workflow.initial,
            is_active=True,
            **fields,
        )
        subject_state.full_clean()
        subject_state.save()
        event_record(
            action=f"{workflow.event_prefix}.started",
            subject=subject_state.event_subject(),
            organisation=subject_state.workflow_organisation(),
            actor=actor,
            payload={
                "workflow": workflow.name,
                "workflow_version": workflow.version,
                "state_id": subject_state.pk,
                "to": workflow.initial,
                **subject_state.event_payload(),
            },
        )
    return subject_state


def workflow_transition[S: WorkflowState](*, subject_state: S, transition: str, actor: Any, comment: str = "") -> S:
    """Take `transition` on `subject_state` for `actor`, or raise `TransitionRefused` naming every reason.

    The row is locked (SELECT ... FOR UPDATE; SQLite serialises writers) and re-read, so of two concurrent
    transitions one wins and the other is refused with code "stale": it was decided on a state that is gone.
    Returns the updated row; the caller's instance is refreshed too.
    """
    comment = (comment or "").strip()
    model = type(subject_state)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=subject_state.pk)
        workflow = locked.workflow
        step = workflow.transition(transition)
        if locked.state != subject_state.state or locked.is_active != subject_state.is_active:
            raise TransitionRefused(
                transition=str(step.label),
                state=locked.state,
                code="stale",
                reasons=[
                    gettext(
                        "Someone else moved this from “%(seen)s” to “%(now)s” while you were looking at it; "
                        "reload the page and decide again."
                    )
                    % {"seen": workflow.state(subject_state.state).label, "now": locked.current.label}
                ],
            )
        code, reasons = _check(subject_state=locked, transition=step, actor=actor, comment=comment)
        if code:
            raise TransitionRefused(transition=str(step.label), state=locked.state, code=code, reasons=reasons)
        previous = locked.state
        target = workflow.state(step.target)
        locked.state = target.name
        locked.is_active = not target.terminal
        locked.state_changed_at = timezone.now()
        locked.save(update_fields=["state", "is_active", "state_changed_at"])
        for effect in step.effects:
            effect(locked, actor, step)
        event_record(
            action=f"{workflow.event_prefix}.{step.name}",
            subject=locked.event_subject(),
            organisation=locked.workflow_organisation(),
            actor=actor,
            payload={
                "workflow": workflow.name,
                "workflow_version": locked.workflow_version,
                "state_id": locked.pk,
                "transition": step.name,
                "from": previous,
                "to": target.name,
                "comment": comment,
                **locked.event_payload(),
            },
        )
    subject_state.state = locked.state
    subject_state.is_active = locked.is_active
    subject_state.state_changed_at = locked.state_changed_at
    return locked


def workflow_history(subject_state: WorkflowState) -> QuerySet[DomainEvent]:
    """The events of this workflow state, oldest first: the timeline is read from the event log, never kept twice."""
    return events_for(subject_state.event_subject()).filter(
        action__startswith=f"{subject_state.workflow.event_prefix}.",
        payload__state_id=subject_state.pk,
    )


__all__ = [
    "Effect",
    "Guard",
    "State",
    "Transition",
    "TransitionOption",
    "TransitionRefused",
    "UnknownTransitionError",
    "Workflow",
    "WorkflowError",
    "WorkflowState",
    "workflow_get",
    "workflow_history",
    "workflow_options",
    "workflow_register",
    "workflow_start",
    "workflow_transition",
    "workflows",
]
