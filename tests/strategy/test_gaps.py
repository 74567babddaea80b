"""The team's gap rules (wisam.strategy.gaps): no QA lead, nobody or several accountable, nobody responsible."""

from __future__ import annotations

import pytest

from wisam.strategy.gaps import Member, TeamSnapshot, team_findings
from wisam.strategy.vocab import LifecycleStage, TeamRole

STAGES = LifecycleStage.values


def full_team() -> TeamSnapshot:
    """A strategic lead accountable everywhere, a QA lead responsible everywhere, both voices present."""
    members = [
        Member(1, 11, "Lead", TeamRole.STRATEGIC_LEAD),
        Member(2, 12, "QA", TeamRole.QA_LEAD),
        Member(3, 13, "Learner", TeamRole.LEARNER_REPRESENTATIVE),
        Member(4, 14, "Employer", TeamRole.EMPLOYER_LIAISON),
    ]
    raci = {(1, s): "A" for s in STAGES} | {(2, s): "R" for s in STAGES}
    return TeamSnapshot(members, raci)


def codes(team: TeamSnapshot) -> list[str]:
    return [f.code for f in team_findings(team)]


def test_a_complete_team_has_no_findings() -> None:
    assert team_findings(full_team()) == []


def test_an_empty_team_is_one_gap() -> None:
    assert codes(TeamSnapshot([])) == ["TEAM_EMPTY"]


def test_no_qa_lead() -> None:
    team = full_team()
    team = TeamSnapshot([m for m in team.members if m.team_role != TeamRole.QA_LEAD], team.raci)
    assert "TEAM_NO_QA_LEAD" in codes(team)


def test_nobody_accountable_for_a_stage() -> None:
    team = full_team()
    raci = dict(team.raci)
    del raci[(1, "issuance")]
    findings = [f for f in team_findings(TeamSnapshot(team.members, raci)) if f.code == "RACI_NO_ACCOUNTABLE"]
    assert [f.stage for f in findings] == ["issuance"]
    assert findings[0].severity == "gap"


def test_more_than_one_accountable() -> None:
    team = full_team()
    raci = dict(team.raci) | {(3, "design"): "A"}
    findings = [f for f in team_findings(TeamSnapshot(team.members, raci)) if f.code == "RACI_SEVERAL_ACCOUNTABLE"]
    assert [f.stage for f in findings] == ["design"]


@pytest.mark.parametrize("stage", STAGES)
def test_nobody_responsible(stage: str) -> None:
    team = full_team()
    raci = {key: letter for key, letter in team.raci.items() if key != (2, stage)}
    assert [f.stage for f in team_findings(TeamSnapshot(team.members, raci)) if f.code == "RACI_NO_RESPONSIBLE"] == [
        stage
    ]


def test_a_member_who_left_is_a_warning() -> None:
    team = full_team()
    members = [*team.members[:3], Member(4, 14, "Employer", TeamRole.EMPLOYER_LIAISON, is_current=False)]
    findings = team_findings(TeamSnapshot(members, team.raci))
    assert [(f.code, f.severity, f.member_id) for f in findings] == [("TEAM_MEMBER_LEFT", "warning", 4)]


def test_missing_external_voices_is_a_warning() -> None:
    team = full_team()
    members = team.members[:2]
    assert [(f.code, f.severity) for f in team_findings(TeamSnapshot(members, team.raci))] == [
        ("TEAM_NO_EXTERNAL_VOICE", "warning")
    ]
