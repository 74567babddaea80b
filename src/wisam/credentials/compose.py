"""Composition of the Open Badges 3.0 `OpenBadgeCredential` Wisam issues (pure: data in, JSON-LD out).

Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0/) on the VC Data Model 2.0; achievementType
MicroCredential. Where each EU Annex I element goes is tabled in docs/credentials.md: controlled values (EQF/NQF
level, form of participation, supervision, ISCED field, ESCO skills) are Alignments to their vocabulary concepts;
credits are `creditsAvailable`/`creditsEarned`; the learner is a salted identity hash plus their name; the rest is
also written out, labelled, in the achievement's Markdown description so any wallet shows it. Every term used is
defined by the VC 2.0 and OB 3.0.3 contexts: the library refuses undefined terms before signing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings

from wisam.core.i18n import translated
from wisam.credentials.trust import AccreditationFact
from wisam.design.exports import _MODE, _SUPERVISION, ob3_achievement
from wisam.design.models import ParticipationMode, SpecificationVersion, Supervision
from wisam.design.vocab import ISCED_URI
from wisam.institutions.models import Organisation
from wisam.vc import identity_object, open_badge_credential

ANNEX_LABELS = {
    "title": ("Title", "العنوان"),
    "awarding_body": ("Awarding body", "الجهة المانحة"),
    "country": ("Country of the issuer", "بلد الجهة المانحة"),
    "workload": ("Notional workload", "عبء التعلم الافتراضي"),
    "ects": ("ECTS credits", "الساعات الأوروبية (ECTS)"),
    "level": ("Level", "المستوى"),
    "assessment": ("Type of assessment", "نوع التقييم"),
    "participation": ("Form of participation", "شكل المشاركة"),
    "qa": ("Type of quality assurance", "نوع ضمان الجودة"),
    "prerequisites": ("Prerequisites", "المتطلبات السابقة"),
    "supervision": ("Supervision and identity verification", "الإشراف والتحقق من الهوية"),
    "stackability": ("Integration / stackability", "التكامل / القابلية للتجميع"),
    "further_information": ("Further information", "معلومات إضافية"),
    "outcomes": ("Learning outcomes", "نتائج التعلم"),
}


@dataclass
class Learner:
    email: str
    name: dict[str, str]
    grade: str = ""
    evidence_url: str = ""
    evidence_narrative: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _line(key: str, value: str) -> str:
    en, ar = ANNEX_LABELS[key]
    return f"- **{en} / {ar}:** {value}"


def _both(value: dict[str, str] | None) -> str:
    value = value or {}
    en, ar = value.get("en", "").strip(), value.get("ar", "").strip()
    return " / ".join(t for t in (en, ar) if t)


def annex_description(version: SpecificationVersion, organisation: Organisation) -> str:
    """Every Annex I element of the version, labelled in English and Arabic (Markdown)."""
    lines = [
        _line("title", _both(version.title)),
        _line("awarding_body", _both(version.awarding_body) or _both(organisation.name)),
        _line("country", (version.awarding_country or organisation.country or "PS").upper()),
    ]
    if version.notional_hours:
        lines.append(_line("workload", f"{version.notional_hours} h"))
    if version.ects is not None:
        lines.append(_line("ects", f"{version.ects.normalize():f}"))
    levels = []
    if version.eqf_level:
        levels.append(f"EQF {version.eqf_level}")
    if version.nqf_level:
        levels.append(f"PS-NQF {version.nqf_level}")
    if levels:
        lines.append(_line("level", ", ".join(levels)))
    if _both(version.assessment_type):
        lines.append(_line("assessment", _both(version.assessment_type)))
    if version.participation_mode:
        lines.append(_line("participation", str(ParticipationMode(version.participation_mode).label)))
    if _both(version.qa_type):
        lines.append(_line("qa", _both(version.qa_type)))
    if _both(version.prerequisites):
        lines.append(_line("prerequisites", _both(version.prerequisites)))
    if version.supervision:
        lines.append(_line("supervision", str(Supervision(version.supervision).label)))
    if version.stackability:
        towards = _both(version.stackable_towards)
        lines.append(_line("stackability", version.get_stackability_display() + (f" — {towards}" if towards else "")))
    if _both(version.further_information):
        lines.append(_line("further_information", _both(version.further_information)))
    outcomes = [o for o in version.outcomes.all() if translated(o.text, "en") or translated(o.text, "ar")]
    if outcomes:
        lines.append(_line("outcomes", ""))
        lines.extend(f"  {n}. {_both(o.text)}" for n, o in enumerate(outcomes, start=1))
    return "\n".join(str(line) for line in lines)


def _alignment(name: str, url: str, framework: str, target_type: str, code: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": name,
        "targetUrl": url,
        "targetFramework": framework,
        "targetType": target_type,
    }
    if code:
        entry["targetCode"] = code
    return entry


def credential_achievement(
    version: SpecificationVersion, organisation: Organisation, accreditation: AccreditationFact | None
) -> dict[str, Any]:
    """The design app's OB Achievement for the version, completed with the Annex I elements and the register."""
    achievement = copy.deepcopy(ob3_achievement(version))
    achievement.pop("@context", None)
    title_ar = (version.title or {}).get("ar", "")
    intro = translated(version.need, "en") or achievement.get("name", "")
    description = f"{intro}\n\n{title_ar}\n\n" if title_ar else f"{intro}\n\n"
    achievement["description"] = description + annex_description(version, organisation)
    alignments: list[dict[str, Any]] = list(achievement.get("alignment", []))
    if version.participation_mode in _MODE:
        uri, label = _MODE[ParticipationMode(version.participation_mode)]
        alignments.append(
            _alignment(label, uri, "ELM learning-assessment (form of participation)", "ext:ModeOfLearning")
        )
    if version.supervision in _SUPERVISION:
        uri, label = _SUPERVISION[Supervision(version.supervision)]
        alignments.append(_alignment(label, uri, "ELM supervision-verification", "ext:SupervisionVerification"))
    if version.isced_code:
        alignments.append(
            _alignment(
                f"ISCED-F {version.isced_code}",
                ISCED_URI.format(code=version.isced_code),
                "ISCED-F 2013",
                "ext:ISCEDF",
                version.isced_code,
            )
        )
    if alignments:
        achievement["alignment"] = alignments
    if accreditation is not None:
        achievement["criteria"]["id"] = accreditation.register_url
        achievement["otherIdentifier"] = [
            {
                "type": "IdentifierEntry",
                "identifier": accreditation.register_identifier,
                "identifierType": "ext:WisamRegisterEntry",
            }
        ]
        achievement["related"] = [
            {"id": accreditation.register_url, "type": ["Related"], "version": str(version.number)}
        ]
    return achievement


def compose_credential(
    *,
    credential_id: str,
    version: SpecificationVersion,
    organisation: Organisation,
    issuer_did: str,
    learner: Learner,
    salt: str,
    issued_at: datetime,
    valid_until: datetime | None,
    accreditation: AccreditationFact | None,
    status_entries: list[dict[str, Any]],
    achievement: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential for one learner (`achievement` may be passed in, computed once per cohort)."""
    achievement = (
        copy.deepcopy(achievement)
        if achievement is not None
        else credential_achievement(version, organisation, accreditation)
    )
    country = (version.awarding_country or organisation.country or "PS").upper()
    issuer: dict[str, Any] = {
        "id": issuer_did,
        "type": ["Profile"],
        "name": translated(version.awarding_body, "en") or translated(organisation.name, "en") or organisation.slug,
        "url": organisation.website or f"{settings.SITE_URL}/organisations/{organisation.slug}/",
        "address": {"type": ["Address"], "addressCountryCode": country},
    }
    if organisation.email:
        issuer["email"] = organisation.email
    name_en, name_ar = learner.name.get("en", "").strip(), learner.name.get("ar", "").strip()
    identifiers = [
        identity_object(learner.email.strip().lower(), "emailAddress", salt=salt),
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name_ar or name_en},
    ]
    if name_en and name_ar:
        identifiers.append({"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name_en})
    credits = achievement.get("creditsAvailable")
    evidence: list[dict[str, Any]] = []
    narrative = learner.evidence_narrative or _both(version.assessment_type)
    if learner.evidence_url or narrative:
        item: dict[str, Any] = {"type": ["Evidence"], "name": "Assessment / التقييم"}
        if learner.evidence_url:
            item["id"] = learner.evidence_url
        if narrative:
            item["narrative"] = narrative
        evidence.append(item)
    document = open_badge_credential(
        credential_id=credential_id,
        issuer=issuer,
        achievement=achievement,
        valid_from=issued_at,
        awarded_date=issued_at,
        valid_until=valid_until,
        recipient_identifiers=identifiers,
        credits_earned=credits if isinstance(credits, int | float) else None,
        evidence=evidence,
        name=achievement.get("name"),
    )
    subject = document["credentialSubject"]
    if learner.grade and achievement.get("resultDescription"):
        description = achievement["resultDescription"][0]
        result: dict[str, Any] = {"type": ["Result"], "resultDescription": description["id"], "value": learner.grade}
        if description.get("resultType") == "Status":
            result["status"] = "Completed"
        subject["result"] = [result]
    if status_entries:
        # VC 2.0 allows several entries; the OB schema types credentialStatus as one object, so revocation goes
        # here and suspension is announced on the same index of the sibling list (see docs/credentials.md).
        document["credentialStatus"] = status_entries[0] if len(status_entries) == 1 else status_entries
    return document


def with_parts(achievement: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    """A stacked credential's achievement: `achievement` naming each of its parts in OB 3.0 `related`.

    Each part is {"achievement": <IRI of the part's achievement>, "version"?: str, "language"?: str}; Related allows
    only `id`, `type`, `inLanguage` and `version` (wisam.pathways builds the parts from the learner's record).
    """
    stacked = copy.deepcopy(achievement)
    related: list[dict[str, Any]] = list(stacked.get("related", []))
    seen = {entry.get("id") for entry in related}
    for part in parts:
        iri = str(part.get("achievement", ""))
        if not iri or iri in seen:
            continue
        seen.add(iri)
        entry: dict[str, Any] = {"id": iri, "type": ["Related"]}
        if part.get("language"):
            entry["inLanguage"] = str(part["language"])
        if part.get("version"):
            entry["version"] = str(part["version"])
        related.append(entry)
    if related:
        stacked["related"] = related
    return stacked
