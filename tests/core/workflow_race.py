"""Run by test_workflow.py in a subprocess against a fresh SQLite *file* database: two threads decide at once.

The test database is an in-memory shared-cache SQLite, where a second writer fails at once ("table is locked")
instead of waiting for the lock; a file database with a busy timeout behaves like production. Prints JSON.
"""

from __future__ import annotations

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wisam.settings")
sys.path.insert(0, os.getcwd())

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from tests.core.leave_workflow import leave_actions, leave_table_create  # noqa: E402
from wisam.core.events import events_verify_chain  # noqa: E402
from wisam.core.i18n import bilingual  # noqa: E402
from wisam.core.models import DomainEvent  # noqa: E402
from wisam.core.workflow import TransitionRefused, workflow_start, workflow_transition  # noqa: E402
from wisam.institutions.roles import Role  # noqa: E402
from wisam.institutions.services import membership_grant, organisation_create, user_create  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    model = leave_table_create()
    home = organisation_create(slug="home", kind="university_traditional", name=bilingual("بيت", "Home"))
    designer = user_create(email="d@home.test", full_name=bilingual("م", "D"))
    membership_grant(user=designer, organisation=home, role=Role.MC_DESIGNER)
    officers = []
    for name in ("a", "b"):
        officer = user_create(email=f"{name}@home.test", full_name=bilingual("ض", name))
        membership_grant(user=officer, organisation=home, role=Role.QA_OFFICER)
        officers.append(officer)
    leave = workflow_start(model=model, actor=designer, organisation_ref=home.pk, reason="rest")
    workflow_transition(subject_state=leave, transition="ask", actor=designer)
    connections.close_all()

    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(officer: object, transition: str) -> None:
        try:
            seen = model.objects.get(pk=leave.pk)
            barrier.wait(timeout=10)
            workflow_transition(subject_state=seen, transition=transition, actor=officer, comment="at once")
            outcomes[transition] = "won"
        except TransitionRefused as refused:
            outcomes[transition] = refused.code
        except Exception as error:
            outcomes[transition] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(officers[0], "grant")),
        threading.Thread(target=decide, args=(officers[1], "refuse")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    decisions = DomainEvent.objects.filter(action__in=["test.leave.grant", "test.leave.refuse"]).count()
    print(json.dumps({"outcomes": outcomes, "decisions": decisions, "chain_ok": events_verify_chain().ok}))


if __name__ == "__main__":
    with leave_actions():
        main()
