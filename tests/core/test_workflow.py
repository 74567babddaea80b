"""The generic workflow engine: definitions are validated, transitions are guarded, permitted, logged and serialised.

The engine is tested on a small "leave request" workflow over a throw-away model (an isolated app registry, its table
created once per session), so these tests do not depend on any app that uses the engine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.core.leave_workflow import LEAVE, effects_seen, leave_actions, leave_table_create
from tests.policy_matrix import Personas
from wisam.core.events import events_verify_chain
from wisam.core.models import DomainEvent
from wisam.core.workflow import (
    State,
    Transition,
    TransitionRefused,
    UnknownTransitionError,
    Workflow,
    workflow_history,
    workflow_options,
    workflow_register,
    workflow_start,
    workflow_transition,
)
from wisam.institutions.roles import Role


@pytest.fixture(autouse=True)
def _test_actions() -> Iterator[None]:
    with leave_actions():
        yield


@pytest.fixture(scope="session")
def leave_model(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        return leave_table_create()


@pytest.fixture
def leave(leave_model: Any, personas: Personas) -> Any:
    return workflow_start(
        model=leave_model, actor=personas.people["designer"], organisation_ref=personas.home.pk, reason="rest"
    )


def test_definitions_are_validated() -> None:
    with pytest.raises(ImproperlyConfigured, match="unknown states"):
        Workflow("bad", 1, "Bad", (State("a", "A"),), "a", (Transition("go", "Go", {"a"}, "b", "x"),))
    with pytest.raises(ImproperlyConfigured, match="initial state"):
        Workflow("bad", 1, "Bad", (State("a", "A"),), "z", ())
    with pytest.raises(ImproperlyConfigured, match="leaves terminal"):
        Workflow(
            "bad",
            1,
            "Bad",
            (State("a", "A"), State("b", "B", terminal=True)),
            "a",
            (Transition("go", "Go", {"a"}, "b", "x"), Transition("back", "Back", {"b"}, "a", "x")),
        )
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        workflow_register(Workflow("test.leave", 1, "Other", (State("a", "A"),), "a", ()))
    assert LEAVE.reachable() == {"draft", "asked", "refused", "granted"}


def test_start_and_a_permitted_transition_write_events(leave: Any, personas: Personas) -> None:
    # given a fresh leave request, when the designer asks
    assert leave.state == "draft"
    workflow_transition(subject_state=leave, transition="ask", actor=personas.people["designer"])
    # then the state moved and both steps are in the event log, with from/to
    assert leave.state == "asked"
    history = list(workflow_history(leave))
    assert [e.action for e in history] == ["test.leave.started", "test.leave.ask"]
    assert history[1].payload["from"] == "draft"
    assert history[1].payload["to"] == "asked"
    assert history[1].actor_id == personas.people["designer"].pk
    assert history[1].organisation_id == personas.home.pk
    assert events_verify_chain().ok


def test_illegal_transition_is_refused_with_the_states_it_needs(leave: Any, personas: Personas) -> None:
    with pytest.raises(TransitionRefused) as refused:
        workflow_transition(subject_state=leave, transition="grant", actor=personas.people["qa"])
    assert refused.value.code == "illegal"
    assert "Asked" in str(refused.value)
    assert "Draft" in str(refused.value)
    with pytest.raises(UnknownTransitionError):
        workflow_transition(subject_state=leave, transition="teleport", actor=personas.people["qa"])


def test_permission_is_asked_of_the_policy(leave: Any, personas: Personas, make_person: Any) -> None:
    # a QA officer may not ask on the designer's behalf, and a designer elsewhere may not either
    with pytest.raises(TransitionRefused) as refused:
        workflow_transition(subject_state=leave, transition="ask", actor=personas.people["qa"])
    assert refused.value.code == "forbidden"
    stranger = make_person("designer@other.test", personas.other, Role.MC_DESIGNER)
    with pytest.raises(TransitionRefused):
        workflow_transition(subject_state=leave, transition="ask", actor=stranger)
    assert leave.state == "draft"
    assert not DomainEvent.objects.filter(action="test.leave.ask").exists()


def test_guards_give_reasons_and_nothing_changes(leave: Any, personas: Personas) -> None:
    leave.reason = ""
    leave.save(update_fields=["reason"])
    with pytest.raises(TransitionRefused) as refused:
        workflow_transition(subject_state=leave, transition="ask", actor=personas.people["designer"])
    assert refused.value.code == "guard"
    assert refused.value.reasons == ["Say why you ask for leave."]
    leave.refresh_from_db()
    assert leave.state == "draft"


def test_required_comment_and_terminal_state(leave: Any, personas: Personas) -> None:
    workflow_transition(subject_state=leave, transition="ask", actor=personas.people["designer"])
    with pytest.raises(TransitionRefused) as refused:
        workflow_transition(subject_state=leave, transition="refuse", actor=personas.people["qa"], comment="  ")
    assert refused.value.code == "comment_required"
    workflow_transition(subject_state=leave, transition="refuse", actor=personas.people["qa"], comment="Busy week")
    assert workflow_history(leave).last().payload["comment"] == "Busy week"  # type: ignore[union-attr]
    workflow_transition(subject_state=leave, transition="ask", actor=personas.people["designer"])
    effects_seen.clear()
    workflow_transition(subject_state=leave, transition="grant", actor=personas.people["qa"])
    assert effects_seen == ["grant:granted"]
    assert leave.is_active is False
    with pytest.raises(TransitionRefused) as refused:
        workflow_transition(subject_state=leave, transition="refuse", actor=personas.people["qa"], comment="x")
    assert refused.value.code == "inactive"


def test_options_list_only_the_actors_buttons_with_reasons(leave: Any, personas: Personas) -> None:
    assert [o.name for o in workflow_options(subject_state=leave, actor=personas.people["qa"])] == []
    options = workflow_options(subject_state=leave, actor=personas.people["designer"])
    assert [(o.name, o.allowed) for o in options] == [("ask", True)]
    workflow_transition(subject_state=leave, transition="ask", actor=personas.people["designer"])
    leave.reason = "friday"
    leave.save(update_fields=["reason"])
    options = workflow_options(subject_state=leave, actor=personas.people["qa"])
    assert {o.name: (o.allowed, o.reasons) for o in options} == {
        "refuse": (True, ()),
        "grant": (False, ("No decisions on Fridays.",)),
    }


def test_a_stale_decision_loses_with_a_clear_error(leave: Any, leave_model: Any, personas: Personas) -> None:
    # given two officers who opened the same request
    workflow_transition(subject_state=leave, transition="ask", actor=personas.people["designer"])
    seen_by_first = leave_model.objects.get(pk=leave.pk)
    seen_by_second = leave_model.objects.get(pk=leave.pk)
    # when the first grants it, then the second's refusal (decided on a state that is gone) is refused
    workflow_transition(subject_state=seen_by_first, transition="grant", actor=personas.people["qa"])
    with pytest.raises(TransitionRefused) as refused:
        workflow_transition(
            subject_state=seen_by_second, transition="refuse", actor=personas.people["qa"], comment="no"
        )
    assert refused.value.code == "stale"
    assert "Granted" in str(refused.value)
    assert [e.action for e in workflow_history(leave)][-1] == "test.leave.grant"


def test_two_transitions_at_once_one_wins(tmp_path: Path) -> None:
    """Two threads take conflicting transitions at the same moment: one wins, the other is refused as stale.

    Runs in a subprocess on a SQLite file database (see workflow_race.py): real locks, real waiting.
    """
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env.update({"WISAM_VAR_DIR": str(tmp_path), "PYTHONPATH": str(root)})
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("workflow_race.py"))],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert sorted(report["outcomes"].values()) == ["stale", "won"], report
    assert report["decisions"] == 1
    assert report["chain_ok"]
