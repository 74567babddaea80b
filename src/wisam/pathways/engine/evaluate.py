"""Evaluate a learner's record against a pathway: which rules hold, what each credential counts for, what is missing.

How a record is read (docs/pathways.md, "Rules and the engine"):
1. Filters drop credentials that cannot count: older than a `recency` rule allows, graded below `min_grade`, or
   earned before a `prerequisite` of theirs. A credential recognised as a micro-credential stands in for it.
2. Copies of one micro-credential count once (the copy with most credits).
3. Consuming rules (required, choose, criteria) share the remaining credentials so that as many of them as possible
   hold, each credential counting for one of them only (unless a rule says `shares`): an exact search over the
   credentials that more than one rule could use.
4. Credit rules measure the credentials counted by consuming rules (all eligible ones when there are none), with the
   credits from other providers and from recognition of prior learning capped by max_external / max_rpl rules.
All sums are exact (int when whole, else Fraction); floats appear only in the returned progress numbers.
Texts in the results may be shared between evaluations (they are cached per pathway): treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from math import gcd
from typing import Any

from .types import (
    Choose,
    Criteria,
    Earned,
    Evaluation,
    FieldRule,
    MaxExternalCredits,
    MaxRplCredits,
    MinCredits,
    MinCreditsAtLevel,
    MinGrade,
    Pathway,
    Prerequisite,
    Recency,
    Required,
    Rule,
    RuleResult,
    Text,
    to_fraction,
)

__all__ = ["evaluate", "evaluate_many"]

HOME, EXTERNAL, RPL = 0, 1, 2
SEARCH_BUDGET = 20_000  # nodes of the assignment search before it keeps the best assignment found so far
Number = int | Fraction  # exact numbers inside the engine
_FRACTIONS: dict[float, Number] = {}


def _fraction(value: float) -> Number:
    """The exact value of a float credit or grade: an int when whole (plain int arithmetic is much faster than
    Fraction arithmetic, and exact as well), else a Fraction."""
    cached = _FRACTIONS.get(value)
    if cached is None:
        cached = _exact(to_fraction(value))
        if len(_FRACTIONS) < 50_000:
            _FRACTIONS[value] = cached
    return cached


def _exact(value: Fraction) -> Number:
    return value.numerator if value.denominator == 1 else value


def show(value: Fraction | float) -> str:
    """A credit number as a learner reads it: 7.5, 10, 0.33."""
    if type(value) is int:
        return str(value)
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    number = round(float(value), 2)
    return str(int(number)) if number == int(number) else f"{number:g}"


def join(names: Sequence[str], language: str) -> str:
    """A readable list: "A, B and C" / "أ، وب، وج"."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if language == "ar":
        return names[0] + " و" + names[1] if len(names) == 2 else names[0] + "".join("، و" + n for n in names[1:])
    return ", ".join(names[:-1]) + " and " + names[-1]


def years_en(n: int) -> str:
    return "year" if n == 1 else f"{n} years"


def years_ar(n: int, *, last: bool = False) -> str:
    """Arabic number agreement: سنة / سنتين / 3-10 سنوات / 11+ سنة ("the last ..." when `last`)."""
    if n == 1:
        return "السنة الأخيرة" if last else "سنة"
    if n == 2:
        return "السنتين الأخيرتين" if last else "سنتين"
    words = f"{n} سنوات" if n <= 10 else f"{n} سنة"
    return f"آخر {words}" if last else words


def groups_ar(n: int) -> str:
    """ "one more group" with Arabic number agreement."""
    if n == 1:
        return "مجموعة واحدة أخرى"
    if n == 2:
        return "مجموعتين أخريين"
    return f"{n} مجموعات أخرى" if n <= 10 else f"{n} مجموعة أخرى"


def _quote(title: str, language: str) -> str:
    return f"«{title}»" if language == "ar" else title


class _Compiled:
    """Per-pathway indexes, computed once and reused for every learner."""

    __slots__ = (
        "cap_external",
        "cap_rpl",
        "consuming",
        "consuming_all",
        "criteria",
        "empty",
        "has_consuming",
        "in_order",
        "key_rules",
        "key_texts",
        "key_titles",
        "measures",
        "min_grade",
        "names",
        "pathway",
        "prerequisites",
        "recency",
        "relevant_keys",
        "rule_keys",
        "shared",
        "sharing",
        "texts",
        "titled",
    )

    def __init__(self, pathway: Pathway) -> None:
        self.pathway = pathway
        self.consuming: list[int] = []  # indexes of consuming rules that do not share
        self.shared: list[int] = []  # indexes of consuming rules that share
        self.key_rules: dict[str, list[int]] = {}  # key -> keyed consuming rules naming it
        self.criteria: list[int] = []
        self.recency: int | None = None
        self.min_grade: Number | None = None
        self.prerequisites: dict[str, set[str]] = {}
        self.cap_external: Number | None = None
        self.cap_rpl: Number | None = None
        for index, rule in enumerate(pathway.rules):
            if isinstance(rule, Required | Choose | Criteria):
                (self.shared if rule.shares else self.consuming).append(index)
                if isinstance(rule, Criteria):
                    self.criteria.append(index)
                else:
                    keys = rule.items if isinstance(rule, Required) else [k for g in rule.groups for k in g.items]
                    for key in keys:
                        self.key_rules.setdefault(key, []).append(index)
            elif isinstance(rule, Recency):
                self.recency = rule.years if self.recency is None else min(self.recency, rule.years)
            elif isinstance(rule, MinGrade):
                grade = _exact(rule.grade)
                self.min_grade = grade if self.min_grade is None else max(self.min_grade, grade)
            elif isinstance(rule, Prerequisite):
                self.prerequisites.setdefault(rule.item, set()).update(rule.requires)
            elif isinstance(rule, MaxExternalCredits):
                cap = _exact(rule.credits)
                self.cap_external = cap if self.cap_external is None else min(self.cap_external, cap)
            elif isinstance(rule, MaxRplCredits):
                cap = _exact(rule.credits)
                self.cap_rpl = cap if self.cap_rpl is None else min(self.cap_rpl, cap)
        self.has_consuming = bool(self.consuming or self.shared)
        self.consuming_all = self.consuming + self.shared
        self.sharing = frozenset(self.shared)
        self.in_order = [
            (index, rule.items)
            for index, rule in enumerate(pathway.rules)
            if isinstance(rule, Required) and rule.in_order
        ]
        self.measures = [
            index
            for index, rule in enumerate(pathway.rules)
            if isinstance(rule, MinCredits | MinCreditsAtLevel | FieldRule)
        ]
        self.relevant_keys = frozenset(self.key_rules) | frozenset(k for ks in self.prerequisites.values() for k in ks)
        self.texts: dict[tuple[int, int, int], tuple[Text, Text | None]] = {}  # see _Context.texts
        self.key_texts: dict[tuple[int, object], tuple[Text, Text | None]] = {}  # see _Context.keyed
        self.key_titles: Mapping[str, Text] | None = None
        self.titled: dict[int, bool] = {}
        self.rule_keys: dict[int, frozenset[str]] = {
            index: frozenset(rule.items if isinstance(rule, Required) else [k for g in rule.groups for k in g.items])
            for index, rule in enumerate(pathway.rules)
            if isinstance(rule, Required | Choose)
        }
        self.names: dict[object, object] = {}  # joined titles of key lists, for the titles mapping in "@titles"
        # what an empty record gives (titles mapping, result rows, satisfied, missing, summary), for the fast path
        self.empty: tuple[Any, list[Any], bool, list[Text], Text] | None = None


_COMPILED: dict[int, tuple[Pathway, _Compiled]] = {}


def compiled(pathway: Pathway) -> _Compiled:
    """The cached indexes of a pathway (keyed by identity; parsed pathways are immutable)."""
    hit = _COMPILED.get(id(pathway))
    if hit is not None and hit[0] is pathway:
        return hit[1]
    result = _Compiled(pathway)
    if len(_COMPILED) > 1000:
        _COMPILED.clear()
    _COMPILED[id(pathway)] = (pathway, result)
    return result


class _Item:
    """A credential of the record as the engine sees it."""

    __slots__ = ("credits", "earned", "hits", "ident", "keys", "kind")

    def __init__(self, earned: Earned, home: str, hits: tuple[int, ...] = ()) -> None:
        self.earned = earned
        self.hits = hits  # indexes of the criteria rules it meets
        granted = earned.credits_granted
        self.credits = _fraction(earned.credits_ects if granted is None else granted)
        key, alias = earned.key, earned.recognised_as
        if alias is not None and alias != key:
            self.keys: tuple[str, ...] = (alias,) if key is None else (key, alias)
        else:
            self.keys = () if key is None else (key,)
        self.ident = alias if alias is not None else key
        if earned.source == "rpl":
            self.kind = RPL
        elif earned.provider != home:
            self.kind = EXTERNAL
        else:
            self.kind = HOME


def _capped(totals: Sequence[Number], compiled_: _Compiled) -> Number:
    home, external, rpl = totals
    if compiled_.cap_external is not None and external > compiled_.cap_external:
        external = compiled_.cap_external
    if compiled_.cap_rpl is not None and rpl > compiled_.cap_rpl:
        rpl = compiled_.cap_rpl
    return home + external + rpl


def _measure(items: Sequence[_Item], compiled_: _Compiled) -> Number:
    """Capped credits of `items`, summed exactly with plain integers (a numerator per kind over one denominator)."""
    numerators = [0, 0, 0]
    denominator = 1
    for item in items:
        credits = item.credits
        d = credits.denominator
        if d == denominator:
            numerators[item.kind] += credits.numerator
        elif denominator % d == 0:
            numerators[item.kind] += credits.numerator * (denominator // d)
        else:
            scale = d // gcd(d, denominator)
            numerators = [n * scale for n in numerators]
            denominator *= scale
            numerators[item.kind] += credits.numerator * (denominator // d)
    if denominator == 1:
        home, external, rpl = numerators
        if compiled_.cap_external is not None and external > compiled_.cap_external:
            external = compiled_.cap_external  # type: ignore[assignment]
        if compiled_.cap_rpl is not None and rpl > compiled_.cap_rpl:
            rpl = compiled_.cap_rpl  # type: ignore[assignment]
        return home + external + rpl
    if compiled_.cap_external is None and compiled_.cap_rpl is None:
        return _exact(Fraction(numerators[0] + numerators[1] + numerators[2], denominator))
    return _exact(Fraction(_capped([Fraction(n, denominator) for n in numerators], compiled_)))


def _criteria_match(rule: Criteria, item: _Item) -> bool:
    return _criteria_match_earned(rule, item.earned)


def _criteria_match_earned(rule: Criteria, earned: Earned) -> bool:
    if rule.min_eqf_level is not None and (earned.eqf_level is None or earned.eqf_level < rule.min_eqf_level):
        return False
    if rule.isced and not earned.isced.startswith(rule.isced):
        return False
    return not (rule.providers and earned.provider not in rule.providers)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class _Search:
    """Exact branch-and-bound assignment of contested credentials to non-sharing consuming rules."""

    def __init__(self, compiled_: _Compiled, order_ok: dict[int, bool]) -> None:
        self.c = compiled_
        self.rules = compiled_.pathway.rules
        self.order_ok = order_ok
        self.covered: dict[int, dict[str, int]] = {}
        self.totals: dict[int, list[Fraction]] = {}
        for index in compiled_.consuming:
            if isinstance(self.rules[index], Criteria):
                self.totals[index] = [Fraction(0), Fraction(0), Fraction(0)]
            else:
                self.covered[index] = {}
        self.nodes = 0

    def add(self, index: int, item: _Item, sign: int) -> None:
        covered = self.covered.get(index)
        if covered is not None:
            for key in item.keys:
                covered[key] = covered.get(key, 0) + sign
        else:
            self.totals[index][item.kind] += item.credits * sign

    def ok(self, index: int) -> bool:
        rule = self.rules[index]
        if isinstance(rule, Criteria):
            return _capped(self.totals[index], self.c) >= rule.credits
        covered = self.covered[index]
        if isinstance(rule, Required):
            return all(covered.get(k, 0) > 0 for k in rule.items) and self.order_ok.get(index, True)
        assert isinstance(rule, Choose)
        complete = sum(1 for g in rule.groups if all(covered.get(k, 0) > 0 for k in g.items))
        return complete >= rule.k

    def progress(self, index: int) -> float:
        rule = self.rules[index]
        if isinstance(rule, Criteria):
            need = rule.credits
            return 1.0 if need == 0 else min(1.0, float(_capped(self.totals[index], self.c) / need))
        covered = self.covered[index]
        keys = self.c.rule_keys[index]
        return sum(1 for k in keys if covered.get(k, 0) > 0) / max(1, len(keys))

    def run(self, contested: list[tuple[_Item, list[int]]]) -> list[int]:
        """The rule index chosen for each contested item (best: most rules satisfied, then most progress)."""
        n = len(contested)
        suffix: list[set[int]] = [set() for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            suffix[i] = suffix[i + 1] | set(contested[i][1])
        choice = [options[0] for _, options in contested]
        best: list[object] = [(-1, -1.0), list(choice)]
        rules = self.c.consuming

        def score() -> tuple[int, float]:
            satisfied = 0
            progress = 0.0
            for index in rules:
                if self.ok(index):
                    satisfied += 1
                else:
                    progress += self.progress(index)
            return satisfied, progress

        def dfs(i: int) -> bool:  # True = stop (optimal found or budget spent)
            self.nodes += 1
            if i == n:
                current = score()
                if current > best[0]:  # type: ignore[operator]
                    best[0], best[1] = current, list(choice)
                return current[0] == len(rules) or self.nodes > SEARCH_BUDGET
            satisfied = [index for index in rules if self.ok(index)]
            possible = sum(1 for index in rules if index not in satisfied and index in suffix[i])
            if len(satisfied) + possible < best[0][0]:  # type: ignore[index]
                return False
            item, options = contested[i]
            open_options = [index for index in options if index not in satisfied] or options[:1]
            for index in open_options:
                choice[i] = index
                self.add(index, item, 1)
                stop = dfs(i + 1)
                self.add(index, item, -1)
                if stop:
                    return True
            return self.nodes > SEARCH_BUDGET

        dfs(0)
        return best[1]  # type: ignore[return-value]


def evaluate(
    pathway: Pathway,
    record: Sequence[Earned],
    *,
    today: date,
    titles: Mapping[str, Text] | None = None,
) -> Evaluation:
    """Evaluate `record` against `pathway` as of `today`.

    `titles` maps micro-credential keys to their titles so that explanations can name credentials the learner has
    not earned yet (missing items); keys without a title are shown as the key itself.
    """
    return _evaluate(compiled(pathway), record, today, titles, None)


def evaluate_many(
    pathways: Sequence[Pathway],
    record: Sequence[Earned],
    *,
    today: date,
    titles: Mapping[str, Text] | None = None,
) -> list[Evaluation]:
    """Evaluate one record against several pathways (a learner's dashboard, the benchmark), sharing the work that
    depends on the record only; the results equal [evaluate(p, record, ...) for p in pathways]."""
    keys = {key for earned in record for key in (earned.key, earned.recognised_as) if key is not None}
    return [_evaluate(compiled(pathway), record, today, titles, keys) for pathway in pathways]


def _evaluate(
    c: _Compiled,
    record: Sequence[Earned],
    today: date,
    titles: Mapping[str, Text] | None,
    record_keys: set[str] | None,
) -> Evaluation:
    pathway = c.pathway
    rules = pathway.rules
    home = pathway.home_provider
    if (
        record_keys is not None
        and record
        and c.has_consuming
        and not c.criteria
        and record_keys.isdisjoint(c.relevant_keys)
    ):
        reason = _not_listed(pathway.kind)
        return _nothing_counts(c, record, {earned.id: reason for earned in record}, titles, today)
    items: list[_Item] = []
    reasons: dict[str, Text] = {}
    not_listed = _not_listed(pathway.kind)
    if c.criteria:
        relevant_keys = c.relevant_keys
        criteria = [(index, rules[index]) for index in c.criteria]
        if len(criteria) == 1:  # the common case, without a tuple per credential
            only, rule = criteria[0]
            hit = (only,)
            for earned in record:
                if _criteria_match_earned(rule, earned):  # type: ignore[arg-type]
                    items.append(_Item(earned, home, hit))
                elif earned.key in relevant_keys or earned.recognised_as in relevant_keys:
                    items.append(_Item(earned, home))
                else:
                    reasons[earned.id] = not_listed
        else:
            for earned in record:
                hits = tuple(i for i, r in criteria if _criteria_match_earned(r, earned))  # type: ignore[arg-type]
                if hits or earned.key in relevant_keys or earned.recognised_as in relevant_keys:
                    items.append(_Item(earned, home, hits))
                else:
                    reasons[earned.id] = not_listed
    elif not c.has_consuming:
        items = [_Item(earned, home) for earned in record]
    else:
        relevant_keys = c.relevant_keys
        for earned in record:
            if earned.key in relevant_keys or earned.recognised_as in relevant_keys:
                items.append(_Item(earned, home))
            else:
                reasons[earned.id] = not_listed
    if not items and record:
        return _nothing_counts(c, record, reasons, titles, today)
    excluded: dict[str, list[_Item]] = {}  # rule id -> items it filtered out

    # 1. filters
    if c.recency is None and c.min_grade is None:
        eligible = items
    else:
        cutoff = _years_before(today, c.recency) if c.recency is not None else None
        minimum = c.min_grade
        eligible = []
        for item in items:
            earned = item.earned
            if cutoff is not None and earned.earned_on < cutoff:
                rule_id = _first(rules, Recency, lambda r, day=earned.earned_on: _years_before(today, r.years) > day)
                excluded.setdefault(rule_id, []).append(item)
                reasons[earned.id] = _too_old(c.recency or 0, earned.earned_on)
            elif minimum is not None and earned.grade is not None and _fraction(earned.grade) < minimum:
                grade = _fraction(earned.grade)
                rule_id = _first(rules, MinGrade, lambda r, grade=grade: grade < r.grade)
                excluded.setdefault(rule_id, []).append(item)
                reasons[earned.id] = _too_low(grade, minimum)
            else:
                eligible.append(item)
    if c.prerequisites:
        eligible = _apply_prerequisites(c, eligible, reasons, excluded, titles, items)

    # 2. one copy per micro-credential
    idents = [item.ident for item in eligible if item.ident is not None]
    representatives = eligible if len(idents) == len(set(idents)) else _one_copy_each(eligible, reasons)
    dates: dict[str, list[date]] = {}  # key -> dates of every eligible copy (for in_order)
    order_ok: dict[int, bool] = {}
    if c.in_order:
        for item in eligible:
            for key in item.keys:
                dates.setdefault(key, []).append(item.earned.earned_on)
        for index, keys in c.in_order:
            order_ok[index] = _in_order(keys, dates)

    # 3. share credentials among consuming rules
    assigned: dict[int, list[_Item]] = {index: [] for index in c.consuming_all}
    assignments: dict[str, list[str]] = {}
    counted: list[_Item] = []
    if c.has_consuming:
        contested: list[tuple[_Item, list[int]]] = []
        single: list[tuple[int, _Item]] = []
        key_rules = c.key_rules
        for item in representatives:
            options: list[int] = []
            shared: list[int] = []
            for key in item.keys:
                for index in key_rules.get(key, ()):
                    target = shared if index in c.sharing else options
                    if index not in target:
                        target.append(index)
            for index in item.hits:
                (shared if index in c.sharing else options).append(index)
            for index in shared:
                assigned[index].append(item)
            if len(options) == 1:
                assigned[options[0]].append(item)
                single.append((options[0], item))
            elif options:
                contested.append((item, options))
            if options or shared:
                counted.append(item)
                assignments[item.earned.id] = [rules[i].id for i in options[:1] + shared]
            else:
                reasons[item.earned.id] = not_listed
        if contested:
            search = _Search(c, order_ok)
            for index, item in single:
                search.add(index, item, 1)
            for (item, _), index in zip(contested, search.run(contested), strict=True):
                assigned[index].append(item)
                assignments[item.earned.id] = [rules[index].id, *assignments[item.earned.id][1:]]
    else:
        counted = representatives
        for item in counted:
            assignments[item.earned.id] = []

    # 4. rule results
    context = _Context(c, titles or {}, record, counted, assigned, excluded, order_ok, dates)
    results = [context.result(index, rule) for index, rule in enumerate(rules)]
    total = context.total
    if pathway.target_credits_ects is not None:
        results.append(_target_result(_exact(pathway.target_credits_ects), total, [i.earned.id for i in counted]))
    for index in c.measures:
        result = results[index]
        for earned_id in result.counted:
            ids = assignments[earned_id]
            if result.rule_id not in ids:
                ids.append(result.rule_id)

    satisfied = True
    missing: list[Text] = []
    for result in results:
        if not result.satisfied:
            satisfied = False
        if result.missing is not None:
            missing.append(result.missing)
    counted_ids = {item.earned.id for item in counted}
    unused = [earned.id for earned in record if earned.id not in counted_ids]
    return Evaluation(
        satisfied=satisfied,
        rules=results,
        assignments={item.earned.id: assignments[item.earned.id] for item in items if item.earned.id in counted_ids},
        unused=unused,
        credits_counted_ects=float(total),
        missing=missing,
        reasons={earned_id: reasons[earned_id] for earned_id in unused if earned_id in reasons},
        summary=_summary(results, satisfied),
        earned_keys=frozenset(key for item in counted for key in item.keys),
    )


def _one_copy_each(eligible: list[_Item], reasons: dict[str, Text]) -> list[_Item]:
    """Copies of one micro-credential count once: the copy with most credits (then the earliest) is kept."""
    best_copy: dict[str, _Item] = {}
    for item in eligible:
        if item.ident is None:
            continue
        current = best_copy.get(item.ident)
        if current is None or (item.credits, current.earned.earned_on, current.earned.id) > (
            current.credits,
            item.earned.earned_on,
            item.earned.id,
        ):
            best_copy[item.ident] = item
    representatives = []
    for item in eligible:
        if item.ident is None or best_copy[item.ident] is item:
            representatives.append(item)
            continue
        kept = best_copy[item.ident]
        reasons[item.earned.id] = {
            "ar": f"لا تُحتسب مرتين: {_quote(kept.earned.title.get('ar', ''), 'ar')} تُحتسب بدلًا منها.",
            "en": f"Counts only once: {kept.earned.title.get('en', '')} counts in its place.",
        }
    return representatives


_REASONS: dict[tuple[object, ...], Text] = {}


def _too_old(years: int, day: date) -> Text:
    """Why a credential too old for a recency rule does not count (shared between evaluations: read-only)."""
    token = ("old", years, day)
    hit = _REASONS.get(token)
    if hit is None:
        hit = {
            "ar": f"لا تُحتسب لأنها مُنحت قبل أكثر من {years_ar(years)} ({day.isoformat()}).",
            "en": f"Does not count: earned more than {years_en(years)} ago ({day.isoformat()}).",
        }
        if len(_REASONS) < 20_000:
            _REASONS[token] = hit
    return hit


def _too_low(grade: Number, minimum: Number) -> Text:
    """Why a credential graded below a min_grade rule does not count (shared: read-only)."""
    token = ("grade", grade, minimum)
    hit = _REASONS.get(token)
    if hit is None:
        hit = {
            "ar": f"لا تُحتسب لأن الدرجة {show(grade)} أقل من الحد الأدنى {show(minimum)}.",
            "en": f"Does not count: the grade {show(grade)} is below the minimum of {show(minimum)}.",
        }
        if len(_REASONS) < 20_000:
            _REASONS[token] = hit
    return hit


def _nothing_counts(
    c: _Compiled, record: Sequence[Earned], reasons: dict[str, Text], titles: Mapping[str, Text] | None, today: date
) -> Evaluation:
    """Fast path: no credential of the record concerns the pathway, so it reads like an empty record."""
    if c.empty is None or c.empty[0] is not titles:
        blank = evaluate(c.pathway, (), today=today, titles=titles)
        rows = [(r.rule_id, r.satisfied, r.explanation, r.missing, r.progress, r.type) for r in blank.rules]
        c.empty = (titles, rows, blank.satisfied, blank.missing, blank.summary)
    _, rows, satisfied, missing, summary = c.empty
    return Evaluation(
        satisfied=satisfied,
        rules=[
            RuleResult(rule_id, ok, [], text, gap, progress, kind) for rule_id, ok, text, gap, progress, kind in rows
        ],
        assignments={},
        unused=[earned.id for earned in record],
        credits_counted_ects=0.0,
        missing=list(missing),
        reasons=reasons,
        summary=summary,
        earned_keys=frozenset(),
    )


def _summary(results: Sequence[RuleResult], satisfied: bool) -> Text:
    """One sentence for the whole pathway (shared between evaluations: read-only)."""
    if satisfied:
        return _COMPLETE
    met = sum(1 for result in results if result.satisfied)
    token = (met, len(results))
    hit = _SUMMARIES.get(token)
    if hit is None:
        hit = _SUMMARIES[token] = _summary_text(met, len(results))
    return hit


_COMPLETE: Text = {"ar": "أكملت جميع متطلبات هذا المسار.", "en": "You have met every requirement of this pathway."}
_SUMMARIES: dict[tuple[int, int], Text] = {}


def _summary_text(met: int, total: int) -> Text:
    return {
        "ar": f"حققت {met} من {total} متطلبات لهذا المسار.",
        "en": f"You have met {met} of {total} requirements of this pathway.",
    }


def _first(rules: Sequence[Rule], cls: type, test: object) -> str:
    """The id of the first rule of class `cls` that excludes the item (for the explanation)."""
    for rule in rules:
        if isinstance(rule, cls) and test(rule):  # type: ignore[operator]
            return rule.id
    return next(rule.id for rule in rules if isinstance(rule, cls))


def _not_listed(kind: str) -> Text:
    """The reason an unrelated credential does not count (a shared dict: treat it as read-only)."""
    return _NOT_MATCHING if kind == "open" else _NOT_LISTED


def _not_listed_text(kind: str) -> Text:
    if kind == "open":
        return {
            "ar": "لا تُحتسب لأنها لا تستوفي معايير هذا المسار (المجال أو المستوى أو الجهة المانحة).",
            "en": "Does not count: it does not meet this pathway's criteria (field, level or provider).",
        }
    return {
        "ar": "لا تُحتسب لأنها ليست من الشهادات المصغّرة المدرجة في هذا المسار.",
        "en": "Does not count: it is not one of the micro-credentials listed in this pathway.",
    }


def _apply_prerequisites(
    c: _Compiled,
    eligible: list[_Item],
    reasons: dict[str, Text],
    excluded: dict[str, list[_Item]],
    titles: Mapping[str, Text] | None,
    record_items: list[_Item],
) -> list[_Item]:
    """Drop credentials earned before (or without) their prerequisites, until nothing changes (chains)."""
    rules = c.pathway.rules
    valid = list(eligible)
    changed = True
    while changed:
        changed = False
        earliest: dict[str, date] = {}
        for item in valid:
            for key in item.keys:
                day = earliest.get(key)
                if day is None or item.earned.earned_on < day:
                    earliest[key] = item.earned.earned_on
        keep: list[_Item] = []
        for item in valid:
            lacking = [
                (key, required)
                for key in item.keys
                for required in sorted(c.prerequisites.get(key, ()))
                if earliest.get(required) is None or earliest[required] > item.earned.earned_on
            ]
            if not lacking:
                keep.append(item)
                continue
            changed = True
            key = lacking[0][0]
            needed = [required for _, required in lacking]
            rule_id = next(r.id for r in rules if isinstance(r, Prerequisite) and r.item == key)
            excluded.setdefault(rule_id, []).append(item)
            names = {
                lang: join([_quote(_title(k, lang, titles, record_items), lang) for k in needed], lang)
                for lang in ("ar", "en")
            }
            reasons[item.earned.id] = {
                "ar": f"لا تُحتسب لأنها مُنحت قبل إكمال متطلبها السابق {names['ar']}.",
                "en": f"Does not count: it was earned before its prerequisite {names['en']}.",
            }
        valid = keep
    return valid


def _in_order(keys: Sequence[str], dates: Mapping[str, list[date]]) -> bool:
    """Whether some copy of each key can be picked with dates that never go backwards (greedy is exact here)."""
    previous: date | None = None
    for key in keys:
        candidates = [d for d in dates.get(key, ()) if previous is None or d >= previous]
        if not candidates:
            return not all(key in dates for key in keys)  # only judged once every item is earned
        previous = min(candidates)
    return True


def _title(key: str, language: str, titles: Mapping[str, Text] | None, items: Sequence[_Item]) -> str:
    if titles and key in titles:
        text = titles[key]
        return text.get(language) or text.get("en") or key
    for item in items:
        if key in item.keys:
            return item.earned.title.get(language) or item.earned.title.get("en") or key
    return key


def _target_result(target: Number, total: Number, counted: list[str]) -> RuleResult:
    satisfied = total >= target
    missing = None
    if not satisfied:
        gap = show(target - total)
        missing = {
            "ar": f"{gap} ECTS إضافية لبلوغ حجم المؤهل.",
            "en": f"{gap} more ECTS to reach the size of the qualification.",
        }
    return RuleResult(
        rule_id="@target",
        satisfied=satisfied,
        counted=counted,
        explanation={
            "ar": f"حجم المؤهل {show(target)} ECTS؛ لديك {show(total)} ECTS محتسبة.",
            "en": f"The qualification is {show(target)} ECTS; you have {show(total)} ECTS counted.",
        },
        missing=missing,
        progress=(float(min(total, target)), float(target)),
        type="target",
    )


class _Context:
    """Builds the result and bilingual explanation of each rule."""

    def __init__(
        self,
        c: _Compiled,
        titles: Mapping[str, Text],
        record: Sequence[Earned],
        counted: list[_Item],
        assigned: dict[int, list[_Item]],
        excluded: dict[str, list[_Item]],
        order_ok: dict[int, bool],
        dates: dict[str, list[date]],
    ) -> None:
        self.c = c
        self.titles = titles
        self.record = record
        self.counted = counted
        self.assigned = assigned
        self.excluded = excluded
        self.order_ok = order_ok
        self.dates = dates
        self.total = _measure(counted, c)
        self._items: list[_Item] | None = None

    def name(self, key: str, language: str) -> str:
        text = self.titles.get(key)
        if text is None:
            for earned in self.record:
                if earned.key == key or earned.recognised_as == key:
                    text = earned.title
                    break
        if text is None:
            return key
        return text.get(language) or text.get("en") or key

    def names(self, keys: Sequence[str], language: str) -> str:
        titles = self.titles
        if titles and all(key in titles for key in keys):
            cache = self.c.names
            if cache.get("@titles") is not titles:
                cache.clear()
                cache["@titles"] = titles
            token = (tuple(keys), language)
            hit = cache.get(token)
            if hit is None:
                hit = cache[token] = join([_quote(self.name(key, language), language) for key in keys], language)
            return hit  # type: ignore[return-value]
        return join([_quote(self.name(key, language), language) for key in keys], language)

    def item_names(self, items: Sequence[_Item], language: str) -> str:
        return join(
            [_quote(i.earned.title.get(language) or i.earned.title.get("en") or i.earned.id, language) for i in items],
            language,
        )

    def result(self, index: int, rule: Rule) -> RuleResult:
        return _HANDLERS[rule.type](self, index, rule)

    def texts(
        self, index: int, have: Number, build: Callable[[], tuple[Text, Text | None]]
    ) -> tuple[Text, Text | None]:
        """Explanations of a measuring rule depend only on the rule and the credits measured: built once per pathway
        and shared between evaluations (so treat result texts as read-only)."""
        token = (index, have.numerator, have.denominator)
        cache = self.c.texts
        hit = cache.get(token)
        if hit is None:
            hit = build()
            if len(cache) < 4096:
                cache[token] = hit
        return hit

    def keyed(
        self,
        index: int,
        keys: Sequence[str] | frozenset[str],
        token: object,
        build: Callable[[], tuple[Text, Text | None]],
    ) -> tuple[Text, Text | None]:
        """Explanations of a keyed rule depend on which of its keys are covered; when the titles mapping names every
        key they are built once per pathway and titles mapping, and shared between evaluations (read-only)."""
        c = self.c
        titles = self.titles
        if c.key_titles is not titles:
            c.key_texts.clear()
            c.titled.clear()
            c.key_titles = titles
        titled = c.titled.get(index)
        if titled is None:
            titled = c.titled[index] = bool(titles) and all(key in titles for key in keys)
        if not titled:
            return build()
        hit = c.key_texts.get((index, token))
        if hit is None:
            hit = build()
            if len(c.key_texts) < 4096:
                c.key_texts[(index, token)] = hit
        return hit

    def required(self, index: int, rule: Required) -> RuleResult:
        covered = frozenset(key for item in self.assigned[index] for key in item.keys if key in rule.items)
        in_order = self.order_ok.get(index, True)
        n, m = len(covered), len(rule.items)

        def build() -> tuple[Text, Text | None]:
            lacking = [key for key in rule.items if key not in covered]
            explanation = {
                "ar": f"الشهادات المصغّرة المطلوبة: {self.names(rule.items, 'ar')}؛ لديك {n} من {m}.",
                "en": f"Required micro-credentials: {self.names(rule.items, 'en')}; you have {n} of {m}.",
            }
            missing: Text | None = None
            if lacking:
                missing = {
                    "ar": f"ما زال مطلوبًا: {self.names(lacking, 'ar')}.",
                    "en": f"Still needed: {self.names(lacking, 'en')}.",
                }
            elif not in_order:
                missing = {
                    "ar": f"يجب الحصول عليها بهذا الترتيب: {self.names(rule.items, 'ar')}، وتواريخ حصولك عليها لا تتبعه.",
                    "en": f"They must be earned in this order: {self.names(rule.items, 'en')}; your dates do not follow it.",
                }
            if rule.in_order:
                explanation["ar"] += " يجب الحصول عليها بالترتيب."
                explanation["en"] += " They must be earned in this order."
            return explanation, missing

        explanation, missing = self.keyed(index, rule.items, (covered, in_order), build)
        return RuleResult(
            rule.id,
            n == m and in_order,
            [i.earned.id for i in self.assigned[index]],
            explanation,
            missing,
            (float(n), float(m)),
            rule.type,
        )

    def choose(self, index: int, rule: Choose) -> RuleResult:
        covered = frozenset(key for item in self.assigned[index] for key in item.keys)
        complete = [g for g in rule.groups if all(key in covered for key in g.items)]
        done, k, n = len(complete), rule.k, len(rule.groups)

        def build() -> tuple[Text, Text | None]:
            labels = {lang: join([self.group_label(g, lang) for g in complete], lang) for lang in ("ar", "en")}
            explanation = {
                "ar": f"عدد المجموعات المطلوب إكمالها {k} من {n}؛ أكملت {done}"
                + (f" ({labels['ar']})." if complete else "."),
                "en": f"You need {k} of {n} groups; you have completed {done}"
                + (f" ({labels['en']})." if complete else "."),
            }
            missing: Text | None = None
            if done < k:
                pending = [g for g in rule.groups if g not in complete]
                closest = min(pending, key=lambda g: sum(1 for key in g.items if key not in covered))
                lacking = [key for key in closest.items if key not in covered]
                more = k - done
                more_ar = groups_ar(more)
                missing = {
                    "ar": f"أكمل {more_ar}، مثل {self.group_label(closest, 'ar')} (ينقصك: {self.names(lacking, 'ar')}).",
                    "en": f"Complete {more} more group{'s' if more > 1 else ''}, for example "
                    f"{self.group_label(closest, 'en')} (still needed: {self.names(lacking, 'en')}).",
                }
            return explanation, missing

        keys = self.c.rule_keys[index]
        explanation, missing = self.keyed(index, keys, covered & keys, build)
        return RuleResult(
            rule.id,
            done >= k,
            [i.earned.id for i in self.assigned[index]],
            explanation,
            missing,
            (float(min(done, k)), float(k)),
            rule.type,
        )

    def group_label(self, group: object, language: str) -> str:
        label = group.label  # type: ignore[attr-defined]
        if label:
            return _quote(label.get(language) or label.get("en", ""), language)
        return self.names(group.items, language)  # type: ignore[attr-defined]

    def criteria(self, index: int, rule: Criteria) -> RuleResult:
        items = self.assigned[index]
        have = _measure(items, self.c)
        need = _exact(rule.credits)

        def build() -> tuple[Text, Text | None]:
            ar, en = self.criteria_words(rule)
            explanation = {
                "ar": f"تحتاج إلى {show(need)} ECTS من شهادات مصغّرة {ar}؛ لديك {show(have)} ECTS.",
                "en": f"You need {show(need)} ECTS from micro-credentials {en}; you have {show(have)} ECTS.",
            }
            missing: Text | None = None
            if have < need:
                gap = show(need - have)
                missing = {
                    "ar": f"{gap} ECTS إضافية من شهادات مصغّرة {ar}.",
                    "en": f"{gap} more ECTS from micro-credentials {en}.",
                }
            return explanation, missing

        explanation, missing = self.texts(index, have, build)
        return RuleResult(
            rule.id,
            have >= need,
            [i.earned.id for i in items],
            explanation,
            missing,
            (float(min(have, need)), float(need)),
            rule.type,
        )

    @staticmethod
    def criteria_words(rule: Criteria) -> tuple[str, str]:
        ar: list[str] = []
        en: list[str] = []
        if rule.isced:
            codes = ", ".join(rule.isced)
            ar.append(f"في المجال ISCED-F {codes}")
            en.append(f"in ISCED-F field {codes}")
        if rule.min_eqf_level is not None:
            ar.append(f"بمستوى الإطار الأوروبي {rule.min_eqf_level} أو أعلى")
            en.append(f"at EQF level {rule.min_eqf_level} or above")
        if rule.providers:
            ar.append(f"من {join(list(rule.providers), 'ar')}")
            en.append(f"from {join(list(rule.providers), 'en')}")
        if not ar:
            return "من أي مجال أو جهة", "in any field, from any provider"
        return " ".join(ar), " ".join(en)

    def credits(self, index: int, rule: MinCredits | MinCreditsAtLevel | FieldRule) -> RuleResult:
        if isinstance(rule, MinCreditsAtLevel):
            items = [i for i in self.counted if i.earned.eqf_level is not None and i.earned.eqf_level >= rule.eqf_level]
            what_ar, what_en = (
                f"بمستوى الإطار الأوروبي {rule.eqf_level} أو أعلى",
                f"at EQF level {rule.eqf_level} or above",
            )
        elif isinstance(rule, FieldRule):
            items = [i for i in self.counted if i.earned.isced.startswith(rule.isced)]
            codes = ", ".join(rule.isced)
            what_ar, what_en = f"في المجال ISCED-F {codes}", f"in ISCED-F field {codes}"
        else:
            items = self.counted
            what_ar, what_en = "إجمالًا", "in total"
        have = _measure(items, self.c) if items is not self.counted else self.total
        need = _exact(rule.credits)

        def build() -> tuple[Text, Text | None]:
            hours_ar = hours_en = ""
            if rule.unit == "CH":
                hours_ar = f" (أي {show(rule.amount)} من الساعات المعتمدة)"
                hours_en = f" ({show(rule.amount)} credit hours)"
            explanation = {
                "ar": f"تحتاج إلى {show(need)} ECTS على الأقل{hours_ar} {what_ar}؛ لديك {show(have)} ECTS.",
                "en": f"You need at least {show(need)} ECTS{hours_en} {what_en}; you have {show(have)} ECTS.",
            }
            missing: Text | None = None
            if have < need:
                gap = show(need - have)
                missing = {"ar": f"{gap} ECTS إضافية {what_ar}.", "en": f"{gap} more ECTS {what_en}."}
            return explanation, missing

        explanation, missing = self.texts(index, have, build)
        return RuleResult(
            rule.id,
            have >= need,
            [i.earned.id for i in items],
            explanation,
            missing,
            (float(min(have, need)), float(need)),
            rule.type,
        )

    def cap(self, index: int, rule: MaxExternalCredits | MaxRplCredits) -> RuleResult:
        kind = EXTERNAL if isinstance(rule, MaxExternalCredits) else RPL
        items = [i for i in self.counted if i.kind == kind]
        have: Number = sum((i.credits for i in items), 0) if items else 0

        def build() -> tuple[Text, Text | None]:
            if kind == EXTERNAL:
                what_ar, what_en = "من جهات أخرى", "from other providers"
            else:
                what_ar, what_en = "من الاعتراف بالتعلم السابق", "from recognition of prior learning"
            explanation = {
                "ar": f"تُحتسب {show(rule.credits)} ECTS على الأكثر {what_ar}؛ لديك {show(have)} ECTS {what_ar}.",
                "en": f"At most {show(rule.credits)} ECTS {what_en} count; you have {show(have)} ECTS {what_en}.",
            }
            if have > rule.credits:
                over = show(_exact(Fraction(have - rule.credits)))
                explanation["ar"] += f" لذلك لا تُحتسب {over} ECTS منها."
                explanation["en"] += f" So {over} ECTS of them do not count."
            return explanation, None

        explanation, _ = self.texts(index, have, build)
        return RuleResult(rule.id, True, [i.earned.id for i in items], explanation, None, (1.0, 1.0), rule.type)

    def filter(self, index: int, rule: Rule) -> RuleResult:
        dropped = self.excluded.get(rule.id, [])
        if not dropped and not isinstance(rule, Prerequisite):
            explanation, _ = self.texts(index, -1, lambda: (self.filter_text(rule), None))
            return RuleResult(rule.id, True, [], explanation, None, (1.0, 1.0), rule.type)
        explanation = self.filter_text(rule)
        why_ar, why_en = _WHY[rule.type]
        if dropped:
            explanation["ar"] += f" لا تُحتسب {self.item_names(dropped, 'ar')} {why_ar}."
            explanation["en"] += f" Not counted {why_en}: {self.item_names(dropped, 'en')}."
        return RuleResult(rule.id, True, [], explanation, None, (1.0, 1.0), rule.type)

    def filter_text(self, rule: Rule) -> Text:
        if isinstance(rule, Recency):
            explanation = {
                "ar": f"تُحتسب فقط الشهادات التي حصلت عليها خلال {years_ar(rule.years, last=True)}.",
                "en": f"Only credentials earned in the last {years_en(rule.years)} count.",
            }
        elif isinstance(rule, MinGrade):
            explanation = {
                "ar": f"تُحتسب فقط الشهادات بدرجة {show(rule.grade)} على الأقل (أو بتقدير ناجح).",
                "en": f"Only credentials with a grade of at least {show(rule.grade)} (or a pass) count.",
            }
        else:
            assert isinstance(rule, Prerequisite)
            explanation = {
                "ar": f"تُحتسب {self.names([rule.item], 'ar')} فقط بعد الحصول على {self.names(rule.requires, 'ar')}.",
                "en": f"{self.names([rule.item], 'en')} counts only after {self.names(rule.requires, 'en')}.",
            }
        return explanation


_WHY = {
    "recency": ("لأنها أقدم من ذلك", "because they are older"),
    "min_grade": ("لأن درجتها أقل", "because their grade is lower"),
    "prerequisite": ("لأنك حصلت عليها قبل متطلبها السابق", "because it was earned before its prerequisite"),
}
_HANDLERS: dict[str, Callable[[_Context, int, Any], RuleResult]] = {
    "required": _Context.required,
    "choose": _Context.choose,
    "criteria": _Context.criteria,
    "min_credits": _Context.credits,
    "min_credits_at_level": _Context.credits,
    "field": _Context.credits,
    "max_external_credits": _Context.cap,
    "max_rpl_credits": _Context.cap,
    "recency": _Context.filter,
    "min_grade": _Context.filter,
    "prerequisite": _Context.filter,
}


_NOT_MATCHING = _not_listed_text("open")
_NOT_LISTED = _not_listed_text("elective")
