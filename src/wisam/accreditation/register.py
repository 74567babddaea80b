"""What a register entry shows, built from a specification version: the denormalised fields and the Annex I elements.

Pure composition (no writes): `wisam.accreditation.services` stores the result in `RegisterEntry`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation

from wisam.accreditation.search import normalise, search_text_for

ISCED_BROAD = {
    "00": ("برامج ومؤهلات عامة", "Generic programmes and qualifications"),
    "01": ("التربية", "Education"),
    "02": ("الفنون والعلوم الإنسانية", "Arts and humanities"),
    "03": ("العلوم الاجتماعية والصحافة والإعلام", "Social sciences, journalism and information"),
    "04": ("الأعمال والإدارة والقانون", "Business, administration and law"),
    "05": ("العلوم الطبيعية والرياضيات والإحصاء", "Natural sciences, mathematics and statistics"),
    "06": ("تكنولوجيا المعلومات والاتصالات", "Information and communication technologies"),
    "07": ("الهندسة والتصنيع والبناء", "Engineering, manufacturing and construction"),
    "08": ("الزراعة والحراجة ومصايد الأسماك والطب البيطري", "Agriculture, forestry, fisheries and veterinary"),
    "09": ("الصحة والرفاه", "Health and welfare"),
    "10": ("الخدمات", "Services"),
}
LANGUAGE_NAMES = {"ar": ("العربية", "Arabic"), "en": ("الإنجليزية", "English"), "fr": ("الفرنسية", "French")}
MODE_NAMES = {"online": ("عن بعد", "Online"), "onsite": ("وجاهي", "On site"), "blended": ("مدمج", "Blended")}


def isced_label(code: str) -> dict[str, str]:
    ar, en = ISCED_BROAD.get((code or "")[:2], ("", ""))
    return {"ar": f"{ar} ({code})" if ar else code, "en": f"{en} ({code})" if en else code}


def _both(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {"ar": str(value.get("ar", "")), "en": str(value.get("en", ""))}
    return {"ar": str(value or ""), "en": str(value or "")}


def _display(instance: Any, field: str) -> dict[str, str]:
    """A choice field's label in both languages."""
    if not getattr(instance, field):
        return {"ar": "", "en": ""}
    out = {}
    for code in ("ar", "en"):
        with translation.override(code):
            out[code] = str(getattr(instance, f"get_{field}_display")())
    return out


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def annex_elements(version: Any) -> list[dict[str, Any]]:
    """Every EU Annex I element (reference/domain.md §1.2) in plain language, Arabic and English."""
    outcomes = [_both(o.text) for o in version.outcomes.all()]
    hours, ects, ch = version.notional_hours, version.ects, version.credit_hours
    workload = {
        "ar": f"{hours or '—'} ساعة من عمل المتعلم؛ {_number(ects) or '—'} وحدة ECTS؛ {_number(ch) or '—'} ساعة معتمدة",
        "en": f"{hours or '—'} hours of learner work; {_number(ects) or '—'} ECTS credits; {_number(ch) or '—'} "
        "credit hours",
    }
    level = {
        "ar": f"المستوى {version.nqf_level or '—'} في الإطار الوطني الفلسطيني؛ المستوى {version.eqf_level or '—'} في "
        "الإطار الأوروبي",
        "en": f"Level {version.nqf_level or '—'} of the Palestinian NQF; EQF level {version.eqf_level or '—'}",
    }
    grading = _display(version, "grading_scheme")
    grading_text = _both(version.grading_description)
    stack = _display(version, "stackability")
    towards = _both(version.stackable_towards)
    country = {"ar": "فلسطين" if version.awarding_country == "PS" else version.awarding_country, "en": "Palestine"}
    if version.awarding_country != "PS":
        country["en"] = version.awarding_country
    per_credential = {
        "ar": "يُذكر في كل شهادة تصدر للمتعلم.",
        "en": "Stated on each credential issued to a learner.",
    }
    elements: list[tuple[str, bool, str, str, Any]] = [
        ("learner", True, "هوية المتعلم", "Identification of the learner", per_credential),
        ("title", True, "عنوان الشهادة المصغّرة", "Title of the micro-credential", _both(version.title)),
        ("country", True, "بلد الجهة المانحة", "Country of the issuer", country),
        ("awarding_body", True, "الجهة المانحة", "Awarding body", _both(version.awarding_body)),
        ("date_of_issuing", True, "تاريخ الإصدار", "Date of issuing", per_credential),
        ("learning_outcomes", True, "نواتج التعلّم", "Learning outcomes", outcomes),
        ("workload", True, "عبء التعلّم الافتراضي", "Notional workload", workload),
        ("level", True, "المستوى", "Level", level),
        ("assessment", True, "نوع التقييم", "Type of assessment", _both(version.assessment_type)),
        ("participation", True, "نمط المشاركة", "Form of participation", _display(version, "participation_mode")),
        ("quality_assurance", True, "نوع ضمان الجودة", "Type of quality assurance", _both(version.qa_type)),
        ("prerequisites", False, "المتطلبات السابقة", "Prerequisites", _both(version.prerequisites)),
        (
            "supervision",
            False,
            "الإشراف والتحقق من الهوية أثناء التقييم",
            "Supervision and identity verification",
            _display(version, "supervision"),
        ),
        (
            "grade",
            False,
            "التقدير",
            "Grade",
            {k: " — ".join(x for x in (grading[k], grading_text[k]) if x) for k in ("ar", "en")},
        ),
        (
            "stackability",
            False,
            "خيارات التكامل والتراكم",
            "Integration and stackability",
            {k: " — ".join(x for x in (stack[k], towards[k]) if x) for k in ("ar", "en")},
        ),
        ("further_information", False, "معلومات إضافية", "Further information", _both(version.further_information)),
    ]
    return [
        {"id": key, "mandatory": mandatory, "label": {"ar": ar, "en": en}, "value": value}
        for key, mandatory, ar, en, value in elements
    ]


def entry_fields_from_version(version: Any) -> dict[str, Any]:
    """The register entry's denormalised fields for a specification version."""
    organisation = version.micro_credential.organisation
    languages = [str(code) for code in (version.languages or [])]
    towards = _both(version.stackable_towards)
    fields: dict[str, Any] = {
        "organisation": organisation,
        "micro_credential": version.micro_credential,
        "specification_version": version,
        "title": _both(version.title),
        "institution_name": dict(organisation.name),
        "institution_slug": organisation.slug,
        "nqf_level": version.nqf_level,
        "eqf_level": version.eqf_level,
        "ects": version.ects,
        "credit_hours": version.credit_hours,
        "notional_hours": version.notional_hours,
        "isced_code": version.isced_code or "",
        "mode": version.participation_mode or "",
        "languages": languages,
        "languages_key": "," + ",".join(languages) + "," if languages else "",
        "stackability": version.stackability or "",
        "stackable_towards": towards,
        "stackable_towards_key": normalise(" ".join(towards.values()))[:300],
        "elements": annex_elements(version),
    }
    fields["search_text"] = entry_search_text(fields, outcomes=[o.text for o in version.outcomes.all()])
    return fields


def entry_search_text(fields: dict[str, Any], outcomes: list[Any] | None = None) -> str:
    return search_text_for(
        fields.get("title"),
        fields.get("institution_name"),
        fields.get("institution_slug"),
        isced_label(fields.get("isced_code", "")),
        fields.get("stackable_towards"),
        *(outcomes or []),
    )
