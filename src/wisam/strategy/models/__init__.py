"""The strategy app's models, one module per aggregate; only `wisam.strategy.services` writes them."""

from wisam.strategy.models.canvas import Strategy, StrategyVersion
from wisam.strategy.models.consultation import Consultation, ConsultationComment
from wisam.strategy.models.maturity import (
    IndicatorRating,
    MaturityAssessment,
    MaturityDimension,
    MaturityIndicator,
    MaturityLevel,
    MaturityModel,
    RoadmapAction,
)
from wisam.strategy.models.recommendations import Recommendation, RecommendationEvidence
from wisam.strategy.models.stakeholders import Engagement, OutcomeLink, Responsibility, Stakeholder
from wisam.strategy.models.team import RaciAssignment, TeamMember

__all__ = [
    "Consultation",
    "ConsultationComment",
    "Engagement",
    "IndicatorRating",
    "MaturityAssessment",
    "MaturityDimension",
    "MaturityIndicator",
    "MaturityLevel",
    "MaturityModel",
    "OutcomeLink",
    "RaciAssignment",
    "Recommendation",
    "RecommendationEvidence",
    "Responsibility",
    "RoadmapAction",
    "Stakeholder",
    "Strategy",
    "StrategyVersion",
    "TeamMember",
]
