"""Property-based tests (hypothesis) of counting, monotonicity, exact credit conversion and the planner's optimality.

Monotonicity, stated precisely: adding to a record a credential for a micro-credential that is not already in it
(a new key, or none) never turns a satisfied pathway unsatisfied, for every rule type, caps included (caps bound
the credits that count from other providers or from RPL; they never make a requirement fail). Copies of a
micro-credential already in the record are excluded from the property: the engine keeps one copy (the one with most
credits), and swapping a home copy for a larger external one under a cap can lower the credits that count.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wisam.pathways.engine import Earned, Offer, evaluate, parse_pathway, pathway_to_data, plan
from wisam.pathways.engine.rules import ch_to_ects, ects_to_ch

from .helpers import HOME, TODAY, earned, offer

KEYS = [f"mc:{i}" for i in range(1, 7)]
FIELDS = ["0611", "0613", "0412"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

credits_st = st.sampled_from([1, 2, 2.5, 3, 4, 5, 6, 7.5])


@st.composite
def consuming_rules(draw: Any, *, shares: bool = False) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["required", "choose", "criteria"]))
        rule: dict[str, Any] = {"id": f"r{index}", "type": kind}
        if kind == "required":
            rule["items"] = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique=True))
            rule["in_order"] = draw(st.booleans())
        elif kind == "choose":
            keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True))
            groups = [{"items": [key]} for key in keys]
            rule["groups"] = groups
            rule["k"] = draw(st.integers(1, len(groups)))
        else:
            rule["min_credits"] = draw(credits_st)
            rule["isced"] = draw(st.lists(st.sampled_from(["061", "0613", "04"]), max_size=1))
        if shares:
            rule["shares"] = draw(st.booleans())
        rules.append(rule)
    return rules


@st.composite
def other_rules(draw: Any) -> list[dict[str, Any]]:
    pool: list[dict[str, Any]] = [
        {"type": "min_credits", "credits": draw(st.integers(0, 20))},
        {"type": "min_credits_at_level", "credits": draw(st.integers(0, 10)), "eqf_level": draw(st.integers(4, 7))},
        {"type": "field", "isced": ["061"], "min_credits": draw(st.integers(0, 10))},
        {"type": "recency", "years": draw(st.integers(1, 6))},
        {"type": "max_external_credits", "credits": draw(st.integers(0, 8))},
        {"type": "max_rpl_credits", "credits": draw(st.integers(0, 4)), "unit": "CH"},
        {"type": "min_grade", "grade": draw(st.integers(40, 80))},
        {"type": "prerequisite", "item": "mc:2", "requires": ["mc:1"]},
    ]
    chosen = draw(st.lists(st.sampled_from(range(len(pool))), unique=True, max_size=4))
    return [{"id": f"o{index}", **pool[index]} for index in chosen]


@st.composite
def credentials(draw: Any, *, key_pool: list[str | None], prefix: str = "e") -> list[Earned]:
    count = draw(st.integers(0, 6))
    result = []
    for index in range(count):
        source = draw(st.sampled_from(["wisam", "wisam", "external", "rpl"]))
        result.append(
            earned(
                f"{prefix}{index}",
                draw(st.sampled_from(key_pool)),
                draw(credits_st),
                on=date(2019, 1, 1) + timedelta(days=draw(st.integers(0, 2500))),
                provider=HOME if source == "wisam" else "elsewhere",
                level=draw(st.sampled_from([None, 4, 5, 6, 7])),
                isced=draw(st.sampled_from(FIELDS)),
                grade=draw(st.sampled_from([None, 35.5, 55, 70, 95])),
                source=source,
            )
        )
    return result


@SETTINGS
@given(rules=consuming_rules(shares=True), record=credentials(key_pool=[*KEYS, None]))
def test_a_credential_counts_for_one_consuming_rule_unless_shared(
    rules: list[dict[str, Any]], record: list[Earned]
) -> None:
    pathway = parse_pathway({"kind": "elective", "rules": rules}, home_provider=HOME)
    evaluation = evaluate(pathway, record, today=TODAY)
    sharing = {rule["id"] for rule in rules if rule.get("shares")}
    seen: dict[str, str] = {}
    for result in evaluation.rules:
        if result.rule_id in sharing:
            continue
        for earned_id in result.counted:
            assert earned_id not in seen, f"{earned_id} counted by {seen[earned_id]} and {result.rule_id}"
            seen[earned_id] = result.rule_id


def _options(pathway: Any, item: Earned) -> list[int]:
    """Consuming rules a credential could count for (test's own reading of the rules)."""
    options = []
    for index, rule in enumerate(pathway.rules):
        keys = {item.key} - {None}
        if (
            (rule.type == "required" and keys & set(rule.items))
            or (rule.type == "choose" and keys & {k for g in rule.groups for k in g.items})
            or (rule.type == "criteria" and (not rule.isced or any(item.isced.startswith(c) for c in rule.isced)))
        ):
            options.append(index)
    return options


def _holds(rule: Any, items: list[Earned], dates: dict[str, list[date]]) -> bool:
    keys = {item.key for item in items}
    if rule.type == "required":
        if not set(rule.items) <= keys:
            return False
        if rule.in_order:
            previous = date.min
            for key in rule.items:
                later = [d for d in dates[key] if d >= previous]
                if not later:
                    return False
                previous = min(later)
        return True
    if rule.type == "choose":
        return sum(all(k in keys for k in g.items) for g in rule.groups) >= rule.k
    return sum(Fraction(str(item.credits_ects)) for item in items) >= rule.credits


@SETTINGS
@given(rules=consuming_rules(), record=credentials(key_pool=[*KEYS, None]))
def test_the_assignment_satisfies_as_many_rules_as_brute_force(
    rules: list[dict[str, Any]], record: list[Earned]
) -> None:
    # unique keys: the engine keeps one copy per micro-credential, the brute force does the same by construction
    unique: dict[Any, Earned] = {}
    for item in record:
        unique.setdefault(item.key if item.key is not None else item.id, item)
    record = [
        Earned(**{**{name: getattr(e, name) for name in e.__slots__}, "source": "wisam", "provider": HOME})
        for e in unique.values()
    ]
    pathway = parse_pathway({"kind": "elective", "rules": rules}, home_provider=HOME)
    evaluation = evaluate(pathway, record, today=TODAY)
    dates: dict[str, list[date]] = {}
    for item in record:
        if item.key:
            dates.setdefault(item.key, []).append(item.earned_on)
    options = [_options(pathway, item) for item in record]
    best = 0
    for choice in itertools.product(*[opts or [None] for opts in options]):
        satisfied = 0
        for index, rule in enumerate(pathway.rules):
            mine = [item for item, chosen in zip(record, choice, strict=True) if chosen == index]
            satisfied += _holds(rule, mine, dates)
        best = max(best, satisfied)
    assert sum(result.satisfied for result in evaluation.rules) == best


@SETTINGS
@given(
    consuming=consuming_rules(shares=True),
    others=other_rules(),
    record=credentials(key_pool=[*KEYS, None]),
    extra=credentials(key_pool=["mc:7", "mc:1", "mc:2", None], prefix="new"),
)
def test_adding_a_new_credential_never_breaks_a_satisfied_pathway(
    consuming: list[dict[str, Any]], others: list[dict[str, Any]], record: list[Earned], extra: list[Earned]
) -> None:
    pathway = parse_pathway({"kind": "elective", "rules": consuming + others}, home_provider=HOME)
    present = {item.key for item in record}
    for new in extra:
        if new.key is not None and new.key in present:
            continue  # copies are outside the property (see the module docstring)
        before = evaluate(pathway, record, today=TODAY)
        after = evaluate(pathway, [*record, new], today=TODAY)
        if before.satisfied:
            assert after.satisfied, (before.missing, after.missing)
        assert after.credits_counted_ects >= before.credits_counted_ects


@SETTINGS
@given(
    amount=st.fractions(min_value=0, max_value=10_000, max_denominator=1000),
    decimal=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
)
def test_credit_conversion_round_trips_exactly(amount: Fraction, decimal: Any) -> None:
    assert ects_to_ch(ch_to_ects(amount)) == amount
    assert ch_to_ects(ects_to_ch(amount)) == amount
    value = float(decimal)
    data = {"kind": "open", "rules": [{"id": "t", "type": "min_credits", "credits": value, "unit": "CH"}]}
    pathway = parse_pathway(data)
    assert pathway.rules[0].credits == Fraction(str(value)) * Fraction(3, 2)  # type: ignore[union-attr]
    assert parse_pathway(pathway_to_data(pathway)) == pathway


@SETTINGS
@given(parts=st.lists(st.decimals(min_value=0, max_value=30, places=2), min_size=1, max_size=20))
def test_credit_sums_are_exact(parts: list[Any]) -> None:
    record = [earned(f"e{i}", None, float(part)) for i, part in enumerate(parts)]
    exact = sum((Fraction(str(float(part))) for part in parts), Fraction(0))
    pathway = parse_pathway({"kind": "open", "rules": [{"id": "t", "type": "min_credits", "credits": str(exact)}]})
    evaluation = evaluate(pathway, record, today=TODAY)
    assert evaluation.satisfied  # exactly equal is enough, however the floats would have rounded
    assert evaluation.credits_counted_ects == float(exact)


@st.composite
def catalogues(draw: Any) -> list[Offer]:
    offers = []
    keys = [f"mc:{i}" for i in range(1, draw(st.integers(2, 8)) + 1)]
    for index, key in enumerate(keys):
        prerequisites: tuple[str, ...] = ()
        if index and draw(st.integers(0, 3)) == 0:
            prerequisites = (draw(st.sampled_from(keys[:index])),)
        offers.append(
            offer(
                key,
                draw(credits_st),
                fee=draw(st.sampled_from([0, 50, 100, 250])),
                prerequisites=prerequisites,
                isced=draw(st.sampled_from(FIELDS)),
                level=draw(st.sampled_from([4, 5, 6])),
            )
        )
    return offers


def _topological(chosen: list[Offer], earned_keys: set[str]) -> list[Offer] | None:
    ordered: list[Offer] = []
    placed = set(earned_keys)
    pending = list(chosen)
    while pending:
        ready = [o for o in pending if set(o.prerequisites) <= placed]
        if not ready:
            return None
        ready.sort(key=lambda o: o.key)
        ordered.append(ready[0])
        placed.add(ready[0].key)
        pending.remove(ready[0])
    return ordered


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogue=catalogues(), rules=consuming_rules(), objective=st.sampled_from(["credits", "fees"]))
def test_planner_is_optimal_against_brute_force(
    catalogue: list[Offer], rules: list[dict[str, Any]], objective: str
) -> None:
    for rule in rules:  # only name keys the catalogue may hold; plain orders (in_order is tested separately)
        rule.pop("in_order", None)
    pathway = parse_pathway({"kind": "elective", "rules": rules}, home_provider=HOME)
    result = plan(pathway, [], catalogue, today=TODAY, objective=objective)

    def cost(offers: list[Offer]) -> Fraction:
        field = "credits_ects" if objective == "credits" else "fee"
        return sum((Fraction(str(getattr(o, field))) for o in offers), Fraction(0))

    best: Fraction | None = None
    for size in range(len(catalogue) + 1):
        for subset in itertools.combinations(catalogue, size):
            ordered = _topological(list(subset), set())
            if ordered is None:
                continue
            record = [
                earned(
                    f"p{i}", o.key, o.credits_ects, on=TODAY + timedelta(days=i + 1), level=o.eqf_level, isced=o.isced
                )
                for i, o in enumerate(ordered)
            ]
            if evaluate(pathway, record, today=TODAY).satisfied and (best is None or cost(ordered) < best):
                best = cost(ordered)
    event("feasible" if best is not None else "infeasible")
    if best is None:
        assert not result.feasible
        assert result.explanation["en"]
        assert result.explanation["ar"]
    else:
        assert result.feasible
        assert result.exact
        assert cost(result.steps) == best
        assert _topological(result.steps, set()) is not None
        positions = {o.key: i for i, o in enumerate(result.steps)}
        for step in result.steps:
            assert all(positions[p] < positions[step.key] for p in step.prerequisites)
