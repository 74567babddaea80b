"""Internal QA permissions: the role × action matrix for reviews, co-design and endorsements, asked both ways."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.policy_matrix import ALL, Personas, assert_matrix
from wisam.design.models import SpecificationVersion
from wisam.institutions.roles import OrganisationKind
from wisam.quality.models import CoDesignPartner, Endorsement, Review
from wisam.quality.services import review_start

TEAM = {"admin", "designer", "qa", "approver"}


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]


@pytest.fixture
def world(personas: Personas, make_version: Any, make_organisation: Any, checklists: Any) -> World:
    people = personas.people
    own = make_version("OWN-01")
    ready = make_version("READY-01")
    partnered = make_version("PARTNER-01")
    approved = make_version("APPROVED-01")
    other = make_version("OTHER-01", organisation=personas.other, actor=personas.other_admin)
    own_review = review_start(version=own)
    ready_review = review_start(version=ready)
    Review.objects.filter(pk=ready_review.pk).update(state="ready_for_accreditation", is_active=False)
    SpecificationVersion.objects.filter(pk=approved.pk).update(status="approved")
    CoDesignPartner.objects.create(
        micro_credential=partnered.micro_credential,
        kind="employer",
        partner_organisation=personas.employer,
        contribution={"en": "Skills list"},
        contributed_on="2026-01-10",
    )
    second_employer = make_organisation("second-employer", OrganisationKind.EMPLOYER)
    partner_endorsement = Endorsement.objects.create(
        micro_credential=partnered.micro_credential,
        organisation=personas.employer,
        endorsed_by=people["employer"],
        statement="We helped design it.",
    )
    approved_endorsement = Endorsement.objects.create(
        micro_credential=approved.micro_credential,
        organisation=second_employer,
        endorsed_by=people["employer"],
        statement="We will hire its holders.",
    )
    objects = {
        "own_review": own_review,
        "ready_review": Review.objects.get(pk=ready_review.pk),
        "other_review": review_start(version=other),
        "own_mc": own.micro_credential,
        "partnered_mc": partnered.micro_credential,
        "approved_mc": approved.micro_credential,
        "other_mc": other.micro_credential,
        "partner_endorsement": partner_endorsement,
        "approved_endorsement": approved_endorsement,
    }
    return World(people, objects)


MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "review.view": {
        "own_review": {*TEAM, "staff"},
        "ready_review": {*TEAM, "aqac_officer", "staff"},
        "other_review": {"staff"},
    },
    "review.submit": {"own_review": {"designer", "staff"}, "other_review": {"staff"}},
    "review.assess": {"own_review": {"qa", "staff"}, "other_review": {"staff"}},
    "review.approve": {"own_review": {"approver", "staff"}, "other_review": {"staff"}},
    "review.comment": {"own_review": {"designer", "qa", "approver", "staff"}, "other_review": {"staff"}},
    "codesign.view": {
        "own_mc": {*TEAM, "staff"},
        "partnered_mc": {*TEAM, "employer", "staff"},
        "other_mc": {"staff"},
    },
    "codesign.manage": {"own_mc": {"designer", "admin", "staff"}, "other_mc": {"staff"}},
    "endorsement.create": {
        "own_mc": {"staff"},
        "partnered_mc": {"employer", "staff"},
        "approved_mc": {"employer", "staff"},
        "other_mc": {"staff"},
    },
    "endorsement.view": {
        "partner_endorsement": {*TEAM, "employer", "staff"},
        "approved_endorsement": ALL,
    },
    "endorsement.withdraw": {"partner_endorsement": {"employer", "staff"}, "approved_endorsement": {"staff"}},
}


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(world: World, action_name: str) -> None:
    assert_matrix(world.people, world.objects, action_name, MATRIX[action_name])
