"""The insights demo: skill needs across sectors and governorates, every dashboard has something to show, and
alignment has covered, thinly covered and uncovered skills; loading twice adds nothing."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from wisam.core.demo import demo_load
from wisam.insights import selectors
from wisam.insights.filters import Filters, Scope
from wisam.insights.models import SkillNeed


def test_insights_demo(db: Any) -> None:
    demo_load()
    needs = SkillNeed.objects.count()
    assert needs >= 8
    assert len(set(SkillNeed.objects.values_list("sector", flat=True))) >= 4
    assert len(set(SkillNeed.objects.values_list("region", flat=True))) >= 4
    with translation.override("en"):
        alignment = selectors.dashboard("alignment", scope=Scope(national=True), filters=Filters())
        summary = alignment.figure("alignment_summary")
        assert summary is not None
        counts = {row.key: row.values[0] for row in summary.rows}
        assert counts["covered"]
        assert counts["thin"]
        assert counts["uncovered"]
        for name in selectors.DASHBOARDS:
            dashboard = selectors.dashboard(name, scope=Scope(national=True), filters=Filters())
            drawn = [f for f in dashboard.figures if not f.unavailable and f.rows and not f.is_empty]
            assert len(drawn) >= 2, name
        # Every chart means something: not one bar, not all zeros.
        supply = selectors.dashboard("supply", scope=Scope(national=True), filters=Filters())
        reach = selectors.dashboard("reach", scope=Scope(national=True), filters=Filters())

        def nonzero(dashboard: Any, key: str) -> int:
            figure = dashboard.figure(key)
            assert figure is not None, key
            return sum(1 for row in figure.rows if any(v for v in row.values))

        for key in ("supply_mode", "supply_credits", "supply_language"):
            assert nonzero(supply, key) >= 2, key
        assert nonzero(supply, "pipeline_time") >= 3  # applications have been in their stage for days
        assert nonzero(supply, "expiring") >= 1
        assert nonzero(reach, "issued_over_time") >= 4  # issued over several quarters
        for key in ("issued_institution", "issued_field", "issued_gender", "issued_age", "recognition"):
            assert nonzero(reach, key) >= 2, key
        completion = reach.figure("completion")
        assert completion is not None
        assert all(row.values[0] and 50 < row.values[0] < 100 for row in completion.rows)
    demo_load()
    assert SkillNeed.objects.count() == needs
    # The demo's full refresh replaces the linter refreshes its version changes queued: none is left for the worker.
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.ready().filter(task_path="wisam.insights.tasks.lint_findings_refresh_task").exists()
