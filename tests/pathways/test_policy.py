"""The pathways app's permission matrix: every action × persona × object, asked both ways (`can` and `scope`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.pathways.conftest import issue, make_spec, spec
from tests.policy_matrix import ALL, Personas, assert_matrix
from wisam.core.i18n import bilingual
from wisam.institutions.roles import Role
from wisam.pathways import services
from wisam.pathways.models import ExternalCredential, StackedAward


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]


def _pathway(organisation: Any, code: str, rules: dict[str, Any], actor: Any) -> Any:
    return services.pathway_create(
        organisation=organisation,
        code=code,
        title=bilingual("مسار", "Pathway"),
        kind="open",
        target_kind="degree_credit",
        target_programme=bilingual("بكالوريوس", "BSc"),
        rules=rules,
        actor=actor,
    )


def _external(learner: Any, n: int) -> ExternalCredential:
    return ExternalCredential.objects.create(
        learner=learner, document="{}", document_sha256=f"{n:064d}", signature_valid=True, status_ok=True
    )


@pytest.fixture
def world(personas: Personas, make_person: Any, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path
    people = personas.people
    rules = {"rules": [{"id": "open", "type": "criteria", "min_credits": 10, "unit": "ECTS", "isced": ["06"]}]}
    own_draft = _pathway(personas.home, "draft", rules, people["designer"])
    own_published = _pathway(personas.home, "published", rules, people["designer"])
    services.pathway_version_transition(version=own_published, transition="submit", actor=people["designer"])
    services.pathway_version_transition(version=own_published, transition="recommend", actor=people["qa"])
    own_published = services.pathway_version_transition(
        version=own_published, transition="publish", actor=people["approver"]
    )
    other_designer = make_person("designer@other.test", personas.other, Role.MC_DESIGNER)
    other_draft = _pathway(personas.other, "other", rules, other_designer)
    version = make_spec(personas.home, "MC-P", spec("Policy"))
    credential = issue(version, people["learner"])
    own_request = services.recognition_request_create(
        learner=people["learner"], organisation=personas.home, issued=[credential], actor=people["learner"]
    )
    # A prior-learning request follows the same rules as one of credentials (its evidence is seen with the request).
    own_rpl_request = services.recognition_request_create(
        learner=people["learner"],
        organisation=personas.home,
        kind="prior_learning",
        description=bilingual("عمل", "Work"),
        started_on=date(2024, 1, 1),
        claimed=[version.micro_credential],
        evidence=[SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n")],
        actor=people["learner"],
    )
    someone = make_person("someone@learner.test", None, Role.LEARNER)
    other_request = services.recognition_request_create(
        learner=someone, organisation=personas.other, external=[_external(someone, 2)], actor=someone
    )
    award = StackedAward.objects.create(
        organisation=personas.home,
        pathway_version=own_published,
        learner=people["learner"],
        credential=credential,
        parts=[],
    )
    objects = {
        "own_org": personas.home,
        "other_org": personas.other,
        "own_draft_pathway": own_draft.pathway,
        "own_published_pathway": own_published.pathway,
        "other_draft_pathway": other_draft.pathway,
        "own_draft": own_draft,
        "own_published": own_published,
        "other_draft": other_draft,
        "learner_external": _external(people["learner"], 1),
        "other_external": ExternalCredential.objects.get(learner=someone),
        "own_request": own_request,
        "own_rpl_request": own_rpl_request,
        "other_request": other_request,
        "award": award,
        "nothing": None,
    }
    return World(people, objects)


STAFF = {"staff"}
HOME = {"admin", "designer", "qa", "approver", "registrar", "recognition", "staff"}

MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "pathway.create": {"own_org": {"designer", "staff"}, "other_org": STAFF},
    "pathway.evaluate_learners": {"own_org": {"recognition", "registrar", "approver", "staff"}, "other_org": STAFF},
    "pathway.view": {"own_draft_pathway": HOME, "own_published_pathway": ALL, "other_draft_pathway": STAFF},
    "pathway.follow": {"own_published_pathway": {"learner", "staff"}, "own_draft_pathway": STAFF},
    "pathway.new_version": {"own_published_pathway": {"designer", "staff"}, "other_draft_pathway": STAFF},
    "pathway_version.view": {"own_draft": HOME, "own_published": ALL, "other_draft": STAFF},
    "pathway_version.edit": {"own_draft": {"designer", "staff"}, "own_published": STAFF, "other_draft": STAFF},
    "pathway_version.submit": {"own_draft": {"designer", "staff"}, "other_draft": STAFF},
    "pathway_version.review": {"own_draft": {"qa", "staff"}, "other_draft": STAFF},
    "pathway_version.publish": {"own_draft": {"approver", "staff"}, "other_draft": STAFF},
    "pathway_version.recognise": {"own_published": {"aqac_officer", "staff"}, "own_draft": STAFF},
    "pathway_version.award": {"own_published": {"registrar", "staff"}, "own_draft": STAFF},
    "external_credential.upload": {"nothing": {"learner", "staff"}},
    "external_credential.view": {"learner_external": {"learner", "staff"}, "other_external": STAFF},
    "recognition_request.create": {"nothing": {"learner", "staff"}},
    "recognition_request.view": {
        "own_request": {"learner", "recognition", "approver", "staff"},
        "own_rpl_request": {"learner", "recognition", "approver", "staff"},
        "other_request": STAFF,
    },
    "recognition_request.review": {
        "own_request": {"recognition", "staff"},
        "own_rpl_request": {"recognition", "staff"},
        "other_request": STAFF,
    },
    "recognition_request.appeal": {
        "own_request": {"learner", "staff"},
        "own_rpl_request": {"learner", "staff"},
        "other_request": STAFF,
    },
    "recognition_request.decide_appeal": {
        "own_request": {"approver", "staff"},
        "own_rpl_request": {"approver", "staff"},
        "other_request": STAFF,
    },
    "stacked_award.view": {"award": {"learner", *HOME}},
}


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(world: World, action_name: str) -> None:
    assert_matrix(world.people, world.objects, action_name, MATRIX[action_name])
