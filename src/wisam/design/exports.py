"""Exports of a specification version: Europass ELM v3 JSON-LD and an Open Badges 3.0 Achievement (pure composition).

- ELM: `Qualification` (a subclass of `LearningAchievementSpecification`), mapped from the EU Annex I elements as
  in the EDC sample micro-credential (reference/domain.md §2.3; https://europa.eu/europass/elm-browser/).
- OB 3.0: `Achievement` (https://www.imsglobal.org/spec/ob/v3p0/#achievement), achievementType "MicroCredential",
  aligned to the ESCO skills of the outcomes and to the EQF/NQF levels.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings

from wisam.core.i18n import translated
from wisam.design import vocab
from wisam.design.models import (
    ParticipationMode,
    SpecificationVersion,
    Stackability,
    Supervision,
)

ELM_CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
# As in the EDC sample: the VC v1 context gives the `id`/`type` aliases the edc-ap context relies on.
VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

_MODE = {  # ELM learning-assessment scheme (form of participation)
    ParticipationMode.ONLINE: ("http://data.europa.eu/snb/learning-assessment/920fbb3cbe", "Online"),
    ParticipationMode.BLENDED: ("http://data.europa.eu/snb/learning-assessment/e92d221e4d", "Blended"),
    ParticipationMode.ONSITE: ("http://data.europa.eu/snb/learning-assessment/4fc1b21fa1", "On-site"),
}
_SETTING = {
    "formal": ("http://data.europa.eu/snb/learning-setting/6fd7ce3a6c", "formal learning"),
    "non_formal": ("http://data.europa.eu/snb/learning-setting/e207a81fc7", "non-formal learning"),
}
_SUPERVISION = {
    Supervision.UNSUPERVISED_NO_ID: ("http://data.europa.eu/snb/supervision-verification/c598449d64", "Unsupervised without ID verification"),
    Supervision.SUPERVISED_NO_ID: ("http://data.europa.eu/snb/supervision-verification/0bd1f4e3d5", "Supervised without ID verification"),
    Supervision.SUPERVISED_WITH_ID: ("http://data.europa.eu/snb/supervision-verification/5ae4a8ab21", "Supervised with ID verification"),
}  # fmt: skip
_ECTS = ("http://data.europa.eu/snb/education-credit/6fcec5c5af", "European Credit Transfer System")
_SHORT_PROGRAMME = ("http://data.europa.eu/snb/learning-opportunity/74a4a268e8", "Short learning programme")


def _lang(value: dict[str, str] | None) -> dict[str, str]:
    """A multilingual literal with only the languages that have text."""
    return {code: text for code, text in (value or {}).items() if text}


def _concept(uri: str, scheme: str, label: dict[str, str] | str) -> dict[str, Any]:
    return {
        "id": uri,
        "type": "Concept",
        "inScheme": {"id": scheme, "type": "ConceptScheme"},
        "prefLabel": label if isinstance(label, dict) else {"en": label},
    }


def _scheme(uri: str) -> str:
    return uri.rsplit("/", 1)[0] + "/25831c2"


def _note(uri: str, text: dict[str, str]) -> dict[str, Any]:
    return {"id": uri, "type": "Note", "noteLiteral": _lang(text)}


def base_uri(version: SpecificationVersion) -> str:
    mc = version.micro_credential
    return f"{settings.SITE_URL}/design/specifications/{mc.organisation.slug}/{mc.code}/v{version.number}"


def elm_specification(version: SpecificationVersion) -> dict[str, Any]:
    """The version as an ELM v3 `Qualification` JSON-LD document (context: edc-ap)."""
    uri = base_uri(version)
    urn = f"urn:wisam:{version.micro_credential.organisation.slug}:{version.micro_credential.code}:v{version.number}"
    outcomes = list(version.outcomes.all())
    skills = vocab.skills_by_uri([s for o in outcomes for s in o.skills])
    doc: dict[str, Any] = {
        "@context": [VC1_CONTEXT, ELM_CONTEXT],
        "id": uri,
        "type": "Qualification",
        "title": _lang(version.title) or {"en": version.micro_credential.code},
        "dcType": _concept(_SHORT_PROGRAMME[0], _scheme(_SHORT_PROGRAMME[0]), _SHORT_PROGRAMME[1]),
        "learningOutcome": [
            {
                "id": f"{urn}:outcome:{n}",
                "type": "LearningOutcome",
                "title": _lang(o.text) or {"en": f"Outcome {n}"},
                **(
                    {
                        "relatedESCOSkill": [
                            {
                                **_concept(
                                    s, "http://data.europa.eu/esco/concept-scheme/skills", _lang(skills[s].label)
                                ),
                                "notation": "Skill",
                            }
                            for s in o.skills
                        ]
                    }
                    if o.skills
                    else {}
                ),
            }
            for n, o in enumerate(outcomes, start=1)
        ],
        "isPartialQualification": version.stackability == Stackability.INTEGRATED,
    }
    summary = [translated(o.text, "en") for o in outcomes if translated(o.text, "en")]
    if summary:
        doc["learningOutcomeSummary"] = _note(f"{urn}:note:outcomes", {"en": "\n".join(summary)})
    if version.eqf_level:
        level = vocab.EQF_URI.format(level=version.eqf_level)
        doc["eqfLevel"] = _concept(level, "http://data.europa.eu/snb/eqf/25831c2", f"Level {version.eqf_level}")
    if version.nqf_level:
        doc["nqfLevel"] = [
            _concept(
                f"{settings.SITE_URL}/frameworks/ps-nqf/{version.nqf_level}",
                f"{settings.SITE_URL}/frameworks/ps-nqf",
                {
                    "en": f"Palestinian NQF level {version.nqf_level}",
                    "ar": f"المستوى {version.nqf_level} في الإطار الوطني الفلسطيني",
                },
            )
        ]
    if version.isced_code:
        doc["ISCEDFCode"] = [
            _concept(
                vocab.ISCED_URI.format(code=version.isced_code),
                "http://data.europa.eu/snb/isced-f/25831c2",
                version.isced_code,
            )
        ]
    if version.ects is not None:
        doc["creditPoint"] = [
            {
                "id": f"{urn}:credit:ects",
                "type": "CreditPoint",
                "framework": _concept(_ECTS[0], _scheme(_ECTS[0]), _ECTS[1]),
                "point": f"{version.ects.normalize():f}",
            }
        ]
    if version.notional_hours:
        doc["volumeOfLearning"] = f"PT{version.notional_hours}H"
    if version.duration_weeks:
        doc["maximumDuration"] = f"P{version.duration_weeks}W"
    if version.participation_mode in _MODE:
        mode_uri, label = _MODE[ParticipationMode(version.participation_mode)]
        doc["mode"] = [_concept(mode_uri, _scheme(mode_uri), label)]
    if version.learning_setting in _SETTING:
        setting_uri, label = _SETTING[version.learning_setting]
        doc["learningSetting"] = _concept(setting_uri, _scheme(setting_uri), label)
    if version.languages:
        doc["language"] = [
            {
                **_concept(vocab.language_uri(code), "http://publications.europa.eu/resource/authority/language", code),
                "notation": "language",
            }
            for code in version.languages
        ]
    requirements = _lang(version.prerequisites) or _lang(version.entry_requirements)
    if requirements:
        doc["entryRequirement"] = _note(f"{urn}:note:entry", requirements)
    notes = []
    for name in ("qa_type", "stackable_towards", "further_information", "grading_description"):
        text = _lang(getattr(version, name))
        if text:
            notes.append(_note(f"{urn}:note:{name}", text))
    if notes:
        doc["additionalNote"] = notes
    assessments = list(version.assessments.all())
    if assessments:
        doc["provenBy"] = [
            {
                "id": f"{urn}:assessment:{n}",
                "type": "LearningAssessmentSpecification",
                "title": _lang(a.title) or {"en": f"Assessment {n}"},
                **({"description": _lang(a.criteria)} if _lang(a.criteria) else {}),
            }
            for n, a in enumerate(assessments, start=1)
        ]
    activities = list(version.activities.all())
    if activities:
        doc["influencedBy"] = [
            {
                "id": f"{urn}:activity:{n}",
                "type": "LearningActivitySpecification",
                "title": _lang(a.title) or {"en": f"Activity {n}"},
                **({"volumeOfLearning": f"PT{a.hours}H"} if a.hours else {}),
            }
            for n, a in enumerate(activities, start=1)
        ]
    organisation = version.micro_credential.organisation
    country = (version.awarding_country or organisation.country or "PS").upper()
    doc["awardingOpportunity"] = [
        {
            "id": f"{urn}:awarding",
            "type": "AwardingOpportunity",
            "awardingBody": [
                {
                    "id": f"{settings.SITE_URL}/organisations/{organisation.slug}",
                    "type": "Organisation",
                    "legalName": _lang(version.awarding_body) or _lang(organisation.name),
                    "location": [
                        {
                            "id": f"{urn}:location",
                            "type": "Location",
                            "address": [
                                {
                                    "id": f"{urn}:address",
                                    "type": "Address",
                                    "countryCode": {
                                        **_concept(
                                            vocab.country_uri(country),
                                            "http://publications.europa.eu/resource/authority/country",
                                            country,
                                        ),
                                        "notation": "country",
                                    },
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    ]
    if version.supervision in _SUPERVISION:
        supervision_uri, label = _SUPERVISION[Supervision(version.supervision)]
        doc.setdefault("additionalNote", []).append(
            {
                "id": f"{urn}:note:supervision",
                "type": "Note",
                "noteLiteral": {"en": f"Supervision and identity verification: {label} ({supervision_uri})"},
            }
        )
    return doc


def _decimal_number(value: Decimal) -> float:
    return float(value)


def ob3_achievement(version: SpecificationVersion) -> dict[str, Any]:
    """The version as an Open Badges 3.0 `Achievement` (English first, Arabic in `tag`-free `description` text)."""
    mc = version.micro_credential
    organisation = mc.organisation
    outcomes = list(version.outcomes.all())
    skills = vocab.skills_by_uri([s for o in outcomes for s in o.skills])
    title_en, title_ar = translated(version.title, "en"), (version.title or {}).get("ar", "")
    outcome_lines = "\n".join(f"- {translated(o.text, 'en')}" for o in outcomes if translated(o.text, "en"))
    description = translated(version.need, "en") or title_en or mc.code
    if title_ar:
        description += f"\n\n{title_ar}"
    criteria = "Learners who complete the assessments and show they have achieved these learning outcomes:\n" + (
        outcome_lines or "-"
    )
    assessed = [translated(a.title, "en") for a in version.assessments.all() if translated(a.title, "en")]
    if assessed:
        criteria += "\n\nAssessed by: " + ", ".join(assessed) + "."
    alignment: list[dict[str, Any]] = []
    seen: set[str] = set()
    for uri in (s for o in outcomes for s in o.skills):
        if uri in seen:
            continue
        seen.add(uri)
        alignment.append(
            {
                "type": ["Alignment"],
                "targetName": translated(skills[uri].label, "en") or uri,
                "targetUrl": uri,
                "targetFramework": "ESCO",
                "targetType": "ext:ESCOSkill",
            }
        )
    if version.eqf_level:
        alignment.append(
            {
                "type": ["Alignment"],
                "targetName": f"EQF level {version.eqf_level}",
                "targetUrl": vocab.EQF_URI.format(level=version.eqf_level),
                "targetFramework": "European Qualifications Framework",
                "targetCode": str(version.eqf_level),
                "targetType": "ext:EQFLevel",
            }
        )
    if version.nqf_level:
        alignment.append(
            {
                "type": ["Alignment"],
                "targetName": f"Palestinian NQF level {version.nqf_level}",
                "targetUrl": f"{settings.SITE_URL}/frameworks/ps-nqf/{version.nqf_level}",
                "targetFramework": "Palestinian National Qualifications Framework",
                "targetCode": str(version.nqf_level),
                "targetType": "ext:NQFLevel",
            }
        )
    achievement: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2", OB3_CONTEXT],
        "id": base_uri(version),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": title_en or title_ar or mc.code,
        "description": description,
        "criteria": {"id": base_uri(version) + "#criteria", "narrative": criteria},
        "creator": {
            "id": f"{settings.SITE_URL}/organisations/{organisation.slug}",
            "type": ["Profile"],
            "name": translated(version.awarding_body, "en") or translated(organisation.name, "en"),
            **({"url": organisation.website} if organisation.website else {}),
        },
        "humanCode": mc.code,
        "version": str(version.number),
        "inLanguage": (version.languages or ["ar"])[0],
        "tag": ["micro-credential", "Wisam"],
    }
    if alignment:
        achievement["alignment"] = alignment
    if version.ects is not None:
        achievement["creditsAvailable"] = _decimal_number(version.ects)
    if version.isced_code:
        achievement["fieldOfStudy"] = version.isced_code
    if version.grading_scheme:
        result: dict[str, Any] = {
            "id": base_uri(version) + "#result",
            "type": ["ResultDescription"],
            "name": translated(version.grading_description, "en") or str(version.get_grading_scheme_display()),
        }
        if version.grading_scheme == "pass_fail":
            result.update(resultType="Status", allowedValue=["Pass", "Fail"], requiredValue="Pass")
        elif version.grading_scheme == "percentage":
            result.update(resultType="Percent", valueMin="0", valueMax="100")
        elif version.grading_scheme == "letter":
            result.update(resultType="LetterGrade")
        else:
            result.update(resultType="PerformanceLevel")
        achievement["resultDescription"] = [result]
    return achievement
