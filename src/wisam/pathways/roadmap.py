"""Draw a learner's pathway roadmap as an accessible, right-to-left aware inline SVG (pure Python, no Django)."""

from __future__ import annotations

from collections.abc import Mapping

from wisam.pathways.engine.types import Evaluation, Pathway, Plan, Text

__all__ = ["render_roadmap"]


def render_roadmap(
    *,
    pathway: Pathway,
    evaluation: Evaluation,
    plan: Plan | None,
    titles: Mapping[str, Text],
    language: str,
    levels: Mapping[str, int | None],
) -> str:
    """An <svg role="img"> with <title>/<desc>: the pathway's micro-credentials as steps arranged by EQF level,
    marked completed / planned / still open; mirrored (starting on the right) when `language` is "ar"."""
    raise NotImplementedError
