"""Permission rules for organisations, units, memberships, learners and the event log (see wisam.core.policy)."""

from __future__ import annotations

from wisam.core.models import DomainEvent
from wisam.core.policy import Everyone, HasRole, HasRoleAnywhere, IsUser, declare, roles
from wisam.institutions.models import LearnerProfile, Membership, Organisation
from wisam.institutions.roles import Role

ADMIN = roles(Role.INSTITUTION_ADMIN)
ANY_MEMBER = roles(*(r for r in Role if r != Role.LEARNER))
NATIONAL_OVERSIGHT = roles(Role.AQAC_OFFICER, Role.COMMISSION_MEMBER, Role.MINISTRY_ANALYST)

declare(
    "organisation.view",
    model=Organisation,
    rule=Everyone(),
    description="See an organisation's public profile (the national directory is public).",
)
declare(
    "organisation.change",
    model=Organisation,
    rule=HasRole(ADMIN, via=""),
    description="Edit an organisation's profile.",
)
declare(
    "organisation.manage_units",
    model=Organisation,
    rule=HasRole(ADMIN, via=""),
    description="Add or change faculties, departments and continuing-education centres.",
)
declare(
    "organisation.manage_members",
    model=Organisation,
    rule=HasRole(ADMIN, via=""),
    description="Give people roles in the organisation, or end them.",
)
declare(
    "organisation.view_members",
    model=Organisation,
    rule=HasRole(ANY_MEMBER, via="") | HasRoleAnywhere(roles(Role.AQAC_OFFICER)),
    description="See who holds which role in the organisation.",
)
declare(
    "membership.view",
    model=Membership,
    rule=IsUser("user") | HasRole(ADMIN) | HasRoleAnywhere(roles(Role.AQAC_OFFICER)),
    description="See a membership.",
)
declare(
    "membership.end",
    model=Membership,
    rule=HasRole(ADMIN),
    description="End someone's role in the organisation.",
)
declare(
    "learner.view_profile",
    model=LearnerProfile,
    rule=IsUser("user"),
    description="See a learner's own profile (only the learner).",
)
declare(
    "event.view",
    model=DomainEvent,
    rule=HasRole(roles(Role.INSTITUTION_ADMIN, Role.QA_OFFICER, Role.INSTITUTIONAL_APPROVER))
    | HasRoleAnywhere(roles(Role.AQAC_OFFICER)),
    description="Read the audit trail of an organisation's objects.",
)
declare(
    "insights.view_national",
    model=None,
    rule=HasRoleAnywhere(NATIONAL_OVERSIGHT),
    description="See national figures across all institutions.",
)
