"""Gap rules for a micro-credential programme team: each rule is a function from a snapshot to findings.

Add a rule by writing a function `(TeamSnapshot) -> list[Finding]` and listing it in TEAM_RULES.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wisam.strategy.vocab import LifecycleStage, Raci, TeamRole


@dataclass(frozen=True)
class Member:
    id: int
    user_id: int
    name: str
    team_role: str
    is_current: bool = True  # still holds a role in the institution


@dataclass(frozen=True)
class TeamSnapshot:
    members: Sequence[Member]
    raci: Mapping[tuple[int, str], str] = field(default_factory=dict)  # (member id, stage) → letter

    def letters(self, stage: str, letter: str) -> list[Member]:
        return [m for m in self.members if self.raci.get((m.id, stage)) == letter]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "gap" must be fixed; "warning" deserves a look
    message: str
    stage: str = ""
    member_id: int | None = None


def _stage_label(stage: str) -> str:
    return str(LifecycleStage(stage).label)


def rule_no_qa_lead(team: TeamSnapshot) -> list[Finding]:
    if any(m.team_role == TeamRole.QA_LEAD for m in team.members):
        return []
    return [Finding("TEAM_NO_QA_LEAD", "gap", _("The team has no QA lead."))]


def rule_no_strategic_lead(team: TeamSnapshot) -> list[Finding]:
    if any(m.team_role == TeamRole.STRATEGIC_LEAD for m in team.members):
        return []
    return [Finding("TEAM_NO_STRATEGIC_LEAD", "gap", _("The team has no strategic lead."))]


def rule_no_learner_voice(team: TeamSnapshot) -> list[Finding]:
    roles = {m.team_role for m in team.members}
    if TeamRole.LEARNER_REPRESENTATIVE in roles and TeamRole.EMPLOYER_LIAISON in roles:
        return []
    return [
        Finding(
            "TEAM_NO_EXTERNAL_VOICE",
            "warning",
            _("Nobody in the team speaks for learners or for employers (learner representative, employer liaison)."),
        )
    ]


def rule_accountable(team: TeamSnapshot) -> list[Finding]:
    findings = []
    for stage in LifecycleStage.values:
        accountable = team.letters(stage, Raci.ACCOUNTABLE)
        if not accountable:
            findings.append(
                Finding(
                    "RACI_NO_ACCOUNTABLE",
                    "gap",
                    _("Nobody is accountable for “%(stage)s”.") % {"stage": _stage_label(stage)},
                    stage=stage,
                )
            )
        elif len(accountable) > 1:
            findings.append(
                Finding(
                    "RACI_SEVERAL_ACCOUNTABLE",
                    "gap",
                    _("%(count)d people are accountable for “%(stage)s”; exactly one should be.")
                    % {"count": len(accountable), "stage": _stage_label(stage)},
                    stage=stage,
                )
            )
    return findings


def rule_responsible(team: TeamSnapshot) -> list[Finding]:
    return [
        Finding(
            "RACI_NO_RESPONSIBLE",
            "gap",
            _("Nobody is responsible for doing the work of “%(stage)s”.") % {"stage": _stage_label(stage)},
            stage=stage,
        )
        for stage in LifecycleStage.values
        if not team.letters(stage, Raci.RESPONSIBLE)
    ]


def rule_departed(team: TeamSnapshot) -> list[Finding]:
    return [
        Finding(
            "TEAM_MEMBER_LEFT",
            "warning",
            _("%(name)s no longer holds a role in the institution; hand over their team role.") % {"name": m.name},
            member_id=m.id,
        )
        for m in team.members
        if not m.is_current
    ]


TEAM_RULES: tuple[Callable[[TeamSnapshot], list[Finding]], ...] = (
    rule_no_strategic_lead,
    rule_no_qa_lead,
    rule_no_learner_voice,
    rule_accountable,
    rule_responsible,
    rule_departed,
)


def team_findings(team: TeamSnapshot) -> list[Finding]:
    if not team.members:
        return [Finding("TEAM_EMPTY", "gap", _("The institution has not formed its micro-credential team yet."))]
    return [finding for rule in TEAM_RULES for finding in rule(team)]
