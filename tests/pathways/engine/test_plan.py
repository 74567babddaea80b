"""The planner on constructed catalogues where the best plan is known."""

from __future__ import annotations

from datetime import date

from wisam.pathways.engine import evaluate, plan
from wisam.pathways.engine.plan import EXACT_LIMIT

from .helpers import TITLES, TODAY, earned, offer, pathway

OPEN_10 = {"id": "open", "type": "criteria", "min_credits": 10, "isced": ["061"]}


def _keys(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [step.key for step in result.steps]


def test_fewest_credits_where_greedy_is_wrong() -> None:
    # Largest-first greedy takes 6 then 5 (11 ECTS); smallest-first takes 4, 5, 5 (14 ECTS); the best is 6 + 4.
    catalogue = [offer("mc:1", 6), offer("mc:2", 5), offer("mc:3", 5), offer("mc:4", 4), offer("mc:9", 3, isced="0412")]
    result = plan(pathway(OPEN_10, kind="open"), [], catalogue, today=TODAY)
    assert result.feasible
    assert result.exact
    assert sorted(_keys(result)) == ["mc:1", "mc:4"]
    assert result.total_credits_ects == 10.0
    assert "the fewest credits that complete the pathway" in result.explanation["en"]
    assert "أقل عدد من الوحدات" in result.explanation["ar"]
    assert "«قواعد البيانات»" in result.explanation["ar"]


def test_lowest_fees_objective() -> None:
    catalogue = [offer("mc:1", 10, fee=400), offer("mc:2", 5, fee=100), offer("mc:3", 6, fee=150)]
    by_credits = plan(pathway(OPEN_10, kind="open"), [], catalogue, today=TODAY)
    by_fees = plan(pathway(OPEN_10, kind="open"), [], catalogue, today=TODAY, objective="fees")
    assert _keys(by_credits) == ["mc:1"]
    assert by_credits.total_fees == 400.0
    assert sorted(_keys(by_fees)) == ["mc:2", "mc:3"]
    assert by_fees.total_fees == 250.0
    assert by_fees.total_credits_ects == 11.0
    assert "lowest total fees" in by_fees.explanation["en"]
    assert "أقل رسوم" in by_fees.explanation["ar"]


def test_prerequisite_chain_is_added_and_ordered() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:5"]}, kind="rigid")
    catalogue = [
        offer("mc:5", 5, prerequisites=("mc:2",)),
        offer("mc:2", 5, prerequisites=("mc:1",)),
        offer("mc:1", 5),
        offer("mc:3", 1),
    ]
    result = plan(p, [], catalogue, today=TODAY)
    assert _keys(result) == ["mc:1", "mc:2", "mc:5"]
    already = plan(p, [earned("a", "mc:1")], catalogue, today=TODAY)
    assert _keys(already) == ["mc:2", "mc:5"]


def test_pathway_prerequisite_rules_order_the_plan() -> None:
    p = pathway(
        {"id": "core", "type": "required", "items": ["mc:5", "mc:1"]},
        {"id": "pre", "type": "prerequisite", "item": "mc:5", "requires": ["mc:1"]},
    )
    result = plan(p, [], [offer("mc:5", 5, level=4), offer("mc:1", 5, level=6)], today=TODAY)
    assert _keys(result) == ["mc:1", "mc:5"]


def test_in_order_rule_orders_the_plan_and_the_plan_completes_the_pathway() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:3", "mc:1", "mc:2"], "in_order": True}, kind="rigid")
    result = plan(p, [earned("a", "mc:3", on=date(2025, 1, 1))], [offer("mc:1"), offer("mc:2")], today=TODAY)
    assert _keys(result) == ["mc:1", "mc:2"]


def test_infeasible_explains_what_is_missing() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1", "mc:6"]}, kind="rigid")
    result = plan(p, [], [offer("mc:1")], today=TODAY, titles=TITLES)
    assert not result.feasible
    assert result.steps == []
    assert "cannot be completed" in result.explanation["en"]
    assert "Data ethics" in result.explanation["en"]
    assert "Not offered now: Data ethics." in result.explanation["en"]
    assert "لا يمكن إكمال هذا المسار" in result.explanation["ar"]
    assert "«أخلاقيات البيانات»" in result.explanation["ar"]


def test_prerequisite_that_is_not_offered_makes_an_offer_unusable() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:5"]}, kind="rigid")
    result = plan(p, [], [offer("mc:5", prerequisites=("mc:1",))], today=TODAY)
    assert not result.feasible


def test_already_satisfied_needs_nothing() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1"]})
    result = plan(p, [earned("a", "mc:1")], [offer("mc:2")], today=TODAY)
    assert result.feasible
    assert result.steps == []
    assert "already met" in result.explanation["en"]


def test_large_catalogues_use_the_heuristic_and_still_complete() -> None:
    catalogue = [offer(f"mc:{i}", 1 + i % 4, isced="0613") for i in range(EXACT_LIMIT + 10)]
    p = pathway(OPEN_10, {"id": "core", "type": "required", "items": ["mc:3"]}, kind="open")
    result = plan(p, [], catalogue, today=TODAY)
    assert result.feasible
    assert not result.exact
    record = [earned(f"p{i}", s.key, s.credits_ects) for i, s in enumerate(result.steps)]
    assert evaluate(p, record, today=TODAY).satisfied
    # mc:3 (4 ECTS) counts for "core" only, so "open" needs 10 more: the optimum is 14, which the heuristic finds here
    assert result.total_credits_ects == 14
