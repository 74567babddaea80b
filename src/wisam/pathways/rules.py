"""Permission rules for pathways and recognition (see wisam.core.policy); tests/pathways/test_policy.py holds the matrix.

An institution's staff see its pathways, drafts included; everyone sees published (and retired) versions, nobody
from elsewhere sees a draft. Designers draft, the QA officer reviews, the approver publishes; AQAC officers record
AQAC's recognition of a published version; registrars issue the stacked credential. Learners follow pathways,
upload external credentials and ask for recognition; the receiving institution's recognition officer decides and
its approver decides appeals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from wisam.core.policy import HasRole, HasRoleAnywhere, IsUser, Matches, Rule, declare, roles
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role
from wisam.pathways.models import ExternalCredential, Pathway, PathwayVersion, RecognitionRequest, StackedAward
from wisam.pathways.workflow import VersionState

STAFF = roles(
    Role.INSTITUTION_ADMIN,
    Role.MC_DESIGNER,
    Role.QA_OFFICER,
    Role.INSTITUTIONAL_APPROVER,
    Role.REGISTRAR,
    Role.RECOGNITION_OFFICER,
)
DESIGNERS = roles(Role.MC_DESIGNER)
QA = roles(Role.QA_OFFICER)
APPROVER = roles(Role.INSTITUTIONAL_APPROVER)
REGISTRAR = roles(Role.REGISTRAR)
RECOGNITION = roles(Role.RECOGNITION_OFFICER)
DECIDERS = roles(Role.RECOGNITION_OFFICER, Role.INSTITUTIONAL_APPROVER)
EVALUATORS = roles(Role.RECOGNITION_OFFICER, Role.REGISTRAR, Role.INSTITUTIONAL_APPROVER)
AQAC_OFFICER = roles(Role.AQAC_OFFICER)

PUBLIC_STATES = (VersionState.PUBLISHED, VersionState.RETIRED)


_NOTHING = Q(pk__in=[])
_EVERYTHING = Q(pk__isnull=False)


@dataclass(frozen=True)
class IsLearner(Rule):
    """The user is a registered learner (learners hold no membership; they have a learner profile)."""

    def check(self, user: Any, obj: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active and hasattr(user, "learner_profile"))

    def q(self, user: Any) -> Q:
        return _EVERYTHING if self.check(user, None) else _NOTHING


_public_version = Matches(lambda v: v.state in PUBLIC_STATES, Q(state__in=PUBLIC_STATES))
_published_version = Matches(lambda v: v.state == VersionState.PUBLISHED, Q(state=VersionState.PUBLISHED))
_draft_version = Matches(lambda v: v.state == VersionState.DRAFT, Q(state=VersionState.DRAFT))
_public_pathway = Matches(
    lambda p: p.versions.filter(state__in=PUBLIC_STATES).exists(), Q(versions__state__in=PUBLIC_STATES)
)
_published_pathway = Matches(
    lambda p: p.versions.filter(state=VersionState.PUBLISHED).exists(), Q(versions__state=VersionState.PUBLISHED)
)

# On the organisation.
declare(
    "pathway.create",
    model=Organisation,
    rule=HasRole(DESIGNERS, via=""),
    description="Start a new pathway of the institution.",
)
declare(
    "pathway.evaluate_learners",
    model=Organisation,
    rule=HasRole(EVALUATORS, via=""),
    description="Evaluate the record of a learner who follows, or asked for recognition towards, the institution's "
    "pathways.",
)

# On pathways and their versions.
declare(
    "pathway.view",
    model=Pathway,
    rule=HasRole(STAFF) | _public_pathway,
    description="See a pathway: its institution's staff always; everyone once a version is published.",
)
declare(
    "pathway.follow",
    model=Pathway,
    rule=IsLearner() & _published_pathway,
    description="Follow a published pathway and see one's progress, plan and roadmap.",
)
declare(
    "pathway.new_version",
    model=Pathway,
    rule=HasRole(DESIGNERS),
    description="Start a new version of the pathway's rules.",
)
declare(
    "pathway_version.view",
    model=PathwayVersion,
    rule=HasRole(STAFF) | _public_version,
    description="See a pathway version and its rules (published and retired versions are public).",
)
declare(
    "pathway_version.edit",
    model=PathwayVersion,
    rule=HasRole(DESIGNERS) & _draft_version,
    description="Change the rules of a draft version.",
)
declare(
    "pathway_version.submit",
    model=PathwayVersion,
    rule=HasRole(DESIGNERS),
    description="Submit a draft version for review.",
)
declare(
    "pathway_version.review",
    model=PathwayVersion,
    rule=HasRole(QA),
    description="Review a submitted version: return it or recommend it for publication.",
)
declare(
    "pathway_version.publish",
    model=PathwayVersion,
    rule=HasRole(APPROVER),
    description="Publish, send back or retire a version for the institution.",
)
declare(
    "pathway_version.recognise",
    model=PathwayVersion,
    rule=HasRoleAnywhere(AQAC_OFFICER) & _published_version,
    description="Record AQAC's recognition of a published pathway version.",
)
declare(
    "pathway_version.award",
    model=PathwayVersion,
    rule=HasRole(REGISTRAR) & _published_version,
    description="Issue the stacked credential to a learner who completed the pathway.",
)

# Learners' own things.
declare(
    "external_credential.upload",
    model=None,
    rule=IsLearner(),
    description="Upload an external credential (verified on upload) to one's record.",
)
declare(
    "external_credential.view",
    model=ExternalCredential,
    rule=IsUser("learner"),
    description="See (and declare missing facts of) one's own uploaded credential.",
)
declare(
    "recognition_request.create",
    model=None,
    rule=IsLearner(),
    description="Ask an institution to recognise one's credentials.",
)
declare(
    "recognition_request.view",
    model=RecognitionRequest,
    rule=IsUser("learner") | HasRole(DECIDERS),
    description="See a recognition request: the learner; the receiving institution's recognition officer and approver.",
)
declare(
    "recognition_request.review",
    model=RecognitionRequest,
    rule=HasRole(RECOGNITION),
    description="Compare the credentials and decide (full, partial or refused).",
)
declare(
    "recognition_request.appeal",
    model=RecognitionRequest,
    rule=IsUser("learner"),
    description="Accept a decision or appeal it once; withdraw a request not yet reviewed.",
)
declare(
    "recognition_request.decide_appeal",
    model=RecognitionRequest,
    rule=HasRole(APPROVER),
    description="Decide an appeal (the approver; never the person who decided first).",
)
declare(
    "stacked_award.view",
    model=StackedAward,
    rule=IsUser("learner") | HasRole(STAFF),
    description="See a stacked credential and its parts.",
)
