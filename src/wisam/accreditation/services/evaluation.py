"""Evaluation by the panel: score sheets (pre-filled by the linter), visits and the panel report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Application,
    CriterionScore,
    Decision,
    Evaluator,
    GuidelineCriterion,
    PanelReport,
    Score,
    Visit,
)
from wisam.accreditation.services.common import _lock, _record, _touch, _user, logger
from wisam.accreditation.workflow import ApplicationState as S

_SEVERITY_SCORE = {"blocking": Score.NOT_MET, "warning": Score.PARTIALLY_MET}


def linter_prefill(application: Application) -> dict[int, tuple[str, str]]:
    """{criterion id: (score, justification)} for the criteria the design linter decides."""
    if application.guideline_id is None:
        return {}
    try:
        from wisam.design.linter import lint_specification

        report = lint_specification(application.specification_version)
    except Exception:  # the linter is another app's; an evaluator can always score by hand
        logger.exception("linter unavailable for %s", application.reference)
        return {}
    result: dict[int, tuple[str, str]] = {}
    criteria = GuidelineCriterion.objects.filter(standard__guideline_id=application.guideline_id or 0)
    for criterion in criteria:
        codes = set(criterion.linter_codes or [])
        if not codes:
            continue
        found = [f for f in report.findings if f.code in codes]
        severities = {str(f.severity) for f in found}
        score = Score.MET
        for severity in ("blocking", "warning"):
            if severity in severities:
                score = _SEVERITY_SCORE[severity]
                break
        relevant = [f for f in found if str(f.severity) in ("blocking", "warning")]
        if relevant:
            text = _("Pre-filled from the quality linter: ") + " ".join(
                f"[{f.code}] {f.message.get('en') or f.message.get('ar', '')}" for f in relevant[:5]
            )
        else:
            text = _("Pre-filled from the quality linter: no finding on %(codes)s.") % {
                "codes": ", ".join(sorted(codes))
            }
        result[criterion.pk] = (score, text)
    return result


def scores_prefill(*, application: Application) -> int:
    """Give every panel member a score sheet; criteria the linter decides are pre-filled (to be confirmed)."""
    proposals = linter_prefill(application)
    criteria = list(GuidelineCriterion.objects.filter(standard__guideline_id=application.guideline_id or 0))
    created = 0
    for member in application.panel.select_related("evaluator"):
        for criterion in criteria:
            score, text = proposals.get(criterion.pk, ("", ""))
            _row, made = CriterionScore.objects.get_or_create(
                application=application,
                evaluator=member.evaluator,
                criterion=criterion,
                defaults={"score": score, "justification": text, "prefilled": bool(score)},
            )
            created += int(made)
    return created


@transaction.atomic
def score_record(
    *,
    application: Application,
    evaluator: Evaluator,
    criterion: GuidelineCriterion,
    score: str,
    justification: str,
    actor: Any,
) -> CriterionScore:
    """An evaluator's score of one criterion; a justification is always required."""
    return scores_record(
        application=application, evaluator=evaluator, scores={criterion: (score, justification)}, actor=actor
    )[0]


@transaction.atomic
def scores_record(
    *,
    application: Application,
    evaluator: Evaluator,
    scores: Mapping[GuidelineCriterion, tuple[str, str]],
    actor: Any,
) -> list[CriterionScore]:
    """An evaluator's scores of several criteria, all or nothing: every score is checked before any is saved.

    Errors are keyed `score-<criterion id>` / `justification-<criterion id>` so a form can show each next to its
    criterion. One event records the whole set.
    """
    locked = _lock(application, states=(S.EVALUATION,))
    if not locked.panel.filter(evaluator=evaluator).exists():
        raise ValidationError(_("Only members of the panel score this application."), code="not_on_panel")
    errors: dict[str, str] = {}
    cleaned: list[tuple[GuidelineCriterion, str, str]] = []
    for criterion, (score, justification) in scores.items():
        if criterion.standard.guideline_id != locked.guideline_id:
            raise ValidationError(_("This criterion is not in the guideline the application is judged against."))
        if score not in Score.values:
            errors[f"score-{criterion.pk}"] = _("Choose met, partially met, not met or not applicable.")
        text = (justification or "").strip()
        if not text:
            errors[f"justification-{criterion.pk}"] = _("Justify the score: say what evidence you relied on.")
        cleaned.append((criterion, score, text))
    if errors:
        if len(scores) == 1:
            # A single score keeps the plain field names the one-criterion callers expect.
            raise ValidationError({key.split("-", 1)[0]: message for key, message in errors.items()})
        raise ValidationError(errors)
    rows = []
    for criterion, score, text in cleaned:
        row, _created = CriterionScore.objects.update_or_create(
            application=locked,
            evaluator=evaluator,
            criterion=criterion,
            defaults={"score": score, "justification": text, "prefilled": False},
        )
        rows.append(row)
    _touch(locked)
    _record(
        "scored",
        locked,
        actor,
        {"evaluator": evaluator.user.email, "scores": {c.code: score for c, score, _t in cleaned}},
    )
    return rows


@transaction.atomic
def visit_record(
    *, application: Application, kind: str, on: date, participants: str, findings: str, actor: Any
) -> Visit:
    locked = _lock(application, states=(S.EVALUATION,))
    if not (findings or "").strip():
        raise ValidationError({"findings": _("Record what the panel found during the visit.")})
    visit = Visit(
        application=locked, kind=kind, date=on, participants=participants, findings=findings, recorded_by=_user(actor)
    )
    visit.full_clean(exclude=["application", "recorded_by"])
    visit.save()
    _touch(locked)
    _record("visit_recorded", locked, actor, {"kind": kind, "date": on.isoformat()})
    return visit


_SEVERITY: dict[str, int] = {Score.NOT_MET: 0, Score.PARTIALLY_MET: 1, Score.MET: 2, Score.NOT_APPLICABLE: 3}


def scores_consolidate(application: Application) -> dict[str, str]:
    """One score per criterion: the panel's most frequent score; a tie goes to the more severe one."""
    by_criterion: dict[str, list[str]] = {}
    for row in CriterionScore.objects.filter(application=application).select_related("criterion"):
        if row.score and not row.prefilled:
            by_criterion.setdefault(row.criterion.code, []).append(row.score)
    result = {}
    for code, scores in by_criterion.items():
        counts = Counter(scores)
        result[code] = sorted(counts, key=lambda s: (-counts[s], _SEVERITY.get(s, 9)))[0]
    return result


@transaction.atomic
def report_write(
    *,
    application: Application,
    summary: str,
    recommendation: str,
    actor: Any,
    overrides: Mapping[str, str] | None = None,
) -> PanelReport:
    locked = _lock(application, states=(S.EVALUATION,))
    if recommendation not in Decision.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Summarise the panel's findings.")})
    consolidated = scores_consolidate(locked)
    for code, score in (overrides or {}).items():
        if score in Score.values:
            consolidated[code] = score
    report, _created = PanelReport.objects.update_or_create(
        application=locked,
        defaults={
            "summary": summary,
            "recommendation": recommendation,
            "consolidated": consolidated,
            "written_by": _user(actor),
        },
    )
    _touch(locked)
    _record("report_written", locked, actor, {"recommendation": recommendation, "consolidated": consolidated})
    return report
