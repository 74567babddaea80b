"""Pathway rule engine: parse pathway rules, evaluate a learner's record against them and plan what to take next.

Pure Python, no Django imports (like wisam.vc): explanations are bilingual {"ar", "en"} dicts built here.
"""

from .evaluate import evaluate, evaluate_many
from .plan import plan
from .rules import parse_pathway, pathway_to_data, referenced_keys
from .types import (
    Earned,
    Evaluation,
    Offer,
    Pathway,
    PathwayError,
    Plan,
    Problem,
    RuleResult,
    Text,
)

__all__ = [
    "Earned",
    "Evaluation",
    "Offer",
    "Pathway",
    "PathwayError",
    "Plan",
    "Problem",
    "RuleResult",
    "Text",
    "evaluate",
    "evaluate_many",
    "parse_pathway",
    "pathway_to_data",
    "plan",
    "referenced_keys",
]
