"""Permission rules for the insights app (see wisam.core.policy); tests/insights/test_policy.py holds the matrix.

The ministry's analysts, AQAC's officers and the commission see the nation. An institution's administrator,
approver and QA officer see their own institution beside the national median, never another institution's
unpublished figures. Employer representatives record their organisation's skill needs; the national viewers read
every need (they feed the alignment dashboard).
"""

from __future__ import annotations

from django.db.models import Q

from wisam.core.policy import HasRole, HasRoleAnywhere, Matches, declare, roles
from wisam.insights.models import SkillNeed
from wisam.institutions.models import Organisation
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS, Role

NATIONAL = roles(Role.MINISTRY_ANALYST, Role.AQAC_OFFICER, Role.COMMISSION_MEMBER)
INSTITUTION_VIEWERS = roles(Role.INSTITUTION_ADMIN, Role.INSTITUTIONAL_APPROVER, Role.QA_OFFICER)
EMPLOYER = roles(Role.EMPLOYER_REPRESENTATIVE)
# Only higher-education institutions have dashboards of their own (AQAC, ministries and employers do not).
_higher_education = Matches(lambda o: o.kind in HIGHER_EDUCATION_KINDS, Q(kind__in=HIGHER_EDUCATION_KINDS))

# "insights.view_national" (the nation's figures, every institution, every filter) is declared by the institutions
# app with the same national roles; the dashboards ask it.
declare(
    "insights.view_institution",
    model=Organisation,
    rule=_higher_education & (HasRole(INSTITUTION_VIEWERS, via="") | HasRoleAnywhere(NATIONAL)),
    description="See a higher-education institution's dashboards beside the national median.",
)
declare(
    "skill_need.add",
    model=Organisation,
    rule=HasRole(EMPLOYER, via=""),
    description="Record a skill need for the employer the representative works for.",
)
declare(
    "skill_need.view",
    model=SkillNeed,
    rule=HasRole(EMPLOYER) | HasRoleAnywhere(NATIONAL),
    description="Read a skill need (its employer's representatives and the national viewers).",
)
declare(
    "skill_need.change",
    model=SkillNeed,
    rule=HasRole(EMPLOYER),
    description="Edit or withdraw a skill need of the representative's employer.",
)
