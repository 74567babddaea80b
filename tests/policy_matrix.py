"""Helpers for permission-matrix tests: a person per role at a home and another institution, and the checker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wisam.core import policy

INSTITUTION = ("admin", "designer", "qa", "approver", "registrar", "recognition")
PERSONAS = (
    *INSTITUTION,
    "aqac_officer",
    "evaluator",
    "commission",
    "ministry",
    "employer",
    "learner",
    "anonymous",
    "staff",
)
ALL = frozenset(PERSONAS)
SIGNED_IN_AQAC = frozenset({"aqac_officer", "staff"})


@dataclass
class Personas:
    """`people` maps each persona name to a user; institution roles are held at `home`; `other` is a rival."""

    people: dict[str, Any]
    home: Any
    other: Any
    aqac: Any
    ministry: Any
    employer: Any
    other_admin: Any


def assert_matrix(people: dict[str, Any], objects: dict[str, Any], action_name: str, row: dict[str, Any]) -> None:
    """For each target object in `row`, exactly the personas listed may do the action — asked both ways."""
    declared = policy.action(action_name)
    failures = []
    for target, allowed in row.items():
        obj = objects[target]
        for persona in PERSONAS:
            user = people[persona]
            expected = persona in allowed
            if policy.can(user, action_name, obj) != expected:
                failures.append(f"can({persona}, {action_name}, {target}) should be {expected}")
            if declared.model is not None and obj is not None:
                in_scope = policy.scope(user, action_name, declared.model.objects.filter(pk=obj.pk)).exists()
                if in_scope != expected:
                    failures.append(f"scope({persona}, {action_name}) {'lacks' if expected else 'has'} {target}")
    assert not failures, "\n".join(failures)
