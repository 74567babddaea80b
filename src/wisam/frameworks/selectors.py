"""Reads for frameworks and vocabularies: levels and their mapping, credit conversion, skills search, ISCED tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from wisam.frameworks.models import (
    CreditConversion,
    CreditSystem,
    EscoSkill,
    FrameworkLevel,
    FrameworkStatus,
    IscedField,
    Language,
    LevelMapping,
    MappingRelation,
    QualificationFramework,
    Vocabulary,
    VocabularyConcept,
)
from wisam.frameworks.text import search_key

CENT = Decimal("0.01")

# --- frameworks and levels -----------------------------------------------------------------------------------------


def default_framework() -> QualificationFramework | None:
    """The national framework micro-credentials are levelled against (AQAC can switch it in the admin)."""
    return (
        QualificationFramework.objects.filter(is_default=True, is_active=True)
        .exclude(status=FrameworkStatus.RETIRED)
        .order_by("-version", "-id")
        .first()
    )


def framework_current(code: str) -> QualificationFramework | None:
    """The version of framework `code` (case-insensitive) in force: published first, then the newest."""
    candidates = QualificationFramework.objects.filter(code__iexact=code.strip(), is_active=True).exclude(
        status=FrameworkStatus.RETIRED
    )
    published = candidates.filter(status=FrameworkStatus.PUBLISHED).order_by("-version", "-id").first()
    return published or candidates.order_by("-is_default", "-version", "-id").first()


def frameworks_list() -> QuerySet[QualificationFramework]:
    return QualificationFramework.objects.filter(is_active=True).order_by("-is_default", "code", "-version")


def framework_levels(code: str | None = None) -> QuerySet[FrameworkLevel]:
    """The active levels of framework `code` (default: the national default framework), lowest first."""
    framework = framework_current(code) if code else default_framework()
    if framework is None:
        return FrameworkLevel.objects.none()
    return framework.levels.filter(is_active=True).order_by("ordinal")


def framework_level(code: str, level: int | str) -> FrameworkLevel | None:
    framework = framework_current(code)
    if framework is None:
        return None
    return framework.levels.filter(is_active=True, code=str(level)).first()


_RELATION_ORDER: dict[str, int] = {
    MappingRelation.EQUIVALENT.value: 0,
    MappingRelation.PARTIAL.value: 1,
    MappingRelation.BROADER.value: 2,
    MappingRelation.NARROWER.value: 3,
}


def _mapped(level: FrameworkLevel, target: QualificationFramework) -> FrameworkLevel | None:
    """A direct mapping from `level` into `target`, in either direction, closest relation first."""
    candidates: list[tuple[int, int, int, FrameworkLevel]] = []
    outgoing = LevelMapping.objects.filter(source=level, target__framework=target, is_active=True).select_related(
        "target"
    )
    for mapping in outgoing:
        candidates.append((_RELATION_ORDER.get(mapping.relation, 9), 0, mapping.target.ordinal, mapping.target))
    incoming = LevelMapping.objects.filter(target=level, source__framework=target, is_active=True).select_related(
        "source"
    )
    for mapping in incoming:
        # Read backwards, several source levels can point at one target level: prefer the highest of them,
        # because a reverse lookup answers "which level of `target` is at most this one".
        candidates.append((_RELATION_ORDER.get(mapping.relation, 9), 1, -mapping.source.ordinal, mapping.source))
    if not candidates:
        return None
    candidates.sort(key=lambda item: item[:3])
    return candidates[0][3]


def equivalent_level(
    level: FrameworkLevel | int | str | None = None,
    target_framework_code: str | None = None,
    *,
    framework: str | None = None,
    target: str | None = None,
) -> FrameworkLevel | None:
    """The level of `target_framework_code` that `level` maps to, or None.

    `level` is a FrameworkLevel, or a level code/number of `framework` (e.g. `equivalent_level(framework="PS-NQF",
    level=2, target="EQF")`). Codes are case-insensitive. When there is no direct mapping the lookup goes through EQF,
    the hub every framework is referenced to.
    """
    target_code = target_framework_code or target
    if level is None or not target_code:
        return None
    if not isinstance(level, FrameworkLevel):
        if not framework:
            raise TypeError("Give `framework` when `level` is a code or number.")
        found = framework_level(framework, level)
        if found is None:
            return None
        level = found
    target_framework = framework_current(target_code)
    if target_framework is None:
        return None
    if level.framework_id == target_framework.pk:
        return level
    direct = _mapped(level, target_framework)
    if direct is not None:
        return direct
    hub = framework_current("EQF")
    if hub is None or hub.pk in (level.framework_id, target_framework.pk):
        return None
    via = _mapped(level, hub)
    return _mapped(via, target_framework) if via is not None else None


def level_mapping_table(source_code: str, target_code: str) -> dict[str, str]:
    """{source level code: target level code} for every level of `source_code` that maps into `target_code`."""
    table: dict[str, str] = {}
    for level in framework_levels(source_code):
        found = equivalent_level(level, target_code)
        if found is not None:
            table[level.code] = found.code
    return table


# --- credit --------------------------------------------------------------------------------------------------------


class UnknownCreditSystem(LookupError):
    pass


def credit_system(code: str) -> CreditSystem:
    """The credit system answering to `code` or one of its aliases (case-insensitive)."""
    for system in CreditSystem.objects.filter(is_active=True):
        if system.answers_to(code):
            return system
    raise UnknownCreditSystem(code)


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def conversion_factor(from_code: str, to_code: str) -> Decimal:
    """How many `to_code` credits one `from_code` credit is worth: the rule as data, its inverse, or via hours."""
    source, target = credit_system(from_code), credit_system(to_code)
    if source.pk == target.pk:
        return Decimal(1)
    rule = CreditConversion.objects.filter(from_system=source, to_system=target, is_active=True).first()
    if rule is not None:
        return rule.factor
    reverse = CreditConversion.objects.filter(from_system=target, to_system=source, is_active=True).first()
    if reverse is not None:
        return Decimal(1) / reverse.factor
    return source.hours_per_credit_default / target.hours_per_credit_default


def convert_credits(
    amount: Decimal | int | str,
    from_code: str | None = None,
    to_code: str | None = None,
    *,
    source: str | None = None,
    target: str | None = None,
    places: Decimal = CENT,
) -> Decimal:
    """`amount` credits of one system in another, e.g. `convert_credits(3, "PS-CH", "ECTS") == Decimal("4.50")`."""
    from_code, to_code = from_code or source, to_code or target
    if not from_code or not to_code:
        raise TypeError("Give the systems to convert from and to.")
    value = _decimal(amount) * conversion_factor(from_code, to_code)
    return value.quantize(places, rounding=ROUND_HALF_UP)


def credits_to_hours(amount: Decimal | int | str, code: str, *, places: Decimal = CENT) -> Decimal:
    """Notional learning hours for `amount` credits, at the system's working rate (`hours_per_credit_default`)."""
    system = credit_system(code)
    return (_decimal(amount) * system.hours_per_credit_default).quantize(places, rounding=ROUND_HALF_UP)


def hours_to_credits(hours: Decimal | int | str, code: str, *, places: Decimal = CENT) -> Decimal:
    """Credits for `hours` notional learning hours, at the system's working rate."""
    system = credit_system(code)
    return (_decimal(hours) / system.hours_per_credit_default).quantize(places, rounding=ROUND_HALF_UP)


def hours_to_credits_range(hours: Decimal | int | str, code: str, *, places: Decimal = CENT) -> tuple[Decimal, Decimal]:
    """The (fewest, most) credits `hours` may be worth, using the system's max and min hours per credit."""
    system = credit_system(code)
    value = _decimal(hours)
    low = (value / system.hours_per_credit_max).quantize(places, rounding=ROUND_HALF_UP)
    high = (value / system.hours_per_credit_min).quantize(places, rounding=ROUND_HALF_UP)
    return low, high


# --- ESCO skills ---------------------------------------------------------------------------------------------------


def search_skills(
    query: str, *, language: str | None = None, limit: int = 20, sector: str | None = None
) -> list[EscoSkill]:
    """Skills whose Arabic or English labels (preferred or alternative) contain every word of `query`.

    Both sides go through `search_key`, so "إدارة", "ادارة" and "الإدارَة" find the same skills. `language`
    ("ar"/"en") restricts the labels searched. Preferred-label matches come first, then the shorter labels.
    """
    words = search_key(query).split()
    if not words:
        return []
    columns = {"ar": ["search_ar"], "en": ["search_en"]}.get(language or "", ["search_ar", "search_en"])
    condition = Q()
    for column in columns:
        per_column = Q()
        for word in words:
            per_column &= Q(**{f"{column}__contains": word})
        condition |= per_column
    queryset = EscoSkill.objects.filter(condition, is_active=True)
    if sector:
        queryset = queryset.filter(sectors__icontains=f'"{sector}"')
    phrase = " ".join(words)

    def rank(skill: EscoSkill) -> tuple[int, int, str]:
        best = 3
        for column in columns:
            preferred = str(getattr(skill, column)).split(" | ", 1)[0]
            if preferred == phrase:
                best = min(best, 0)
            elif preferred.startswith(phrase):
                best = min(best, 1)
            elif all(word in preferred for word in words):
                best = min(best, 2)
        label = skill.label.get(language or "en", "") if isinstance(skill.label, dict) else ""
        return best, len(label), skill.uri

    # The subset is small (hundreds of rows at most), so ranking in Python keeps the query portable.
    return sorted(queryset, key=rank)[: max(limit, 0)]


def skills_by_uri(uris: list[str]) -> dict[str, EscoSkill]:
    return {skill.uri: skill for skill in EscoSkill.objects.filter(uri__in=uris)}


# --- ISCED-F, languages, vocabularies --------------------------------------------------------------------------------


@dataclass
class IscedNode:
    code: str
    name: dict[str, str]
    level: str
    children: list[IscedNode] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"http://data.europa.eu/snb/isced-f/{self.code}"


def isced_tree() -> list[IscedNode]:
    """Broad fields with their narrow fields with their detailed fields, in code order."""
    nodes: dict[str, IscedNode] = {}
    roots: list[IscedNode] = []
    for item in IscedField.objects.filter(is_active=True).order_by("code"):
        node = IscedNode(code=item.code, name=dict(item.name), level=item.level)
        nodes[item.code] = node
        parent = nodes.get(item.code[:-1]) if len(item.code) > 2 else None
        (parent.children if parent else roots).append(node)
    return roots


def isced_field(code: str) -> IscedField | None:
    return IscedField.objects.filter(code=code, is_active=True).first()


def languages() -> QuerySet[Language]:
    return Language.objects.filter(is_active=True).order_by("ordinal", "code")


def vocabulary_concepts(code: str) -> QuerySet[VocabularyConcept]:
    """The active concepts of vocabulary `code` (e.g. "learning-setting", "assessment-type"), in order."""
    return VocabularyConcept.objects.filter(vocabulary__code=code, is_active=True).order_by("ordinal", "code")


def vocabulary_concept(vocabulary: str, code_or_uri: str) -> VocabularyConcept | None:
    return (
        VocabularyConcept.objects.filter(vocabulary__code=vocabulary)
        .filter(Q(code=code_or_uri) | Q(uri=code_or_uri))
        .first()
    )


def vocabularies() -> QuerySet[Vocabulary]:
    return Vocabulary.objects.filter(is_active=True).order_by("code")
