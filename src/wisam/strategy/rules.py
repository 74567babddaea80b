"""Permission rules for the strategy app (see wisam.core.policy); tests/strategy/test_policy.py holds the matrix.

The institutional approver owns the strategy, the team and the roadmap; the institution's staff read them. The
ministry keeps the national stakeholder register and the recommendations; the ministry or AQAC edit maturity models.
"""

from __future__ import annotations

from django.db.models import Q

from wisam.core.policy import Everyone, HasRole, HasRoleAnywhere, IsUser, Matches, declare, roles
from wisam.institutions.models import Organisation
from wisam.institutions.roles import OrganisationKind, Role
from wisam.institutions.rules import ANY_MEMBER
from wisam.strategy.models import (
    Consultation,
    Engagement,
    MaturityAssessment,
    MaturityModel,
    Recommendation,
    RoadmapAction,
    Stakeholder,
)

STAFF = roles(
    Role.INSTITUTION_ADMIN,
    Role.MC_DESIGNER,
    Role.QA_OFFICER,
    Role.INSTITUTIONAL_APPROVER,
    Role.REGISTRAR,
    Role.RECOGNITION_OFFICER,
)
APPROVER = roles(Role.INSTITUTIONAL_APPROVER)
TEAM_MANAGERS = roles(Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN)
ASSESSORS = roles(Role.INSTITUTIONAL_APPROVER, Role.QA_OFFICER)
# Who keeps a register: the institution's approver, administrator, QA officer and designers (co-design); at a
# ministry, its analysts — a ministry's register is the national one.
REGISTER_KEEPERS = roles(
    Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN, Role.QA_OFFICER, Role.MC_DESIGNER, Role.MINISTRY_ANALYST
)
REGISTER_READERS = STAFF | roles(Role.MINISTRY_ANALYST)
MODEL_EDITORS = roles(Role.AQAC_OFFICER, Role.MINISTRY_ANALYST)
MINISTRY = roles(Role.MINISTRY_ANALYST)

_national_org = Matches(lambda org: org.kind == OrganisationKind.MINISTRY, Q(kind=OrganisationKind.MINISTRY))
_national_entry = Matches(
    lambda obj: obj.organisation.kind == OrganisationKind.MINISTRY, Q(organisation__kind=OrganisationKind.MINISTRY)
)
_draft = Matches(lambda obj: obj.status == "draft", Q(status="draft"))
_published = Matches(lambda obj: obj.status != "draft", ~Q(status="draft"))

# On the organisation: its team, strategy, register, self-assessments and roadmap.
declare(
    "strategy.view",
    model=Organisation,
    rule=HasRole(STAFF, via=""),
    description="Read the institution's MC team, strategy canvas, maturity assessments and roadmap.",
)
declare(
    "strategy.manage_team",
    model=Organisation,
    rule=HasRole(TEAM_MANAGERS, via=""),
    description="Add or remove team members and set the RACI matrix.",
)
declare(
    "strategy.edit_canvas",
    model=Organisation,
    rule=HasRole(APPROVER, via=""),
    description="Save a new version of the institutional strategy (the approver owns it).",
)
declare(
    "strategy.self_assess",
    model=Organisation,
    rule=HasRole(ASSESSORS, via=""),
    description="Start a maturity self-assessment.",
)
declare(
    "strategy.manage_roadmap",
    model=Organisation,
    rule=HasRole(APPROVER, via=""),
    description="Propose the roadmap from an assessment; add, assign and reschedule actions.",
)
declare(
    "strategy.view_register",
    model=Organisation,
    rule=HasRole(REGISTER_READERS, via="") | (_national_org & HasRoleAnywhere(ANY_MEMBER)),
    description="Read an organisation's stakeholder register (a ministry's is national: every member may read it).",
)
declare(
    "strategy.keep_register",
    model=Organisation,
    rule=HasRole(REGISTER_KEEPERS, via=""),
    description="Add stakeholders and record engagements in the organisation's register.",
)

# On objects.
declare(
    "stakeholder.view",
    model=Stakeholder,
    rule=HasRole(REGISTER_READERS) | (_national_entry & HasRoleAnywhere(ANY_MEMBER)),
    description="Read a stakeholder entry.",
)
declare(
    "stakeholder.change",
    model=Stakeholder,
    rule=HasRole(REGISTER_KEEPERS),
    description="Edit a stakeholder, its responsibilities per stage.",
)
declare(
    "engagement.view",
    model=Engagement,
    rule=HasRole(REGISTER_READERS) | (_national_entry & HasRoleAnywhere(ANY_MEMBER)),
    description="Read an engagement and its outcomes.",
)
declare(
    "engagement.change",
    model=Engagement,
    rule=HasRole(REGISTER_KEEPERS),
    description="Edit an engagement and link its outcomes to what they shaped.",
)
declare(
    "assessment.view",
    model=MaturityAssessment,
    rule=HasRole(STAFF),
    description="Read a self-assessment with its evidence.",
)
declare(
    "assessment.rate",
    model=MaturityAssessment,
    rule=HasRole(ASSESSORS) & _draft,
    description="Rate indicators and give evidence while the self-assessment is in progress.",
)
declare(
    "assessment.submit",
    model=MaturityAssessment,
    rule=HasRole(APPROVER) & _draft,
    description="Submit the self-assessment: its levels are frozen and count in the national median.",
)
declare(
    "roadmap.update",
    model=RoadmapAction,
    rule=HasRole(APPROVER) | IsUser("owner"),
    description="Change an action's status; the approver also reassigns and reschedules.",
)
declare(
    "maturity_model.view",
    model=MaturityModel,
    rule=(Everyone() & _published) | HasRoleAnywhere(MODEL_EDITORS),
    description="Read a maturity model (published versions are public; drafts only for the ministry and AQAC).",
)
declare(
    "maturity_model.manage",
    model=MaturityModel,
    rule=HasRoleAnywhere(MODEL_EDITORS),
    description="Draft, edit and publish maturity model versions.",
)
declare(
    "recommendation.view",
    model=Recommendation,
    rule=HasRoleAnywhere(ANY_MEMBER),
    description="Read the national recommendations tracker.",
)
declare(
    "recommendation.manage",
    model=Recommendation,
    rule=HasRoleAnywhere(MINISTRY),
    description="Record recommendations, their owners, status and evidence.",
)
declare(
    "recommendation.add",
    model=None,
    rule=HasRoleAnywhere(MINISTRY),
    description="Add a national recommendation.",
)
declare(
    "maturity_model.add",
    model=None,
    rule=HasRoleAnywhere(MODEL_EDITORS),
    description="Start a new maturity model version.",
)

# Consultations on drafts (guidelines, maturity models).

_open = Matches(lambda obj: obj.status == "open", Q(status="open"))
declare(
    "consultation.view",
    model=Consultation,
    rule=HasRoleAnywhere(ANY_MEMBER),
    description="Read a consultation, its comments and the answers.",
)
declare(
    "consultation.comment",
    model=Consultation,
    rule=HasRoleAnywhere(ANY_MEMBER) & _open,
    description="Comment on a criterion or indicator of a draft open for consultation.",
)
declare(
    "consultation.respond",
    model=Consultation,
    rule=HasRoleAnywhere(MODEL_EDITORS),
    description="Answer the comments and close the consultation (AQAC or the ministry).",
)
declare(
    "consultation.open",
    model=None,
    rule=HasRoleAnywhere(MODEL_EDITORS),
    description="Open a draft guideline or maturity model for consultation.",
)
