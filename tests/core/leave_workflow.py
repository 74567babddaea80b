"""A small "leave request" workflow over a throw-away model, used to test the workflow engine on its own.

The model lives in an isolated app registry, so it never shows up in migrations; `leave_table_create()` makes its
table in whatever database the caller uses (the test database, or a file database in the race test).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.db import connection, models
from django.test.utils import isolate_apps

from wisam.core import policy
from wisam.core.policy import HasRole, declare, roles
from wisam.core.workflow import State, Transition, Workflow, WorkflowState, workflow_register
from wisam.institutions.roles import Role

TEST_ACTIONS = ("test_workflow.submit", "test_workflow.decide")


@contextmanager
def leave_actions() -> Iterator[None]:
    """Declare the test workflow's policy actions for the duration (so no permission matrix ever sees them)."""
    declare("test_workflow.submit", model=None, rule=HasRole(roles(Role.MC_DESIGNER)), description="test only")
    declare("test_workflow.decide", model=None, rule=HasRole(roles(Role.QA_OFFICER)), description="test only")
    try:
        yield
    finally:
        for name in TEST_ACTIONS:
            policy._ACTIONS.pop(name, None)


effects_seen: list[str] = []


def needs_reason(state: Any, actor: Any) -> list[str]:
    return [] if state.reason else ["Say why you ask for leave."]


def never_on_friday(state: Any, actor: Any) -> list[str]:
    return ["No decisions on Fridays."] if state.reason == "friday" else []


def remember(state: Any, actor: Any, transition: Transition) -> None:
    effects_seen.append(f"{transition.name}:{state.state}")


LEAVE = workflow_register(
    Workflow(
        name="test.leave",
        version=1,
        label="Leave request",
        states=(
            State("draft", "Draft"),
            State("asked", "Asked"),
            State("refused", "Refused"),
            State("granted", "Granted", terminal=True),
        ),
        initial="draft",
        transitions=(
            Transition("ask", "Ask", {"draft", "refused"}, "asked", "test_workflow.submit", guards=(needs_reason,)),
            Transition(
                "refuse", "Refuse", {"asked"}, "refused", "test_workflow.decide", comment_required=True, style="danger"
            ),
            Transition(
                "grant",
                "Grant",
                {"asked"},
                "granted",
                "test_workflow.decide",
                guards=(never_on_friday,),
                effects=(remember,),
            ),
        ),
    )
)


@cache
def leave_model() -> Any:
    from wisam.institutions.models import Organisation

    with isolate_apps("wisam.core"):

        class LeaveState(WorkflowState):
            WORKFLOW = LEAVE
            organisation_ref = models.IntegerField()
            reason = models.CharField(max_length=40, blank=True)

            class Meta:
                app_label = "core"
                db_table = "test_core_leave_state"

            @property
            def organisation(self) -> Organisation:
                return Organisation.objects.get(pk=self.organisation_ref)

    return LeaveState


def leave_table_create() -> Any:
    model = leave_model()
    with connection.schema_editor() as editor:
        editor.create_model(model)
    return model
