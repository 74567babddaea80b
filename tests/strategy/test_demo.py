"""The strategy demo: every institution has a team, a strategy, a stakeholder map and two assessments a year apart;
the national register, the five recommendations and a consultation; loading twice adds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from wisam.core.demo import demo_load
from wisam.core.events import events_verify_chain
from wisam.institutions.models import Organisation
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS
from wisam.strategy.models import (
    Consultation,
    Engagement,
    MaturityAssessment,
    OutcomeLink,
    Recommendation,
    RoadmapAction,
    Stakeholder,
    StrategyVersion,
    TeamMember,
)
from wisam.strategy.selectors import maturity_profile, team_page


@pytest.fixture
def demo(db: Any) -> None:
    demo_load()


def test_strategy_demo(demo: None) -> None:
    """One full load (it is slow): the institutions, the national side, then idempotence."""
    check_institutions()
    check_national()
    check_idempotent()


def check_institutions() -> None:
    institutions = Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS)
    assert institutions.count() == 8
    for institution in institutions:
        assert TeamMember.objects.filter(organisation=institution).exists(), institution.slug
        assert StrategyVersion.objects.filter(strategy__organisation=institution).exists(), institution.slug
        assert Stakeholder.objects.filter(organisation=institution).count() >= 5, institution.slug
        assessments = list(MaturityAssessment.objects.filter(organisation=institution, status="submitted"))
        assert len(assessments) == 2, institution.slug
        days = abs((assessments[0].assessed_on - assessments[1].assessed_on).days)
        assert days == 365
        profile = maturity_profile(institution)
        assert profile.previous is not None
        assert profile.median is not None, "eight institutions: the national median is shown"
        assert RoadmapAction.objects.filter(organisation=institution).exists(), institution.slug
    karmil = Organisation.objects.get(slug="karmil")
    assert StrategyVersion.objects.filter(strategy__organisation=karmil).count() == 2
    # A college without a QA lead in its team sees the gap.
    marj = Organisation.objects.get(slug="marj-cc")
    assert "TEAM_NO_QA_LEAD" in {f.code for f in team_page(marj).findings}


def check_national() -> None:
    mohe = Organisation.objects.get(slug="mohe")
    assert Stakeholder.objects.filter(organisation=mohe).count() >= 10
    assert {s.kind for s in Stakeholder.objects.filter(organisation=mohe)} >= {
        "aqac",
        "ministry",
        "institution",
        "employer",
        "chamber",
        "professional_body",
        "learners",
        "ngo",
    }
    assert Engagement.objects.filter(organisation=mohe).exists()
    assert Recommendation.objects.count() == 5
    assert set(Recommendation.objects.values_list("expected_result", flat=True)) == {1, 2, 3, 4, 5}
    assert OutcomeLink.objects.exists()
    consultation = Consultation.objects.get()
    assert consultation.is_open
    assert consultation.comments.count() == 2


def check_idempotent() -> None:
    counts = (TeamMember.objects.count(), MaturityAssessment.objects.count(), Stakeholder.objects.count())
    demo_load()
    assert counts == (TeamMember.objects.count(), MaturityAssessment.objects.count(), Stakeholder.objects.count())
    assert events_verify_chain().ok
