"""Permission rules for micro-credential specifications (see wisam.core.policy).

Institution staff see their own institution's versions, drafts included; nobody from another institution sees a
draft. AQAC people see a version once the institution has submitted it for accreditation. Designers create and
edit their institution's specifications, and only while the version is editable (draft or changes requested).
"""

from __future__ import annotations

from django.db.models import Q

from wisam.core.policy import HasRole, HasRoleAnywhere, Matches, declare, roles
from wisam.design.models import AQAC_VISIBLE_STATUSES, EDITABLE_STATUSES, SpecificationVersion
from wisam.institutions.models import Organisation
from wisam.institutions.roles import AQAC_ROLES, Role

VIA = "micro_credential__organisation"
DESIGNERS = roles(Role.MC_DESIGNER)
INSTITUTION_STAFF = roles(
    Role.INSTITUTION_ADMIN,
    Role.MC_DESIGNER,
    Role.QA_OFFICER,
    Role.INSTITUTIONAL_APPROVER,
    Role.REGISTRAR,
    Role.RECOGNITION_OFFICER,
)
AQAC = roles(*AQAC_ROLES)

EDITABLE = Matches(lambda v: v.status in EDITABLE_STATUSES, Q(status__in=EDITABLE_STATUSES))
SUBMITTED_TO_AQAC = Matches(lambda v: v.status in AQAC_VISIBLE_STATUSES, Q(status__in=AQAC_VISIBLE_STATUSES))
SEE = HasRole(INSTITUTION_STAFF, via=VIA) | (HasRoleAnywhere(AQAC) & SUBMITTED_TO_AQAC)

declare(
    "specification.view",
    model=SpecificationVersion,
    rule=SEE,
    description="See a specification version: its institution's staff always; AQAC once submitted for accreditation.",
)
declare(
    "specification.create",
    model=Organisation,
    rule=HasRole(DESIGNERS, via=""),
    description="Start a new micro-credential for the institution.",
)
declare(
    "specification.edit",
    model=SpecificationVersion,
    rule=HasRole(DESIGNERS, via=VIA) & EDITABLE,
    description="Change a draft (or a version with changes requested) of the institution's specification.",
)
declare(
    "specification.version",
    model=SpecificationVersion,
    rule=HasRole(DESIGNERS, via=VIA),
    description="Start a new version from an existing one.",
)
declare(
    "specification.lint",
    model=SpecificationVersion,
    rule=SEE,
    description="Run the quality linter and read the quality report.",
)
declare(
    "specification.export",
    model=SpecificationVersion,
    rule=SEE,
    description="Export the specification (Europass ELM, Open Badges 3.0, printable sheet).",
)
