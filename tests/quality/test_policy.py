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


REVIEW_MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
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


@pytest.mark.parametrize("action_name", sorted(REVIEW_MATRIX))
def test_role_action_matrix(world: World, action_name: str) -> None:
    assert_matrix(world.people, world.objects, action_name, REVIEW_MATRIX[action_name])


# ------------------------------------------------------------------------------------------ the feedback loop


@pytest.fixture
def feedback_world(personas: Personas, make_version: Any) -> World:
    from tests.quality.feedback_fixtures import issue, released_version
    from wisam.quality.models import AnnualReview, Enrolment, SurveyInstrument

    people = personas.people
    released = released_version(personas.home, "REL-01")
    other_released = released_version(personas.other, "REL-02")
    draft = make_version("DRAFT-01")
    held = issue(released, people["learner"].email, user=people["learner"])
    unclaimed = issue(released, "someone@example.test")
    revoked = issue(released, "revoked@example.test", user=people["learner"])
    type(revoked).objects.filter(pk=revoked.pk).update(state="revoked")
    revoked.refresh_from_db()

    def enrol(version: Any, email: str, learner: Any = None) -> Enrolment:
        return Enrolment.objects.create(
            organisation=version.micro_credential.organisation,
            micro_credential=version.micro_credential,
            specification_version=version,
            learner=learner,
            learner_email=email,
            enrolled_on="2026-01-10",
        )

    def review(version: Any) -> AnnualReview:
        return AnnualReview.objects.create(
            organisation=version.micro_credential.organisation, micro_credential=version.micro_credential, year=2026
        )

    objects = {
        "instrument": SurveyInstrument.objects.order_by("pk").first(),
        "held": held,
        "unclaimed": unclaimed,
        "revoked": revoked,
        "released_mc": released.micro_credential,
        "other_released_mc": other_released.micro_credential,
        "draft_mc": draft.micro_credential,
        "home": personas.home,
        "other": personas.other,
        "own_enrolment": enrol(released, people["learner"].email, people["learner"]),
        "other_enrolment": enrol(other_released, "x@example.test"),
        "own_annual": review(released),
        "other_annual": review(other_released),
    }
    return World(people, objects)


READERS = {"admin", "designer", "qa", "approver"}
FEEDBACK_MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "survey_instrument.view": {"instrument": {"qa", "aqac_officer", "staff"}},
    "survey.answer_learner": {"held": {"learner", "staff"}, "unclaimed": {"staff"}, "revoked": {"staff"}},
    "survey.answer_employer": {
        "released_mc": {"employer", "staff"},
        "other_released_mc": {"employer", "staff"},
        "draft_mc": {"staff"},
    },
    "feedback.view": {"released_mc": {*READERS, "staff"}, "other_released_mc": {"staff"}},
    "kpi.view_organisation": {"home": {*READERS, "registrar", "staff"}, "other": {"staff"}},
    "enrolment.manage": {"home": {"registrar", "staff"}, "other": {"staff"}},
    "enrolment.view": {
        "own_enrolment": {"registrar", "qa", "admin", "learner", "staff"},
        "other_enrolment": {"staff"},
    },
    "annual_review.start": {"released_mc": {"qa", "staff"}, "other_released_mc": {"staff"}},
    "annual_review.view": {"own_annual": {*READERS, "staff"}, "other_annual": {"staff"}},
    "annual_review.manage": {"own_annual": {"qa", "staff"}, "other_annual": {"staff"}},
}


@pytest.mark.parametrize("action_name", sorted(FEEDBACK_MATRIX))
def test_feedback_role_action_matrix(feedback_world: World, action_name: str) -> None:
    assert_matrix(feedback_world.people, feedback_world.objects, action_name, FEEDBACK_MATRIX[action_name])


# Every action of the app, for the global check in tests/core/test_policy.py.
MATRIX = {**REVIEW_MATRIX, **FEEDBACK_MATRIX}
