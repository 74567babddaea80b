"""Parse and validate pathway rule data (the JSON stored per pathway version) into engine types, and back."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from .types import (
    CONSUMING_TYPES,
    ECTS_PER_CH,
    KINDS,
    RULE_TYPES,
    UNIT_CH,
    UNIT_ECTS,
    UNITS,
    Choose,
    Criteria,
    FieldRule,
    Group,
    MaxExternalCredits,
    MaxRplCredits,
    MinCredits,
    MinCreditsAtLevel,
    MinGrade,
    Pathway,
    PathwayError,
    Prerequisite,
    Problem,
    Recency,
    Required,
    Rule,
    Text,
)

__all__ = [
    "PathwayError",
    "Problem",
    "ch_to_ects",
    "ects_to_ch",
    "parse_pathway",
    "pathway_to_data",
    "referenced_keys",
]

_ISCED = re.compile(r"^\d{2,4}$")
_RULE_TYPE_LIST = ", ".join(sorted(RULE_TYPES))


def ch_to_ects(amount: Fraction) -> Fraction:
    """Palestinian credit hours to ECTS with the default factor (1 CH = 1.5 ECTS), exactly."""
    return amount * ECTS_PER_CH


def ects_to_ch(amount: Fraction) -> Fraction:
    """ECTS to Palestinian credit hours (the inverse of ch_to_ects), exactly."""
    return amount / ECTS_PER_CH


class _Reader:
    """Collects every problem while reading, so that an author sees all of them at once."""

    def __init__(self, convert: Callable[[Fraction], Fraction]) -> None:
        self.problems: list[Problem] = []
        self.convert = convert

    def add(self, path: str, ar: str, en: str) -> None:
        self.problems.append(Problem(path=path, message={"ar": ar, "en": en}))

    def number(self, value: Any, path: str, *, minimum: Fraction = Fraction(0)) -> Fraction | None:
        parsed: Fraction | None = None
        if isinstance(value, bool) or value is None:
            parsed = None
        elif isinstance(value, int | float | str):
            try:
                parsed = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
            except (ValueError, ZeroDivisionError):
                parsed = None
        if parsed is None:
            self.add(path, "يجب أن تكون القيمة رقمًا، مثل 10 أو 7.5.", "Must be a number, such as 10 or 7.5.")
            return None
        if parsed < minimum:
            self.add(
                path,
                f"يجب ألا تقل القيمة عن {_show(minimum)}؛ أدخل صفرًا أو رقمًا موجبًا.",
                f"Must be at least {_show(minimum)}; enter zero or a positive number.",
            )
            return None
        return parsed

    def integer(self, value: Any, path: str, *, minimum: int, maximum: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, "يجب أن تكون القيمة عددًا صحيحًا، مثل 2.", "Must be a whole number, such as 2.")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            span_en = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            span_ar = f"بين {minimum} و{maximum}" if maximum is not None else f"لا تقل عن {minimum}"
            self.add(path, f"يجب أن تكون القيمة {span_ar}.", f"Must be {span_en}.")
            return None
        return value

    def keys(self, value: Any, path: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(
                path,
                'يجب أن تكون قائمة بمعرّفات الشهادات المصغّرة، مثل ["mc:12", "mc:15"].',
                'Must be a list of micro-credential keys, such as ["mc:12", "mc:15"].',
            )
            return ()
        if not value and not allow_empty:
            self.add(
                path,
                "القائمة فارغة؛ أضف شهادة مصغّرة واحدة على الأقل.",
                "The list is empty; add at least one micro-credential.",
            )
            return ()
        seen: set[str] = set()
        for index, key in enumerate(value):
            if key in seen:
                self.add(
                    f"{path}[{index}]",
                    f"«{key}» مكرّر؛ احذف التكرار.",
                    f'"{key}" is listed twice; remove the duplicate.',
                )
            seen.add(key)
        return tuple(value)

    def isced(self, value: Any, path: str, *, allow_empty: bool) -> tuple[str, ...]:
        if value is None and allow_empty:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and _ISCED.match(v) for v in value):
            self.add(
                path,
                'يجب أن تكون قائمة برموز مجالات ISCED-F من 2 إلى 4 أرقام، مثل ["061"].',
                'Must be a list of ISCED-F field codes of 2 to 4 digits, such as ["061"].',
            )
            return ()
        if not value and not allow_empty:
            self.add(path, "أضف رمز مجال واحدًا على الأقل.", "Add at least one field code.")
        return tuple(value)

    def text(self, value: Any, path: str) -> Text | None:
        if value is None:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(value.get(lang), str) and value[lang].strip() for lang in ("ar", "en")
        ):
            self.add(
                path,
                'يجب أن يكون نصًا بالعربية والإنجليزية: {"ar": "...", "en": "..."}.',
                'Must be a text in Arabic and English: {"ar": "...", "en": "..."}.',
            )
            return None
        return {"ar": value["ar"], "en": value["en"]}

    def flag(self, value: Any, path: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.add(path, "يجب أن تكون القيمة true أو false.", "Must be true or false.")
            return False
        return value

    def credits(self, rule: Mapping[str, Any], name: str, path: str) -> tuple[Fraction, Fraction, str] | None:
        """(ECTS, amount as written, unit) for a credit amount with its optional "unit"."""
        unit = rule.get("unit", UNIT_ECTS)
        if unit not in UNITS:
            self.add(
                f"{path}.unit",
                f"وحدة غير معروفة «{unit}»؛ استخدم ECTS أو CH (الساعات المعتمدة).",
                f'Unknown unit "{unit}"; use ECTS or CH (credit hours).',
            )
            unit = None
        if name not in rule:
            self.add(
                f"{path}.{name}",
                "هذا الحقل مطلوب؛ أدخل عدد الساعات أو الوحدات.",
                "This field is required; enter the number of credits.",
            )
            return None
        amount = self.number(rule[name], f"{path}.{name}")
        if amount is None or unit is None:
            return None
        return (self.convert(amount) if unit == UNIT_CH else amount), amount, unit


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def parse_pathway(
    data: Mapping[str, Any],
    *,
    home_provider: str = "",
    ch_to_ects: Callable[[Fraction], Fraction] | None = None,
) -> Pathway:
    """Parse rule data into a validated Pathway; raises PathwayError listing every problem (path + how to fix).

    `home_provider` is used when `data` has no "home_provider" key (A2 stores it on the model, not in the JSON).
    `ch_to_ects` converts credit hours to ECTS (default: x 1.5).
    """
    reader = _Reader(ch_to_ects or globals()["ch_to_ects"])
    if not isinstance(data, Mapping):
        raise PathwayError(
            [
                Problem(
                    "",
                    {
                        "ar": "يجب أن يكون تعريف المسار كائن JSON.",
                        "en": "The pathway definition must be a JSON object.",
                    },
                )
            ]
        )
    kind = data.get("kind")
    if kind not in KINDS:
        reader.add(
            "kind",
            "نوع المسار يجب أن يكون rigid (متسلسل ثابت) أو elective (اختياري من قائمة) أو open (مفتوح بمعايير).",
            "The pathway kind must be rigid (fixed sequence), elective (choose from a list) or open (criteria).",
        )
    home = data.get("home_provider", home_provider)
    if not isinstance(home, str):
        reader.add("home_provider", "يجب أن يكون معرّف المؤسسة نصًا.", "The home institution must be a text slug.")
        home = ""
    target: Fraction | None = None
    target_amount: Fraction | None = None
    target_unit = UNIT_ECTS
    if data.get("target_credits_ects") is not None:
        target = target_amount = reader.number(data["target_credits_ects"], "target_credits_ects")
    elif data.get("target_credits") is not None:
        parsed = reader.credits(
            {"unit": data.get("target_unit", UNIT_ECTS), "c": data["target_credits"]}, "c", "target"
        )
        if parsed is not None:
            target, target_amount, target_unit = parsed
    raw_rules = data.get("rules")
    rules: list[Rule] = []
    if not isinstance(raw_rules, list) or not raw_rules:
        reader.add("rules", "أضف قاعدة واحدة على الأقل إلى المسار.", "Add at least one rule to the pathway.")
        raw_rules = []
    seen_ids: dict[str, int] = {}
    positions: list[int] = []
    for index, raw in enumerate(raw_rules):
        path = f"rules[{index}]"
        if not isinstance(raw, Mapping):
            reader.add(path, "يجب أن تكون كل قاعدة كائن JSON.", "Each rule must be a JSON object.")
            continue
        rule_id = raw.get("id")
        if not isinstance(rule_id, str) or not rule_id.strip():
            reader.add(f"{path}.id", 'أعط القاعدة معرّفًا نصيًا، مثل "core".', 'Give the rule a text id, such as "core".')
            rule_id = f"rule-{index + 1}"
        elif rule_id in seen_ids:
            reader.add(
                f"{path}.id",
                f"المعرّف «{rule_id}» مستخدم في القاعدة {seen_ids[rule_id] + 1}؛ اختر معرّفًا فريدًا.",
                f'The id "{rule_id}" is already used by rule {seen_ids[rule_id] + 1}; choose a unique id.',
            )
        else:
            seen_ids[rule_id] = index
        rule = _parse_rule(reader, raw, rule_id, path)
        if rule is not None:
            rules.append(rule)
            positions.append(index)
    _check_cycles(reader, rules, positions)
    if reader.problems:
        raise PathwayError(reader.problems)
    return Pathway(
        kind=str(kind),
        home_provider=home,
        rules=tuple(rules),
        target_credits_ects=target,
        target_amount=target_amount,
        target_unit=target_unit,
    )


def _parse_rule(reader: _Reader, raw: Mapping[str, Any], rule_id: str, path: str) -> Rule | None:
    kind = raw.get("type")
    label = reader.text(raw.get("label"), f"{path}.label")
    if kind not in RULE_TYPES:
        reader.add(
            f"{path}.type",
            f"نوع قاعدة غير معروف «{kind}»؛ الأنواع المتاحة: {_RULE_TYPE_LIST}.",
            f'Unknown rule type "{kind}"; available types: {_RULE_TYPE_LIST}.',
        )
        return None
    shares = reader.flag(raw.get("shares"), f"{path}.shares") if kind in CONSUMING_TYPES else False
    before = len(reader.problems)
    rule: Rule | None = None
    if kind == "required":
        rule = Required(
            id=rule_id,
            items=reader.keys(raw.get("items"), f"{path}.items"),
            in_order=reader.flag(raw.get("in_order"), f"{path}.in_order"),
            shares=shares,
            label=label,
        )
    elif kind == "choose":
        rule = _parse_choose(reader, raw, rule_id, path, shares, label)
    elif kind == "criteria":
        credits = reader.credits(raw, "min_credits", path)
        level = raw.get("min_eqf_level")
        providers = raw.get("providers") or []
        if not isinstance(providers, list) or not all(isinstance(p, str) and p for p in providers):
            reader.add(
                f"{path}.providers", "يجب أن تكون قائمة بمعرّفات المؤسسات.", "Must be a list of institution slugs."
            )
            providers = []
        if credits is not None:
            rule = Criteria(
                id=rule_id,
                credits=credits[0],
                amount=credits[1],
                unit=credits[2],
                isced=reader.isced(raw.get("isced"), f"{path}.isced", allow_empty=True),
                min_eqf_level=None
                if level is None
                else reader.integer(level, f"{path}.min_eqf_level", minimum=1, maximum=8),
                providers=tuple(providers),
                shares=shares,
                label=label,
            )
    elif kind in ("min_credits", "max_external_credits", "max_rpl_credits"):
        credits = reader.credits(raw, "credits", path)
        if credits is not None:
            cls: type[MinCredits | MaxExternalCredits | MaxRplCredits] = MinCredits
            if kind == "max_external_credits":
                cls = MaxExternalCredits
            elif kind == "max_rpl_credits":
                cls = MaxRplCredits
            rule = cls(id=rule_id, credits=credits[0], amount=credits[1], unit=credits[2], label=label)
    elif kind == "min_credits_at_level":
        credits = reader.credits(raw, "credits", path)
        level = reader.integer(raw.get("eqf_level"), f"{path}.eqf_level", minimum=1, maximum=8)
        if credits is not None and level is not None:
            rule = MinCreditsAtLevel(
                id=rule_id, credits=credits[0], amount=credits[1], unit=credits[2], eqf_level=level, label=label
            )
    elif kind == "field":
        credits = reader.credits(raw, "min_credits", path)
        isced = reader.isced(raw.get("isced"), f"{path}.isced", allow_empty=False)
        if credits is not None:
            rule = FieldRule(
                id=rule_id, isced=isced, credits=credits[0], amount=credits[1], unit=credits[2], label=label
            )
    elif kind == "recency":
        years = reader.integer(raw.get("years"), f"{path}.years", minimum=1, maximum=100)
        if years is not None:
            rule = Recency(id=rule_id, years=years, label=label)
    elif kind == "min_grade":
        grade = reader.number(raw.get("grade"), f"{path}.grade")
        if grade is not None and grade > 100:
            reader.add(
                f"{path}.grade",
                "الدرجة من 0 إلى 100؛ أدخل قيمة لا تزيد على 100.",
                "Grades run from 0 to 100; enter at most 100.",
            )
        elif grade is not None:
            rule = MinGrade(id=rule_id, grade=grade, label=label)
    elif kind == "prerequisite":
        item = raw.get("item")
        if not isinstance(item, str) or not item.strip():
            reader.add(
                f"{path}.item",
                'أدخل معرّف الشهادة المصغّرة، مثل "mc:21".',
                'Enter the micro-credential key, such as "mc:21".',
            )
            item = ""
        requires = reader.keys(raw.get("requires"), f"{path}.requires")
        rule = Prerequisite(id=rule_id, item=item, requires=requires, label=label)
    return rule if len(reader.problems) == before else None


def _parse_choose(
    reader: _Reader, raw: Mapping[str, Any], rule_id: str, path: str, shares: bool, label: Text | None
) -> Choose | None:
    raw_groups = raw.get("groups")
    groups: list[Group] = []
    if not isinstance(raw_groups, list) or not raw_groups:
        reader.add(
            f"{path}.groups", "أضف مجموعة واحدة على الأقل للاختيار منها.", "Add at least one group to choose from."
        )
        raw_groups = []
    for index, group in enumerate(raw_groups):
        group_path = f"{path}.groups[{index}]"
        if not isinstance(group, Mapping):
            reader.add(
                group_path,
                'يجب أن تكون المجموعة كائنًا فيه "label" و"items".',
                'Each group must be an object with "label" and "items".',
            )
            continue
        group_label = reader.text(group.get("label"), f"{group_path}.label") or {}
        groups.append(Group(label=group_label, items=reader.keys(group.get("items"), f"{group_path}.items")))
    owner: dict[str, int] = {}
    for index, group in enumerate(groups):
        for key in group.items:
            if key in owner and owner[key] != index:
                reader.add(
                    f"{path}.groups[{index}].items",
                    f"«{key}» مدرجة أيضًا في المجموعة {owner[key] + 1}؛ أدرجها في مجموعة واحدة فقط.",
                    f'"{key}" is also listed in group {owner[key] + 1}; list it in one group only.',
                )
            owner.setdefault(key, index)
    k = reader.integer(raw.get("k"), f"{path}.k", minimum=1)
    if k is not None and raw_groups and k > len(raw_groups):
        reader.add(
            f"{path}.k",
            f"لا يمكن اختيار {k} من {len(raw_groups)} مجموعات؛ قلّل k أو أضف مجموعات.",
            f"Cannot choose {k} of {len(raw_groups)} groups; lower k or add groups.",
        )
        return None
    if k is None:
        return None
    return Choose(id=rule_id, k=k, groups=tuple(groups), shares=shares, label=label)


def _check_cycles(reader: _Reader, rules: list[Rule], positions: list[int]) -> None:
    """Prerequisites must not form a cycle (A needs B, B needs A): nobody could ever complete them."""
    graph: dict[str, set[str]] = {}
    where: dict[str, int] = {}
    for index, rule in enumerate(rules):
        if isinstance(rule, Prerequisite):
            graph.setdefault(rule.item, set()).update(rule.requires)
            where.setdefault(rule.item, positions[index])
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*trail, node, nxt]
            if state.get(nxt) is None:
                found = visit(nxt, [*trail, node])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if state.get(start) is None:
            cycle = visit(start, [])
            if cycle:
                loop = cycle[cycle.index(cycle[-1]) :]
                shown = " → ".join(loop)
                shown_ar = " ← ".join(loop)
                reader.add(
                    f"rules[{where.get(cycle[-2], 0)}].requires",
                    f"المتطلبات السابقة تدور في حلقة ({shown_ar})؛ احذف أحد هذه المتطلبات.",
                    f"The prerequisites form a cycle ({shown}); remove one of them.",
                )
                return


def _number_out(value: Fraction) -> int | float | str:
    """A JSON number when it is exact, else a "p/q" string (which parse_pathway reads back exactly)."""
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    return as_float if Fraction(str(as_float)) == value else f"{value.numerator}/{value.denominator}"


def pathway_to_data(pathway: Pathway) -> dict[str, Any]:
    """The JSON-ready data of a pathway; parse_pathway(pathway_to_data(p)) == p."""
    data: dict[str, Any] = {"kind": pathway.kind, "home_provider": pathway.home_provider}
    if pathway.target_amount is not None:
        if pathway.target_unit == UNIT_ECTS:
            data["target_credits_ects"] = _number_out(pathway.target_amount)
        else:
            data["target_credits"] = _number_out(pathway.target_amount)
            data["target_unit"] = pathway.target_unit
    data["rules"] = [_rule_out(rule) for rule in pathway.rules]
    return data


def _rule_out(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rule.id, "type": rule.type}
    if isinstance(rule, Required):
        out["items"] = list(rule.items)
        out["in_order"] = rule.in_order
    elif isinstance(rule, Choose):
        out["k"] = rule.k
        out["groups"] = [{**({"label": dict(g.label)} if g.label else {}), "items": list(g.items)} for g in rule.groups]
    elif isinstance(rule, Criteria):
        out.update(min_credits=_number_out(rule.amount), unit=rule.unit, isced=list(rule.isced))
        out.update(min_eqf_level=rule.min_eqf_level, providers=list(rule.providers))
    elif isinstance(rule, FieldRule):
        out.update(isced=list(rule.isced), min_credits=_number_out(rule.amount), unit=rule.unit)
    elif isinstance(rule, MinCreditsAtLevel):
        out.update(credits=_number_out(rule.amount), unit=rule.unit, eqf_level=rule.eqf_level)
    elif isinstance(rule, MinCredits | MaxExternalCredits | MaxRplCredits):
        out.update(credits=_number_out(rule.amount), unit=rule.unit)
    elif isinstance(rule, Recency):
        out["years"] = rule.years
    elif isinstance(rule, MinGrade):
        out["grade"] = _number_out(rule.grade)
    elif isinstance(rule, Prerequisite):
        out.update(item=rule.item, requires=list(rule.requires))
    if isinstance(rule, Required | Choose | Criteria) and rule.shares:
        out["shares"] = True
    if rule.label is not None:
        out["label"] = dict(rule.label)
    return out


def referenced_keys(pathway: Pathway) -> set[str]:
    """Every micro-credential key the pathway names (required items, group items, prerequisites)."""
    keys: set[str] = set()
    for rule in pathway.rules:
        if isinstance(rule, Required):
            keys.update(rule.items)
        elif isinstance(rule, Choose):
            for group in rule.groups:
                keys.update(group.items)
        elif isinstance(rule, Prerequisite):
            keys.add(rule.item)
            keys.update(rule.requires)
    return keys


UNIT_NAMES: dict[str, Text] = {
    UNIT_ECTS: {"ar": "ECTS", "en": "ECTS"},
    UNIT_CH: {"ar": "ساعة معتمدة", "en": "credit hours"},
}
