"""Permission rules for accreditation (see wisam.core.policy); the public register and trust list are Everyone()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from wisam.accreditation.models import (
    Accreditation,
    Application,
    Evaluator,
    Guideline,
    Notification,
    RegisterEntry,
)
from wisam.core.policy import Everyone, HasRole, HasRoleAnywhere, IsUser, Rule, declare, roles
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role

_NOTHING = Q(pk__in=[])

APPLICANTS = roles(Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN)
INSTITUTION_READERS = roles(Role.INSTITUTION_ADMIN, Role.INSTITUTIONAL_APPROVER, Role.QA_OFFICER, Role.MC_DESIGNER)
OFFICERS = roles(Role.AQAC_OFFICER)
COMMISSION = roles(Role.COMMISSION_MEMBER)
AQAC_STAFF = roles(Role.AQAC_OFFICER, Role.COMMISSION_MEMBER)


@dataclass(frozen=True)
class OnPanel(Rule):
    """The user sits on the application's evaluation panel (optionally only as its chair)."""

    chair_only: bool = False

    def _filter(self, user: Any) -> dict[str, Any]:
        found: dict[str, Any] = {"panel__evaluator__user": user.pk}
        if self.chair_only:
            found["panel__role"] = "chair"
        return found

    def check(self, user: Any, obj: Any) -> bool:
        if obj is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if not has_evaluator_role(user):
            return False
        members = obj.panel.filter(evaluator__user=user)
        if self.chair_only:
            members = members.filter(role="chair")
        return members.exists()

    def q(self, user: Any) -> Q:
        if not getattr(user, "is_authenticated", False) or not user.is_active or not has_evaluator_role(user):
            return _NOTHING
        return Q(**self._filter(user))


def has_evaluator_role(user: Any) -> bool:
    from wisam.core.policy import has_role_anywhere

    return has_role_anywhere(user, roles(Role.AQAC_EVALUATOR))


# Guidelines: public, and published by AQAC officers.
declare("guideline.view", model=Guideline, rule=Everyone(), description="Read the national guideline (public).")
declare(
    "guideline.publish",
    model=None,
    rule=HasRoleAnywhere(OFFICERS),
    description="Load a new version of the national guideline and bring it into force.",
)

# Applications.
declare(
    "application.create",
    model=Organisation,
    rule=HasRole(APPLICANTS, via=""),
    description="Apply to AQAC for the accreditation of one of the institution's micro-credentials.",
)
declare(
    "application.view",
    model=Application,
    rule=HasRole(INSTITUTION_READERS) | HasRoleAnywhere(AQAC_STAFF) | OnPanel(),
    description="See an application, its documents, scores, decision and history.",
)
declare(
    "application.submit",
    model=Application,
    rule=HasRole(APPLICANTS),
    description="Attach documents, submit, withdraw, respond to conditions and appeal (the institution).",
)
declare(
    "application.screen",
    model=Application,
    rule=HasRoleAnywhere(OFFICERS),
    description="Screen for completeness, assign the panel, publish and close (AQAC officer).",
)
declare(
    "application.evaluate",
    model=Application,
    rule=OnPanel(),
    description="Score every criterion with a justification (panel members).",
)
declare(
    "application.report",
    model=Application,
    rule=OnPanel(chair_only=True) | HasRoleAnywhere(OFFICERS),
    description="Record a visit and write the panel report (the panel's chair, or an AQAC officer).",
)
declare(
    "application.decide",
    model=Application,
    rule=HasRoleAnywhere(COMMISSION),
    description="Decide: accredit, accredit with conditions, defer or refuse; rule on appeals (commission).",
)

# Evaluator registry.
declare(
    "evaluator.manage",
    model=None,
    rule=HasRoleAnywhere(OFFICERS),
    description="Keep the registry of evaluators: expertise and conflicts.",
)
declare(
    "evaluator.declare_conflict",
    model=Evaluator,
    rule=IsUser("user") | HasRoleAnywhere(OFFICERS),
    description="Declare a conflict of interest with an organisation (the evaluator or an officer).",
)

# Provider route.
declare(
    "self_accreditation.grant",
    model=Organisation,
    rule=HasRoleAnywhere(COMMISSION),
    description="Accredit an institution to self-accredit micro-credentials within limits.",
)
declare(
    "self_accreditation.notify",
    model=Organisation,
    rule=HasRole(APPLICANTS, via=""),
    description="Register a micro-credential by notification, within the institution's self-accreditation limits.",
)

# Register, monitoring and the trust list.
declare("register.view", model=RegisterEntry, rule=Everyone(), description="Search and read the public register.")
declare(
    "accreditation.monitor",
    model=Accreditation,
    rule=HasRoleAnywhere(AQAC_STAFF),
    description="Renew, suspend, reinstate or withdraw an accreditation.",
)
declare(
    "accreditation.view_own",
    model=Accreditation,
    rule=HasRole(INSTITUTION_READERS) | HasRoleAnywhere(AQAC_STAFF),
    description="See an institution's accreditations, with their deadlines.",
)
declare("trust_list.view", model=None, rule=Everyone(), description="Read the signed trust list (public).")
declare(
    "notification.view",
    model=Notification,
    rule=IsUser("user"),
    description="Read one's own notifications.",
)
