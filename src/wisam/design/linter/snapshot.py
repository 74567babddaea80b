"""A plain, database-free picture of a specification version: what the linter's rules read.

`snapshot_from_version` builds it from the models; `snapshot_from_dict` from a JSON document (the API's lint
endpoint and tests use it, so specifications written elsewhere can be linted without being saved). Texts are
{"ar": ..., "en": ...}; a plain string is taken as Arabic or English by its script.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from wisam.design.linter.verbs import is_arabic

Text = dict[str, str]


def text(value: Any) -> Text:
    if value is None:
        return {}
    if isinstance(value, str):
        value = value.strip()
        return {("ar" if is_arabic(value) else "en"): value} if value else {}
    if isinstance(value, Mapping):
        return {str(k): str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}
    return {}


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) < 10**9 else None


def _int(value: Any) -> int | None:
    number = _decimal(value)
    return int(number) if number is not None else None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class Outcome:
    key: str
    text: Text
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Activity:
    key: str
    title: Text
    outcomes: tuple[str, ...] = ()
    hours: int | None = None
    kind: str = ""


@dataclass(frozen=True)
class Assessment:
    key: str
    title: Text
    outcomes: tuple[str, ...] = ()
    method: str = ""
    purpose: str = "summative"
    weighting: int | None = None
    criteria: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Kpi:
    key: str
    name: Text
    target: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Spec:
    """Every field the rules look at; names follow `SpecificationVersion`."""

    title: Text = field(default_factory=dict)
    awarding_body: Text = field(default_factory=dict)
    awarding_country: str = ""
    need: Text = field(default_factory=dict)
    need_evidence: Text = field(default_factory=dict)
    target_group: Text = field(default_factory=dict)
    co_design_partners: Text = field(default_factory=dict)
    eqf_level: int | None = None
    nqf_level: int | None = None
    isced_code: str = ""
    notional_hours: int | None = None
    ects: Decimal | None = None
    credit_hours: Decimal | None = None
    participation_mode: str = ""
    learning_setting: str = ""
    duration_weeks: int | None = None
    languages: tuple[str, ...] = ()
    assessment_type: Text = field(default_factory=dict)
    grading_scheme: str = ""
    grading_description: Text = field(default_factory=dict)
    supervision: str = ""
    qa_type: Text = field(default_factory=dict)
    external_qa_body: Text = field(default_factory=dict)
    review_cycle_months: int | None = None
    feedback_instruments: Text = field(default_factory=dict)
    stackability: str = ""
    stackable_towards: Text = field(default_factory=dict)
    prerequisites: Text = field(default_factory=dict)
    credential_format: str = ""
    validity_months: int | None = None
    further_information: Text = field(default_factory=dict)
    entry_requirements: Text = field(default_factory=dict)
    inclusion_support: Text = field(default_factory=dict)
    guidance: Text = field(default_factory=dict)
    fee_amount: Decimal | None = None
    fee_currency: str = ""
    fee_notes: Text = field(default_factory=dict)
    next_review_date: date | None = None
    change_log: Text = field(default_factory=dict)
    outcomes: tuple[Outcome, ...] = ()
    activities: tuple[Activity, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    kpis: tuple[Kpi, ...] = ()


TEXT_FIELDS = tuple(name for name, f in Spec.__dataclass_fields__.items() if f.type in ("Text", Text))
_INT_FIELDS: tuple[str, ...] = ("eqf_level", "nqf_level", "notional_hours", "duration_weeks", "review_cycle_months")
_INT_FIELDS += ("validity_months",)
_DECIMAL_FIELDS = ("ects", "credit_hours", "fee_amount")
_STR_FIELDS: tuple[str, ...] = (
    "awarding_country",
    "isced_code",
    "participation_mode",
    "learning_setting",
    "grading_scheme",
)
_STR_FIELDS += ("supervision", "stackability", "credential_format", "fee_currency")


def _keys(values: Any, known: dict[str, str]) -> tuple[str, ...]:
    return tuple(known.get(str(v), str(v)) for v in _list(values))


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _items(value: Any, text_key: str) -> list[Mapping[str, Any]]:
    """A child list as mappings; a bare string stands for the item's main text."""
    return [item if isinstance(item, Mapping) else {text_key: item} for item in _list(value) if item is not None]


def snapshot_from_dict(data: Mapping[str, Any]) -> Spec:
    """Build a snapshot from plain data; outcomes may be strings or {"text", "skills", "key"} objects.

    Activities and assessments name the outcomes they serve by key, by id or by 1-based position.
    """
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        values[name] = text(data.get(name))
    for name in _INT_FIELDS:
        values[name] = _int(data.get(name))
    for name in _DECIMAL_FIELDS:
        values[name] = _decimal(data.get(name))
    for name in _STR_FIELDS:
        values[name] = str(data.get(name) or "").strip()
    languages = data.get("languages") or ()
    values["languages"] = tuple(
        str(code).strip() for code in (languages.split(",") if isinstance(languages, str) else _list(languages))
    )
    values["next_review_date"] = _date(data.get("next_review_date"))
    outcomes = []
    aliases: dict[str, str] = {}
    for position, item in enumerate(_items(data.get("outcomes"), "text"), start=1):
        key = str(item.get("key") or item.get("id") or position)
        aliases[str(position)] = key
        if item.get("id") is not None:
            aliases[str(item["id"])] = key
        skills = tuple(str(s.get("uri") if isinstance(s, Mapping) else s) for s in _list(item.get("skills")))
        outcomes.append(Outcome(key=key, text=text(item.get("text")), skills=skills))
    values["outcomes"] = tuple(outcomes)
    values["activities"] = tuple(
        Activity(
            key=str(item.get("key") or item.get("id") or n),
            title=text(item.get("title")),
            outcomes=_keys(item.get("outcomes"), aliases),
            hours=_int(item.get("hours")),
            kind=str(item.get("kind") or ""),
        )
        for n, item in enumerate(_items(data.get("activities"), "title"), start=1)
    )
    values["assessments"] = tuple(
        Assessment(
            key=str(item.get("key") or item.get("id") or n),
            title=text(item.get("title")),
            outcomes=_keys(item.get("outcomes"), aliases),
            method=str(item.get("method") or ""),
            purpose=str(item.get("purpose") or "summative"),
            weighting=_int(item.get("weighting")),
            criteria=text(item.get("criteria")),
        )
        for n, item in enumerate(_items(data.get("assessments"), "title"), start=1)
    )
    values["kpis"] = tuple(
        Kpi(key=str(n), name=text(item.get("name")), target=text(item.get("target")))
        for n, item in enumerate(_items(data.get("kpis"), "name"), start=1)
    )
    return Spec(**values)


def snapshot_from_version(version: Any) -> Spec:
    """Read a `SpecificationVersion` (and its children) into a snapshot; one query per child list."""
    data: dict[str, Any] = {
        name: getattr(version, name) for name in Spec.__dataclass_fields__ if hasattr(version, name)
    }
    for name in ("outcomes", "activities", "assessments", "kpis"):
        data.pop(name, None)
    outcomes = list(version.outcomes.all())
    data["outcomes"] = [{"key": str(o.pk), "id": o.pk, "text": o.text, "skills": o.skills} for o in outcomes]
    data["activities"] = [
        {
            "key": str(a.pk),
            "title": a.title,
            "hours": a.hours,
            "kind": a.kind,
            "outcomes": [str(o.pk) for o in a.outcomes.all()],
        }
        for a in version.activities.prefetch_related("outcomes")
    ]
    data["assessments"] = [
        {
            "key": str(a.pk),
            "title": a.title,
            "method": a.method,
            "purpose": a.purpose,
            "weighting": a.weighting,
            "criteria": a.criteria,
            "outcomes": [str(o.pk) for o in a.outcomes.all()],
        }
        for a in version.assessments.prefetch_related("outcomes")
    ]
    data["kpis"] = [{"name": k.name, "target": k.target} for k in version.kpis.all()]
    return snapshot_from_dict(data)
