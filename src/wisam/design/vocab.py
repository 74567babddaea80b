"""The design app's window on `wisam.frameworks`: languages, ESCO skills, NQF/EQF levels, credit conversion, URIs.

Every lookup goes through here so that the designer, the linter's snapshot and the exports agree, and so that the
design app keeps working (with the shipped defaults below) where the frameworks data has not been loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from typing import Any

# Defaults used only where the frameworks app (or its data) is missing.
_FALLBACK_LANGUAGES = frozenset({"ar", "en", "fr", "de", "es", "it", "tr", "he"})
_ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
# PS-NQF (higher-education part, five levels) to EQF as in the frameworks' default mapping.
# The same as the shipped PS-NQF → EQF mapping (frameworks/data/level-mappings.json), used before it is loaded.
_FALLBACK_NQF_TO_EQF = {1: 5, 2: 6, 3: 7, 4: 7, 5: 8}

EQF_URI = "http://data.europa.eu/snb/eqf/{level}"
LANGUAGE_URI = "http://publications.europa.eu/resource/authority/language/{code}"
COUNTRY_URI = "http://publications.europa.eu/resource/authority/country/{code}"
ISCED_URI = "http://data.europa.eu/snb/isced-f/{code}"
# ISO 639-1 → the EU authority table's three-letter codes for the languages used here.
_LANGUAGE_AUTHORITY = {"ar": "ARA", "en": "ENG", "fr": "FRA", "de": "DEU", "es": "SPA", "it": "ITA", "tr": "TUR"}
_LANGUAGE_AUTHORITY["he"] = "HEB"
_COUNTRY_AUTHORITY = {"PS": "PSE", "JO": "JOR", "EG": "EGY", "DE": "DEU", "FR": "FRA", "IT": "ITA", "ES": "ESP"}


def _frameworks(module: str) -> Any:
    try:
        return import_module(f"wisam.frameworks.{module}")
    except ImportError:
        return None


def _safe(call: Any, default: Any) -> Any:
    """Frameworks data may not be loaded (or its tables not migrated) in a fresh database: fall back quietly."""
    from django.db import DatabaseError

    try:
        return call()
    except (DatabaseError, LookupError, AttributeError, TypeError):
        return default


# --- languages ---------------------------------------------------------------------------------------------------


def language_codes() -> frozenset[str]:
    models = _frameworks("models")
    model = getattr(models, "Language", None)
    if model is None:
        return _FALLBACK_LANGUAGES

    def load() -> frozenset[str]:
        field = "code" if any(f.name == "code" for f in model._meta.get_fields()) else "pk"
        codes = {str(c).lower() for c in model.objects.values_list(field, flat=True)}
        return frozenset(codes) or _FALLBACK_LANGUAGES

    return frozenset(_safe(load, _FALLBACK_LANGUAGES))


def language_uri(code: str) -> str:
    return LANGUAGE_URI.format(code=_LANGUAGE_AUTHORITY.get(code, code.upper()))


def country_uri(code: str) -> str:
    return COUNTRY_URI.format(code=_COUNTRY_AUTHORITY.get(code.upper(), code.upper()))


# --- ESCO skills -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skill:
    uri: str
    label: dict[str, str]


def _skill_model() -> Any:
    return getattr(_frameworks("models"), "EscoSkill", None)


def _skill_from(obj: Any) -> Skill:
    label = getattr(obj, "label", None) or getattr(obj, "preferred_label", None) or getattr(obj, "name", None) or {}
    if isinstance(label, str):
        label = {"en": label}
    return Skill(uri=str(obj.uri), label=dict(label))


def skill_exists(uri: str) -> bool:
    model = _skill_model()
    if model is not None:
        found = _safe(lambda: model.objects.filter(uri=uri).exists(), None)
        if found is not None and (found or _safe(lambda: model.objects.exists(), False)):
            return bool(found)
    return uri.startswith(_ESCO_SKILL_PREFIX) and len(uri) > len(_ESCO_SKILL_PREFIX)


def skills_by_uri(uris: list[str]) -> dict[str, Skill]:
    """Labels for the given skill URIs; unknown URIs get their last path segment as a label."""
    found: dict[str, Skill] = {}
    model = _skill_model()
    if model is not None and uris:
        for obj in _safe(lambda: list(model.objects.filter(uri__in=uris)), []):
            skill = _skill_from(obj)
            found[skill.uri] = skill
    for uri in uris:
        found.setdefault(uri, Skill(uri=uri, label={"en": uri.rsplit("/", 1)[-1]}))
    return found


def search_skills(query: str, *, limit: int = 20) -> list[Skill]:
    """Skills whose Arabic or English label matches `query` (frameworks' search, with Arabic normalisation)."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    selectors = _frameworks("selectors")
    search = getattr(selectors, "search_skills", None)
    if search is not None:

        def run() -> list[Skill]:
            try:
                results = search(query, limit=limit)
            except TypeError:
                results = search(query)
            return [_skill_from(obj) for obj in list(results)[:limit]]

        return list(_safe(run, []))
    return []


# --- levels and credit -------------------------------------------------------------------------------------------


def nqf_level_exists(level: int) -> bool:
    mapping = nqf_to_eqf_table()
    return level in mapping if mapping else 1 <= level <= 10


_TABLE_CACHE: dict[Any, dict[int, int]] = {}


def _mapping_fingerprint() -> Any:
    """One cheap query that changes whenever levels or mappings change, so the table can be cached safely."""
    from django.db.models import Count, Max

    models = _frameworks("models")
    if models is None:
        return None

    def read() -> Any:
        mappings = models.LevelMapping.objects.aggregate(n=Count("id"), m=Max("id"))
        levels = models.FrameworkLevel.objects.aggregate(n=Count("id"), m=Max("id"))
        return (mappings["n"], mappings["m"], levels["n"], levels["m"])

    return _safe(read, None)


def nqf_to_eqf_table() -> dict[int, int]:
    """PS-NQF level → EQF level, from the frameworks' level mapping (falls back to the documented default)."""
    fingerprint = _mapping_fingerprint()
    if fingerprint is not None and fingerprint in _TABLE_CACHE:
        return dict(_TABLE_CACHE[fingerprint])
    table = _nqf_to_eqf_table()
    if fingerprint is not None:
        _TABLE_CACHE.clear()
        _TABLE_CACHE[fingerprint] = table
    return dict(table)


def _nqf_to_eqf_table() -> dict[int, int]:
    selectors = _frameworks("selectors")
    equivalent = getattr(selectors, "equivalent_level", None)
    if equivalent is None:
        return dict(_FALLBACK_NQF_TO_EQF)

    def load() -> dict[int, int]:
        table: dict[int, int] = {}
        for nqf in range(1, 11):
            try:
                result = equivalent(framework="ps-nqf", level=nqf, target="eqf")
            except Exception:  # noqa: S112 - any refusal means "no such level"
                continue
            value = getattr(result, "number", getattr(result, "level", result))
            if isinstance(value, int):
                table[nqf] = value
        return table or dict(_FALLBACK_NQF_TO_EQF)

    return dict(_safe(load, dict(_FALLBACK_NQF_TO_EQF)))


@dataclass(frozen=True)
class CreditRules:
    """How hours, ECTS and credit hours should relate, and what volume a micro-credential may have."""

    hours_per_ects_min: Decimal = Decimal(25)
    hours_per_ects_max: Decimal = Decimal(30)
    ects_per_credit_hour: Decimal = Decimal("1.5")
    tolerance: Decimal = Decimal("0.15")
    ects_min: Decimal = Decimal(1)
    ects_max: Decimal = Decimal(15)


def credit_rules() -> CreditRules:
    """The ranges for a micro-credential (settings WISAM_MICROCREDENTIAL_VOLUME) and the frameworks' conversion."""
    from django.conf import settings

    overrides = dict(getattr(settings, "WISAM_MICROCREDENTIAL_VOLUME", {}) or {})
    selectors = _frameworks("selectors")
    convert = getattr(selectors, "convert_credits", None)
    if convert is not None and "ects_per_credit_hour" not in overrides:

        def ratio() -> Decimal | None:
            value = convert(Decimal(1), source="ps-credit-hours", target="ects")
            value = getattr(value, "value", value)
            return Decimal(str(value)) if value else None

        found = _safe(ratio, None)
        if found:
            overrides["ects_per_credit_hour"] = found
    return CreditRules(**{k: Decimal(str(v)) for k, v in overrides.items() if k in CreditRules.__dataclass_fields__})
