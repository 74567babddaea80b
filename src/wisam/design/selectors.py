"""Reads for micro-credential specifications: visible versions, comparisons, the alignment matrix, lint reports.

Other apps use:

- `lint_specification(version) -> LintReport` (re-exported from `wisam.design.linter`): `report.has_blocking`,
  `report.blocking` (findings), `report.findings`, `report.blocks` (per block: findings and readiness),
  `report.as_dict()`; each finding has `code`, `severity`, `block`, `element`, `field`, `target`, `message`.
- `specification_versions_visible(*, user, action="specification.view")` and `specification_version_latest`.
- `specification_versions_compare(a, b) -> VersionComparison`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, OuterRef, QuerySet, Subquery

from wisam.core.i18n import translated
from wisam.core.policy import scope
from wisam.design.blocks import blocks
from wisam.design.linter import LintReport, lint_specification
from wisam.design.models import MicroCredential, SpecificationVersion

__all__ = [
    "AlignmentMatrix",
    "Difference",
    "LintReport",
    "VersionComparison",
    "alignment_matrix",
    "lint_specification",
    "micro_credential_versions",
    "specification_version_latest",
    "specification_versions_compare",
    "specification_versions_latest_visible",
    "specification_versions_visible",
]


def specification_versions_visible(*, user: Any, action: str = "specification.view") -> QuerySet[SpecificationVersion]:
    """Every version `user` may do `action` on (default: see)."""
    return scope(user, action, SpecificationVersion.objects.select_related("micro_credential__organisation"))


def specification_versions_latest_visible(*, user: Any) -> list[SpecificationVersion]:
    """For each micro-credential the user can see, the newest version they can see."""
    visible = specification_versions_visible(user=user)
    newest = visible.filter(micro_credential=OuterRef("micro_credential")).order_by("-number").values("pk")[:1]
    return list(
        visible.filter(pk=Subquery(newest))
        .select_related("micro_credential__organisation", "micro_credential__unit")
        .order_by("micro_credential__organisation__slug", "micro_credential__code")
    )


def specification_version_latest(*, micro_credential: MicroCredential) -> SpecificationVersion | None:
    return micro_credential.versions.order_by("-number").first()


def specification_versions_latest_of(micro_credentials: Iterable[Any]) -> dict[int, SpecificationVersion]:
    """The latest specification version of each micro-credential (objects or ids), by micro-credential id, in one
    query (with the micro-credential and its institution)."""
    ids = [getattr(mc, "pk", mc) for mc in micro_credentials]
    latest: dict[int, SpecificationVersion] = {}
    for version in (
        SpecificationVersion.objects.filter(micro_credential_id__in=ids)
        .select_related("micro_credential__organisation")
        .order_by("micro_credential_id", "-number")
    ):
        latest.setdefault(version.micro_credential_id, version)
    return latest


def micro_credential_versions(*, micro_credential: MicroCredential, user: Any) -> QuerySet[SpecificationVersion]:
    return specification_versions_visible(user=user).filter(micro_credential=micro_credential).order_by("-number")


def micro_credential_next_number(*, micro_credential: MicroCredential) -> int:
    return int(micro_credential.versions.aggregate(top=Max("number"))["top"] or 0) + 1


# --- comparison --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One field that differs: `path` is "title" or "outcomes[2].text"; `kind` is changed / added / removed."""

    path: str
    block: str
    label: str
    kind: str
    before: Any
    after: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "block": self.block,
            "label": self.label,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class VersionComparison:
    a: SpecificationVersion
    b: SpecificationVersion
    differences: tuple[Difference, ...] = field(default_factory=tuple)

    @property
    def identical(self) -> bool:
        return not self.differences

    def by_block(self) -> list[tuple[Any, list[Difference]]]:
        return [(block, [d for d in self.differences if d.block == block.id]) for block in blocks()]


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value.__class__.__name__ == "Decimal":
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


def _children(version: SpecificationVersion) -> dict[str, list[dict[str, Any]]]:
    """Each child list as comparable dicts; links to outcomes become outcome positions (1-based)."""
    outcomes = list(version.outcomes.all())
    position = {o.pk: n for n, o in enumerate(outcomes, start=1)}

    def links(item: Any) -> list[int]:
        return sorted(position[o.pk] for o in item.outcomes.all() if o.pk in position)

    return {
        "outcomes": [{"text": o.text, "skills": list(o.skills)} for o in outcomes],
        "activities": [
            {"title": a.title, "description": a.description, "kind": a.kind, "hours": a.hours, "outcomes": links(a)}
            for a in version.activities.prefetch_related("outcomes")
        ],
        "assessments": [
            {
                "title": a.title,
                "method": a.method,
                "purpose": a.purpose,
                "weighting": a.weighting,
                "criteria": a.criteria,
                "outcomes": links(a),
            }
            for a in version.assessments.prefetch_related("outcomes")
        ],
        "kpis": [{"name": k.name, "target": k.target, "instrument": k.instrument} for k in version.kpis.all()],
    }


def _block_of(name: str) -> str:
    for block in blocks():
        if name in block.fields:
            return block.id
    return ""


def specification_versions_compare(a: SpecificationVersion, b: SpecificationVersion) -> VersionComparison:
    """Field-by-field differences from `a` to `b`, children included (matched by position)."""
    from wisam.design.services import VERSION_FIELDS

    differences: list[Difference] = []
    for name in VERSION_FIELDS:
        before, after = _plain(getattr(a, name)), _plain(getattr(b, name))
        if before != after and not (before in (None, "", {}, []) and after in (None, "", {}, [])):
            label = str(getattr(SpecificationVersion._meta.get_field(name), "verbose_name", name))
            differences.append(Difference(name, _block_of(name), label, "changed", before, after))
    children_a, children_b = _children(a), _children(b)
    for name in ("outcomes", "activities", "assessments", "kpis"):
        list_a, list_b = children_a[name], children_b[name]
        for index in range(max(len(list_a), len(list_b))):
            label = f"{name[:-1] if name != 'activities' else 'activity'} {index + 1}"
            if index >= len(list_a):
                differences.append(
                    Difference(f"{name}[{index + 1}]", _block_of(name), label, "added", None, list_b[index])
                )
            elif index >= len(list_b):
                differences.append(
                    Difference(f"{name}[{index + 1}]", _block_of(name), label, "removed", list_a[index], None)
                )
            else:
                for key, before in list_a[index].items():
                    after = list_b[index][key]
                    if before != after:
                        differences.append(
                            Difference(
                                f"{name}[{index + 1}].{key}",
                                _block_of(name),
                                f"{label}: {key}",
                                "changed",
                                before,
                                after,
                            )
                        )
    return VersionComparison(a, b, tuple(differences))


# --- alignment matrix --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlignmentRow:
    outcome: Any
    position: int
    activities: tuple[bool, ...]
    assessments: tuple[bool, ...]

    @property
    def assessed(self) -> bool:
        return any(self.assessments)

    @property
    def taught(self) -> bool:
        return any(self.activities)


@dataclass(frozen=True)
class AlignmentMatrix:
    """Outcomes (rows) × activities and assessments (columns): which develops and which assesses each outcome."""

    activities: tuple[Any, ...]
    assessments: tuple[Any, ...]
    rows: tuple[AlignmentRow, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "activities": [translated(a.title) for a in self.activities],
            "assessments": [translated(a.title) for a in self.assessments],
            "rows": [
                {
                    "outcome": translated(r.outcome.text),
                    "activities": list(r.activities),
                    "assessments": list(r.assessments),
                }
                for r in self.rows
            ],
        }


def alignment_matrix(version: SpecificationVersion) -> AlignmentMatrix:
    outcomes = list(version.outcomes.all())
    activities = tuple(version.activities.prefetch_related("outcomes"))
    assessments = tuple(version.assessments.prefetch_related("outcomes"))
    activity_links = [{o.pk for o in a.outcomes.all()} for a in activities]
    assessment_links = [{o.pk for o in a.outcomes.all()} for a in assessments]
    rows = tuple(
        AlignmentRow(
            outcome=outcome,
            position=n,
            activities=tuple(outcome.pk in links for links in activity_links),
            assessments=tuple(outcome.pk in links for links in assessment_links),
        )
        for n, outcome in enumerate(outcomes, start=1)
    )
    return AlignmentMatrix(activities, assessments, rows)


def quality_report(version: SpecificationVersion) -> LintReport:
    """Alias of `lint_specification`, for templates and readers who look for "the quality report"."""
    return lint_specification(version)
