"""Who may see, create, edit, version, lint and export specifications: the whole role × action matrix."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import INSTITUTION, Personas, assert_matrix
from wisam.core import policy
from wisam.design.models import SpecificationVersion, VersionStatus
from wisam.design.services import micro_credential_create, specification_version_set_status

AQAC = {"aqac_officer", "evaluator", "commission"}
SEE_OWN = {*INSTITUTION, "staff"}


@pytest.fixture
def objects(personas: Personas) -> dict[str, Any]:
    def make(organisation: Any, code: str, status: str) -> SpecificationVersion:
        version = micro_credential_create(organisation=organisation, code=code, title="عنوان", actor=None)
        if status != VersionStatus.DRAFT:
            version = specification_version_set_status(version=version, status=status, actor=None)
        return version

    return {
        "own_org": personas.home,
        "other_org": personas.other,
        "own_draft": make(personas.home, "d", VersionStatus.DRAFT),
        "own_changes": make(personas.home, "c", VersionStatus.CHANGES_REQUESTED),
        "own_in_review": make(personas.home, "r", VersionStatus.IN_REVIEW),
        "own_ready": make(personas.home, "a", VersionStatus.READY_FOR_ACCREDITATION),
        "other_draft": make(personas.other, "d", VersionStatus.DRAFT),
        "other_ready": make(personas.other, "a", VersionStatus.READY_FOR_ACCREDITATION),
    }


_SEE = {
    "own_draft": SEE_OWN,
    "own_in_review": SEE_OWN,
    "own_ready": {*SEE_OWN, *AQAC},
    "other_draft": {"staff"},
    "other_ready": {*AQAC, "staff"},
}

MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "specification.view": _SEE,
    "specification.lint": _SEE,
    "specification.export": _SEE,
    "specification.create": {"own_org": {"designer", "staff"}, "other_org": {"staff"}},
    "specification.edit": {
        "own_draft": {"designer", "staff"},
        "own_changes": {"designer", "staff"},
        "own_in_review": {"staff"},
        "own_ready": {"staff"},
        "other_draft": {"staff"},
    },
    "specification.version": {
        "own_draft": {"designer", "staff"},
        "own_ready": {"designer", "staff"},
        "other_ready": {"staff"},
    },
}


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(personas: Personas, objects: dict[str, Any], action_name: str) -> None:
    assert_matrix(personas.people, objects, action_name, MATRIX[action_name])


def test_lists_show_no_draft_of_another_institution(personas: Personas, objects: dict[str, Any]) -> None:
    from wisam.design.selectors import specification_versions_visible

    seen = specification_versions_visible(user=personas.other_admin)
    assert set(seen) == {objects["other_draft"], objects["other_ready"]}
    evaluator = specification_versions_visible(user=personas.people["evaluator"])
    assert set(evaluator) == {objects["own_ready"], objects["other_ready"]}
    assert not policy.can(personas.other_admin, "specification.view", objects["own_draft"])
