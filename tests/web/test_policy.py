"""The web shell's own actions in the role × action matrix (read by tests/core/test_policy.py for coverage)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import ALL, Personas, assert_matrix

MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "site.view_public": {"nothing": ALL},
    "account.view": {"own_account": {"designer", "staff"}, "other_account": {"registrar", "staff"}},
}


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(personas: Personas, action_name: str) -> None:
    objects: dict[str, Any] = {
        "nothing": None,
        "own_account": personas.people["designer"],
        "other_account": personas.people["registrar"],
    }
    assert_matrix(personas.people, objects, action_name, MATRIX[action_name])
