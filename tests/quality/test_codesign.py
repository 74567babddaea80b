"""Co-design partners and employer endorsements: validation, one endorsement per organisation, events."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.policy_matrix import Personas
from wisam.core.events import events_for
from wisam.institutions.roles import OrganisationKind, Role
from wisam.quality.selectors import codesign_partners, endorsable_micro_credentials, endorsements_for
from wisam.quality.services import (
    codesign_partner_add,
    codesign_partner_remove,
    endorsement_create,
    endorsement_withdraw,
)


def test_partners_are_recorded_with_their_input(personas: Personas, version: Any) -> None:
    mc = version.micro_credential
    designer = personas.people["designer"]
    employer = codesign_partner_add(
        micro_credential=mc,
        actor=designer,
        kind="employer",
        partner_organisation=personas.employer,
        contribution={"ar": "قائمة المهارات المطلوبة", "en": "The list of skills they need"},
        contributed_on=date(2026, 3, 1),
    )
    learners = codesign_partner_add(
        micro_credential=mc,
        actor=designer,
        kind="learners",
        name={"ar": "مجلس الطلبة", "en": "Student council"},
        contribution={"en": "Asked for evening sessions"},
        contributed_on=date(2026, 3, 5),
    )
    assert list(codesign_partners(micro_credential=mc)) == [employer, learners]
    assert employer.display_name == "Organisation employer"
    codesign_partner_remove(partner=learners, actor=designer)
    actions = [e.action for e in events_for(mc)]
    assert actions == [
        "quality.codesign.partner_added",
        "quality.codesign.partner_added",
        "quality.codesign.partner_removed",
    ]


@pytest.mark.parametrize(
    ("kwargs", "field_name"),
    [
        ({"kind": "alien"}, "kind"),
        ({"name": {}, "partner_organisation": None}, "name"),
        ({"contribution": {"ar": " ", "en": ""}}, "contribution"),
        ({"contributed_on": date.today() + timedelta(days=30)}, "contributed_on"),
    ],
)
def test_partner_validation_names_the_field(personas: Personas, version: Any, kwargs: dict, field_name: str) -> None:
    values: dict[str, Any] = {
        "kind": "other",
        "name": {"en": "Chamber of commerce"},
        "contribution": {"en": "Reviewed the outcomes"},
        "contributed_on": date(2026, 1, 1),
        **kwargs,
    }
    with pytest.raises(ValidationError) as error:
        codesign_partner_add(micro_credential=version.micro_credential, actor=personas.people["designer"], **values)
    assert field_name in error.value.message_dict


def test_an_employer_endorses_from_their_own_account(personas: Personas, version: Any) -> None:
    mc = version.micro_credential
    rep = personas.people["employer"]
    codesign_partner_add(
        micro_credential=mc,
        actor=personas.people["designer"],
        kind="employer",
        partner_organisation=personas.employer,
        contribution={"en": "Skills"},
        contributed_on=date(2026, 1, 1),
    )
    assert list(endorsable_micro_credentials(user=rep)) == [mc]
    endorsement = endorsement_create(micro_credential=mc, actor=rep, statement="We will hire graduates of this.")
    assert endorsement.organisation == personas.employer
    assert endorsement.version == version
    with pytest.raises(ValidationError) as error:
        endorsement_create(micro_credential=mc, actor=rep, statement="Once more, with feeling.")
    assert "organisation" in error.value.message_dict
    # visible to the institution's team on the specification page, and to the employer
    assert list(endorsements_for(micro_credential=mc, user=personas.people["qa"])) == [endorsement]
    assert list(endorsements_for(micro_credential=mc, user=personas.people["learner"])) == []
    endorsement_withdraw(endorsement=endorsement, actor=rep)
    assert list(endorsements_for(micro_credential=mc, user=personas.people["qa"])) == []
    assert [e.action for e in events_for(mc)][-2:] == ["quality.endorsement.created", "quality.endorsement.withdrawn"]
    # and a new endorsement is possible after withdrawing
    endorsement_create(micro_credential=mc, actor=rep, statement="We endorse the revised version.")


def test_endorsement_validation(personas: Personas, version: Any, make_organisation: Any, make_person: Any) -> None:
    mc = version.micro_credential
    with pytest.raises(ValidationError) as error:
        endorsement_create(micro_credential=mc, actor=personas.people["employer"], statement="short")
    assert "statement" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        endorsement_create(micro_credential=mc, actor=personas.people["designer"], statement="A designer cannot.")
    assert "organisation" in error.value.message_dict
    elsewhere = make_organisation("elsewhere", OrganisationKind.PROFESSIONAL_BODY)
    with pytest.raises(ValidationError) as error:
        endorsement_create(
            micro_credential=mc,
            actor=personas.people["employer"],
            statement="For someone else's body.",
            organisation=elsewhere,
        )
    assert "organisation" in error.value.message_dict
    both = make_person("both@employers.test", personas.employer, Role.EMPLOYER_REPRESENTATIVE)
    from wisam.institutions.services import membership_grant

    membership_grant(user=both, organisation=elsewhere, role=Role.EMPLOYER_REPRESENTATIVE)
    with pytest.raises(ValidationError, match="Choose the organisation"):
        endorsement_create(micro_credential=mc, actor=both, statement="Which of my two bodies?")
