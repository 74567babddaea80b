"""The accreditation role × action matrix, asked both ways (`can` and `scope`) for every cell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from tests.accreditation.conftest import World
from tests.policy_matrix import ALL, Personas, assert_matrix
from wisam.accreditation import services
from wisam.accreditation.models import Evaluator, Notification

INSTITUTION_READERS = {"admin", "approver", "qa", "designer"}
APPLICANTS = {"admin", "approver"}
AQAC_STAFF = {"aqac_officer", "commission"}


@dataclass
class Objects:
    people: dict[str, Any]
    objects: dict[str, Any]


@pytest.fixture
def matrix_world(world: World, make_person: Any) -> Objects:
    personas: Personas = world.personas
    people = dict(personas.people)
    own = world.in_evaluation("OWN-01")
    # an application of another institution, with no panel
    other_version = world.make_ready_version("OTHER-01", organisation=personas.other)
    other = services.application_create(version=other_version, actor=personas.other_admin)
    today = date.today()
    with transaction.atomic():
        entry = services.register_entry_save(
            fields={
                "organisation": personas.home,
                "title": {"ar": "عنوان", "en": "Title"},
                "institution_name": dict(personas.home.name),
                "institution_slug": personas.home.slug,
            },
            valid_from=today,
            valid_until=today + timedelta(days=400),
            route="panel",
            actor=None,
        )
        from wisam.accreditation.models import Accreditation

        accreditation = Accreditation.objects.create(
            organisation=personas.home, entry=entry, valid_from=today, valid_until=today + timedelta(days=400)
        )
        other_entry = services.register_entry_save(
            fields={
                "organisation": personas.other,
                "title": {"ar": "آخر", "en": "Other"},
                "institution_name": dict(personas.other.name),
                "institution_slug": personas.other.slug,
            },
            valid_from=today,
            valid_until=today + timedelta(days=400),
            route="panel",
            actor=None,
        )
        other_accreditation = Accreditation.objects.create(
            organisation=personas.other, entry=other_entry, valid_from=today, valid_until=today + timedelta(days=400)
        )
    own_notification = Notification.objects.create(user=people["approver"], subject="x")
    other_notification = Notification.objects.create(user=people["qa"], subject="y")
    objects = {
        "own_application": own,
        "other_application": other,
        "own_org": personas.home,
        "other_org": personas.other,
        "guideline": world.guideline,
        "entry": entry,
        "own_accreditation": accreditation,
        "other_accreditation": other_accreditation,
        "evaluator_self": world.evaluator,
        "other_evaluator": Evaluator.objects.get(pk=world.second.pk),
        "own_notification": own_notification,
        "other_notification": other_notification,
        "nothing": None,
    }
    return Objects(people, objects)


# The persona "evaluator" chairs the panel of `own_application` (see conftest.World.in_evaluation).
MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "guideline.view": {"guideline": ALL},
    "guideline.publish": {"nothing": {"aqac_officer", "staff"}},
    "application.create": {"own_org": {*APPLICANTS, "staff"}, "other_org": {"staff"}},
    "application.view": {
        "own_application": {*INSTITUTION_READERS, *AQAC_STAFF, "evaluator", "staff"},
        "other_application": {*AQAC_STAFF, "staff"},
    },
    "application.submit": {"own_application": {*APPLICANTS, "staff"}, "other_application": {"staff"}},
    "application.screen": {
        "own_application": {"aqac_officer", "staff"},
        "other_application": {"aqac_officer", "staff"},
    },
    "application.evaluate": {"own_application": {"evaluator", "staff"}, "other_application": {"staff"}},
    "application.report": {
        "own_application": {"evaluator", "aqac_officer", "staff"},
        "other_application": {"aqac_officer", "staff"},
    },
    "application.decide": {
        "own_application": {"commission", "staff"},
        "other_application": {"commission", "staff"},
    },
    "evaluator.manage": {"nothing": {"aqac_officer", "staff"}},
    "evaluator.declare_conflict": {
        "evaluator_self": {"evaluator", "aqac_officer", "staff"},
        "other_evaluator": {"aqac_officer", "staff"},
    },
    "self_accreditation.grant": {"own_org": {"commission", "staff"}, "other_org": {"commission", "staff"}},
    "self_accreditation.notify": {"own_org": {*APPLICANTS, "staff"}, "other_org": {"staff"}},
    "register.view": {"entry": ALL},
    "accreditation.monitor": {
        "own_accreditation": {*AQAC_STAFF, "staff"},
        "other_accreditation": {*AQAC_STAFF, "staff"},
    },
    "accreditation.view_own": {
        "own_accreditation": {*INSTITUTION_READERS, *AQAC_STAFF, "staff"},
        "other_accreditation": {*AQAC_STAFF, "staff"},
    },
    "trust_list.view": {"nothing": ALL},
    "notification.view": {"own_notification": {"approver", "staff"}, "other_notification": {"qa", "staff"}},
}


def test_role_action_matrix(matrix_world: Objects) -> None:
    # One world for every row: building the applications is the slow part.
    failures = []
    for action_name in sorted(MATRIX):
        try:
            assert_matrix(matrix_world.people, matrix_world.objects, action_name, MATRIX[action_name])
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)
