"""Open data of the register as ELM v3 JSON-LD (reference/domain.md §2): one `Qualification` per entry.

An entry that has its specification version uses the design app's ELM export (`wisam.design.exports`) and adds the
register's identifier and accreditation; otherwise a minimal `Qualification` is composed from the entry's fields.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from wisam.accreditation.models import RegisterEntry

VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
ELM_CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
EQF = "http://data.europa.eu/snb/eqf/{}"
ISCED = "http://data.europa.eu/snb/isced-f/{}"
ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
MODES = {
    "online": "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
    "blended": "http://data.europa.eu/snb/learning-assessment/e92d221e4d",
}
LANGUAGES = {"ar": "ARA", "en": "ENG", "fr": "FRA"}


def _lang(value: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in value.items() if v}


def _accreditation(entry: RegisterEntry) -> dict[str, Any]:
    return {
        "id": f"{settings.SITE_URL}{entry.get_absolute_url()}#accreditation",
        "type": "Accreditation",
        "dcType": {
            "id": "http://data.europa.eu/snb/accreditation/003293d2ce",
            "type": "Concept",
            "prefLabel": {"en": "Quality assured"},
        },
        "title": {"en": f"Accredited by AQAC ({entry.get_status_display()})"},
        "accreditingAgent": {
            "id": f"{settings.SITE_URL}/organisations/aqac/",
            "type": "Organisation",
            "legalName": {
                "en": "Accreditation and Quality Assurance Commission (AQAC)",
                "ar": "هيئة الاعتماد والجودة والنوعية",
            },
        },
        "organisation": {
            "id": f"{settings.SITE_URL}/organisations/{entry.institution_slug}/",
            "type": "Organisation",
            "legalName": _lang(entry.institution_name),
        },
        "issued": entry.valid_from.isoformat() + "T00:00:00Z",
        "expiryDate": entry.valid_until.isoformat() + "T23:59:59Z",
        **({"limitEQFLevel": {"id": EQF.format(entry.eqf_level), "type": "Concept"}} if entry.eqf_level else {}),
    }


def _minimal(entry: RegisterEntry) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": f"{settings.SITE_URL}{entry.get_absolute_url()}",
        "type": "Qualification",
        "title": _lang(entry.title),
    }
    if entry.eqf_level:
        doc["eqfLevel"] = {"id": EQF.format(entry.eqf_level), "type": "Concept"}
    if entry.isced_code:
        doc["thematicArea"] = [{"id": ISCED.format(entry.isced_code), "type": "Concept"}]
    if entry.ects is not None:
        doc["creditPoint"] = [
            {
                "id": f"{doc['id']}#credit",
                "type": "CreditPoint",
                "framework": {"id": ECTS, "type": "Concept"},
                "point": f"{entry.ects.normalize():f}",
            }
        ]
    if entry.notional_hours:
        doc["volumeOfLearning"] = f"PT{entry.notional_hours}H"
    if entry.mode in MODES:
        doc["mode"] = [{"id": MODES[entry.mode], "type": "Concept"}]
    if entry.languages:
        doc["language"] = [
            {
                "id": f"http://publications.europa.eu/resource/authority/language/{LANGUAGES.get(c, c.upper())}",
                "type": "Concept",
            }
            for c in entry.languages
        ]
    doc["isPartialQualification"] = entry.stackability == "integrated"
    return doc


def entry_node(entry: RegisterEntry) -> dict[str, Any]:
    node: dict[str, Any] | None = None
    if entry.specification_version_id:
        try:
            from wisam.design.exports import elm_specification

            node = elm_specification(entry.specification_version)  # type: ignore[arg-type]
            node.pop("@context", None)
        except Exception:  # the design export is another app's; fall back to the register's own fields
            node = None
    node = node or _minimal(entry)
    node["id"] = f"{settings.SITE_URL}{entry.get_absolute_url()}"
    node["identifier"] = [
        {
            "id": f"{node['id']}#id",
            "type": "Identifier",
            "notation": entry.identifier,
            "schemeName": "Wisam national register",
        }
    ]
    node["accreditation"] = [_accreditation(entry)]
    return node


def entry_jsonld(entry: RegisterEntry) -> dict[str, Any]:
    return {"@context": [VC1_CONTEXT, ELM_CONTEXT], **entry_node(entry)}


def register_jsonld(entries: list[RegisterEntry], page: Any = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": [VC1_CONTEXT, ELM_CONTEXT],
        "@graph": [entry_node(e) for e in entries],
    }
    if page is not None:
        doc["totalItems"] = page.paginator.count
        doc["page"] = page.number
        doc["pages"] = page.paginator.num_pages
    return doc
