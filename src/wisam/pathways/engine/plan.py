"""Plan the cheapest set of published micro-credentials (fewest ECTS or lowest fees) that completes a pathway.

Method (docs/pathways.md): keep only offers that can help (named by a rule or meeting a criteria rule), each with
the prerequisites it drags in; if even all of them cannot complete the pathway the plan is infeasible and says what
would still be missing. Otherwise a branch-and-bound search over subsets of the candidates finds the cheapest set
(exact up to EXACT_LIMIT candidates and NODE_BUDGET evaluations): it starts from the greedy plan as a first bound,
stops a branch when its cost reaches the best found or when the credits still missing cannot be bought within that
cost (a fractional-knapsack lower bound), and tries only the cheapest of offers that look alike to the rules. Beyond
EXACT_LIMIT candidates the greedy heuristic alone adds the offer with the best progress per cost until the pathway
holds, then drops offers that turned out unnecessary (Plan.exact is then False).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

from .evaluate import _criteria_match, _Item, compiled, evaluate, join, show
from .types import Earned, Evaluation, Offer, Pathway, Plan, Required, Text, to_fraction

__all__ = ["EXACT_LIMIT", "plan"]

EXACT_LIMIT = 25  # candidate offers for which the search is exact
NODE_BUDGET = 20_000  # evaluations before the exact search settles for the best plan found so far
CREDIT_RULES = ("min_credits", "min_credits_at_level", "field", "criteria", "target")


def plan(
    pathway: Pathway,
    record: Sequence[Earned],
    catalogue: Sequence[Offer],
    *,
    today: date,
    objective: str = "credits",
    titles: Mapping[str, Text] | None = None,
) -> Plan:
    """The offers to add to `record` so that `pathway` is satisfied, minimising ECTS ("credits") or fees ("fees").

    Steps are ordered so that each offer's prerequisites are earned or planned earlier. Exact search for up to ~25
    candidate offers; a documented greedy heuristic beyond (Plan.exact is then False).
    """
    if objective not in ("credits", "fees"):
        raise ValueError(f"Unknown objective {objective!r}: use 'credits' or 'fees'.")
    names = dict(titles or {})
    for offer in catalogue:
        names.setdefault(offer.key, offer.title)
    base = evaluate(pathway, record, today=today, titles=names)
    if base.satisfied:
        return Plan(
            feasible=True,
            steps=[],
            total_credits_ects=0.0,
            total_fees=0.0,
            explanation={
                "ar": "أكملت متطلبات هذا المسار؛ لا حاجة إلى شهادات أخرى.",
                "en": "You have already met this pathway's requirements; nothing more is needed.",
            },
        )
    return _Planner(pathway, record, catalogue, today, objective, names, base).run()


class _Planner:
    def __init__(
        self,
        pathway: Pathway,
        record: Sequence[Earned],
        catalogue: Sequence[Offer],
        today: date,
        objective: str,
        names: dict[str, Text],
        base: Evaluation,
    ) -> None:
        self.pathway = pathway
        self.record = list(record)
        self.today = today
        self.objective = objective
        self.names = names
        self.base = base
        self.c = compiled(pathway)
        self.earned = {k for e in record for k in (e.key, e.recognised_as) if k is not None}
        offers: dict[str, Offer] = {}
        for offer in catalogue:
            current = offers.get(offer.key)
            if current is None or self.cost(offer) < self.cost(current):
                offers[offer.key] = offer
        self.offers = offers
        self.evaluations = 0
        self.cache: dict[frozenset[str], Evaluation] = {}

    # --- costs -------------------------------------------------------------------------------------------------
    def cost(self, offer: Offer) -> tuple[Fraction, Fraction]:
        credits, fee = to_fraction(offer.credits_ects), to_fraction(offer.fee)
        return (credits, fee) if self.objective == "credits" else (fee, credits)

    def total(self, keys: frozenset[str]) -> tuple[Fraction, Fraction]:
        first, second = Fraction(0), Fraction(0)
        for key in keys:
            a, b = self.cost(self.offers[key])
            first += a
            second += b
        return first, second

    # --- structure ---------------------------------------------------------------------------------------------
    def needs(self, key: str) -> set[str]:
        offer = self.offers[key]
        return (set(offer.prerequisites) | self.c.prerequisites.get(key, set())) - self.earned

    def closure(self, key: str) -> frozenset[str] | None:
        """The offer with every prerequisite it needs, or None when a prerequisite cannot be taken."""
        seen: set[str] = set()
        stack = [key]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            if current not in self.offers:
                return None
            seen.add(current)
            stack.extend(self.needs(current))
        return frozenset(seen)

    def helps(self, offer: Offer) -> bool:
        if offer.key in self.base.earned_keys:
            return False
        if not self.c.has_consuming or offer.key in self.c.key_rules:
            return True
        probe = _Item(self.as_earned(offer, 0), self.pathway.home_provider)
        return any(_criteria_match(self.pathway.rules[i], probe) for i in self.c.criteria)  # type: ignore[arg-type]

    def as_earned(self, offer: Offer, position: int) -> Earned:
        return Earned(
            id=f"plan:{offer.key}",
            key=offer.key,
            title=offer.title,
            provider=offer.provider,
            credits_ects=offer.credits_ects,
            eqf_level=offer.eqf_level,
            isced=offer.isced,
            earned_on=self.today + timedelta(days=position + 1),
            grade=None,
            source="wisam",
        )

    def order(self, keys: frozenset[str]) -> list[Offer]:
        """Prerequisites first, then the order required items must be earned in, then by level and key."""
        after: dict[str, set[str]] = {key: self.needs(key) & keys for key in keys}
        for rule in self.pathway.rules:
            if isinstance(rule, Required) and rule.in_order:
                chain = [key for key in rule.items if key in keys]
                for earlier, later in pairwise(chain):
                    after[later].add(earlier)
        ordered: list[Offer] = []
        placed: set[str] = set()
        remaining = set(keys)
        while remaining:
            ready = [k for k in remaining if after[k] <= placed] or list(remaining)  # a cycle cannot block the plan
            ready.sort(key=lambda k: (self.offers[k].eqf_level or 0, k))
            nxt = ready[0]
            ordered.append(self.offers[nxt])
            placed.add(nxt)
            remaining.discard(nxt)
        return ordered

    def evaluate(self, keys: frozenset[str]) -> Evaluation:
        hit = self.cache.get(keys)
        if hit is None:
            self.evaluations += 1
            planned = [self.as_earned(offer, i) for i, offer in enumerate(self.order(keys))]
            hit = evaluate(self.pathway, self.record + planned, today=self.today, titles=self.names)
            self.cache[keys] = hit
        return hit

    # --- search ------------------------------------------------------------------------------------------------
    def run(self) -> Plan:
        bundles: dict[str, frozenset[str]] = {}
        for key, offer in sorted(self.offers.items()):
            if self.helps(offer):
                bundle = self.closure(key)
                if bundle is not None:
                    bundles[key] = bundle
        everything = frozenset(k for bundle in bundles.values() for k in bundle)
        full = self.evaluate(everything)
        if not full.satisfied:
            return self.infeasible(full)
        forced: frozenset[str] = frozenset()
        for rule in self.pathway.rules:
            if isinstance(rule, Required) and not rule.shares:
                for key in rule.items:
                    if key not in self.base.earned_keys and key in bundles:
                        forced |= bundles[key]
        candidates = sorted((key for key in bundles if key not in forced), key=lambda k: (self.total(bundles[k]), k))
        if len(candidates) > EXACT_LIMIT:
            chosen, exact = self.greedy(forced, candidates, bundles), False
        else:
            chosen, exact = self.exact(forced, candidates, bundles, everything)
        return self.explain(chosen, exact)

    def deficit(self, evaluation: Evaluation) -> Fraction:
        """Credits still missing for the hungriest credit rule (a lower bound on the credits left to buy)."""
        gap = 0.0
        for result in evaluation.rules:
            if not result.satisfied and result.type in CREDIT_RULES:
                gap = max(gap, result.progress[1] - result.progress[0])
        # progress is in float: round down a little so that the bound stays a lower bound
        return max(Fraction(0), to_fraction(round(gap, 6)) - Fraction(1, 10**6))

    def bound(self, deficit: Fraction, keys: list[str], chosen: frozenset[str]) -> Fraction:
        """The least cost that buys `deficit` more credits from `keys` (fractional knapsack)."""
        if deficit <= 0:
            return Fraction(0)
        if self.objective == "credits":
            return deficit
        rates = []
        for key in keys:
            if key in chosen:
                continue
            offer = self.offers[key]
            credits = to_fraction(offer.credits_ects)
            if credits > 0:
                rates.append((to_fraction(offer.fee) / credits, credits))
        rates.sort()
        cost = Fraction(0)
        for rate, credits in rates:
            take = min(credits, deficit)
            cost += rate * take
            deficit -= take
            if deficit <= 0:
                return cost
        return cost

    def exact(
        self,
        forced: frozenset[str],
        candidates: list[str],
        bundles: dict[str, frozenset[str]],
        everything: frozenset[str],
    ) -> tuple[frozenset[str], bool]:
        best: list[object] = [self.total(everything), everything]
        start_plan = self.greedy(forced, candidates, bundles)  # a good first plan makes the bound bite early
        if self.evaluate(start_plan).satisfied and self.total(start_plan) < best[0]:  # type: ignore[operator]
            best[0], best[1] = self.total(start_plan), start_plan
        complete = [True]
        # Offers that no rule names and no prerequisite involves are interchangeable when they look alike to the
        # rules (same credits, level, field and provider): trying the cheapest of each look-alike class is enough.
        tied = set(self.c.prerequisites) | {k for ks in self.c.prerequisites.values() for k in ks}
        for bundle in bundles.values():
            if len(bundle) > 1:
                tied |= bundle
        signature: dict[str, object] = {}
        for key in candidates:
            offer = self.offers[key]
            if key in self.c.key_rules or key in tied:
                signature[key] = key
            else:
                signature[key] = (offer.credits_ects, offer.eqf_level, offer.isced, offer.provider)

        def dfs(start: int, chosen: frozenset[str]) -> None:
            cost = self.total(chosen)
            if cost >= best[0]:  # type: ignore[operator]
                return
            if self.evaluations > NODE_BUDGET:
                complete[0] = False
                return
            evaluation = self.evaluate(chosen)
            if evaluation.satisfied:
                best[0], best[1] = cost, chosen
                return
            if cost[0] + self.bound(self.deficit(evaluation), candidates[start:], chosen) >= best[0][0]:  # type: ignore[index]
                return
            tried: set[object] = set()
            for index in range(start, len(candidates)):
                key = candidates[index]
                if key in chosen or signature[key] in tried:
                    continue
                tried.add(signature[key])
                dfs(index + 1, chosen | bundles[key])

        dfs(0, forced)
        return best[1], complete[0]  # type: ignore[return-value]

    def greedy(
        self, forced: frozenset[str], candidates: list[str], bundles: dict[str, frozenset[str]]
    ) -> frozenset[str]:
        chosen = forced
        evaluation = self.evaluate(chosen)
        while not evaluation.satisfied:
            current = _score(evaluation)
            best_key, best_gain, best_eval = None, -1.0, evaluation
            for key in candidates:
                if key in chosen:
                    continue
                trial = chosen | bundles[key]
                trial_eval = self.evaluate(trial)
                spent = float(self.total(trial)[0] - self.total(chosen)[0]) or 1e-9
                gain = (_score(trial_eval) - current) / spent
                if trial_eval.satisfied:
                    gain += 1e6
                if gain > best_gain:
                    best_key, best_gain, best_eval = key, gain, trial_eval
            if best_key is None:
                break
            chosen, evaluation = chosen | bundles[best_key], best_eval
        # drop what turned out unnecessary, most expensive first
        for key in sorted(chosen, key=lambda k: self.cost(self.offers[k]), reverse=True):
            smaller = chosen - {key}
            if all(not (self.needs(other) & {key}) for other in smaller) and self.evaluate(smaller).satisfied:
                chosen = smaller
        return chosen

    # --- results -----------------------------------------------------------------------------------------------
    def infeasible(self, full: Evaluation) -> Plan:
        missing_ar = " ".join(m["ar"] for m in full.missing)
        missing_en = " ".join(m["en"] for m in full.missing)
        absent = sorted(k for k in self.c.key_rules if k not in self.offers and k not in self.base.earned_keys)
        if absent:
            shown = {
                lang: join(
                    [f"«{_name(self.names, k, lang)}»" if lang == "ar" else _name(self.names, k, lang) for k in absent],
                    lang,
                )
                for lang in ("ar", "en")
            }
            missing_ar += f" غير متاحة حاليًا: {shown['ar']}."
            missing_en += f" Not offered now: {shown['en']}."
        return Plan(
            feasible=False,
            steps=[],
            total_credits_ects=0.0,
            total_fees=0.0,
            explanation={
                "ar": f"لا يمكن إكمال هذا المسار بالشهادات المصغّرة المنشورة حاليًا، حتى لو أخذتها كلها. {missing_ar}",
                "en": "This pathway cannot be completed with the micro-credentials published now, even taking all "
                f"of them. {missing_en}",
            },
        )

    def explain(self, chosen: frozenset[str], exact: bool) -> Plan:
        steps = self.order(chosen)
        credits = sum((to_fraction(o.credits_ects) for o in steps), Fraction(0))
        fees = sum((to_fraction(o.fee) for o in steps), Fraction(0))
        listed = {
            lang: join(
                [(f"«{o.title.get(lang) or o.key}»" if lang == "ar" else o.title.get(lang) or o.key) for o in steps],
                lang,
            )
            for lang in ("ar", "en")
        }
        if self.objective == "credits":
            why_ar, why_en = "أقل عدد من الوحدات يكمل المسار", "the fewest credits that complete the pathway"
        else:
            why_ar, why_en = "أقل رسوم إجمالية تكمل المسار", "the lowest total fees that complete the pathway"
        if not exact:
            why_ar, why_en = f"خطة تقريبية تسعى إلى {why_ar}", f"an approximate plan aiming at {why_en}"
        count = len(steps)
        fees_ar = f"، الرسوم {show(fees)}" if fees else ""
        fees_en = f", fees {show(fees)}" if fees else ""
        return Plan(
            feasible=True,
            steps=steps,
            total_credits_ects=float(credits),
            total_fees=float(fees),
            explanation={
                "ar": f"خذ بهذا الترتيب: {listed['ar']} (عددها {count}، {show(credits)} ECTS{fees_ar}). "
                f"هذه {why_ar}، مع احترام المتطلبات السابقة.",
                "en": f"Take, in this order: {listed['en']} ({count} micro-credential{'s' if count != 1 else ''}, "
                f"{show(credits)} ECTS{fees_en}). This is {why_en}, respecting prerequisites.",
            },
            exact=exact,
        )


def _score(evaluation: Evaluation) -> float:
    return sum(
        1.0 if r.satisfied else r.progress[0] / r.progress[1] if r.progress[1] else 0.0 for r in evaluation.rules
    )


def _name(names: Mapping[str, Text], key: str, language: str) -> str:
    text = names.get(key)
    return (text.get(language) or text.get("en") or key) if text else key
