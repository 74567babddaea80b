"""The same credential as a Europass ELM v3 `EuropeanDigitalCredential` (JSON-LD, edc-ap context; pure composition).

Shape: the EDC generic application profile (http://data.europa.eu/snb/model/ap/edc-generic-no-cv). The learner is
a `Person` whose claim is a `LearningAchievement` awarded by the institution and specified by the design app's ELM
`Qualification` export of the specification version (every Annex I element lives there). This export is not sealed:
a Europass seal needs an eIDAS certificate (JAdES), which Wisam's Ed25519 keys are not (docs/credentials.md).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.conf import settings

from wisam.credentials.models import IssuedCredential
from wisam.design import vocab
from wisam.design.exports import ELM_CONTEXT, VC1_CONTEXT, elm_specification

GENERIC_PROFILE = "http://data.europa.eu/snb/credential/e34929035b"
ELM = "http://data.europa.eu/snb/model/elm/"
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language"
NO_CV_SHAPES = "http://data.europa.eu/snb/model/ap/edc-generic-no-cv"


def _concept(uri: str, scheme: str, label: dict[str, str]) -> dict[str, Any]:
    return {"id": uri, "type": "Concept", "inScheme": {"id": scheme, "type": "ConceptScheme"}, "prefLabel": label}


def _organisation(credential: IssuedCredential, urn: str) -> dict[str, Any]:
    organisation = credential.organisation
    country = (organisation.country or "PS").upper()
    version = credential.specification_version
    # The same legal name the design export gives this organisation (one literal per language, or SHACL refuses).
    names = (
        {k: v for k, v in (version.awarding_body or {}).items() if v}
        or {k: v for k, v in (organisation.name or {}).items() if v}
        or {"en": organisation.slug}
    )
    country_concept = {
        **_concept(
            vocab.country_uri(country), "http://publications.europa.eu/resource/authority/country", {"en": country}
        ),
        "notation": "country",
    }
    return {
        "id": f"{settings.SITE_URL}/organisations/{organisation.slug}",
        "type": "Organisation",
        "legalName": names,
        # The edc-ap context has no term for it, so the full IRI: the institution's identifier in Wisam's registry.
        ELM + "eidasLegalIdentifier": {
            "id": f"{urn}:legal-identifier",
            "type": "LegalIdentifier",
            "notation": f"PS-{organisation.slug}",
            "spatial": country_concept,
        },
        "location": [
            {
                "id": f"{urn}:location",
                "type": "Location",
                "address": [
                    {
                        "id": f"{urn}:address",
                        "type": "Address",
                        "countryCode": country_concept,
                    }
                ],
            }
        ],
    }


def _language(code: str, label: str) -> dict[str, Any]:
    # Labelled with the code, as the design export labels the same concepts (one label per language, or SHACL refuses).
    return {**_concept(vocab.language_uri(code), LANGUAGE_AUTHORITY, {"en": code}), "notation": "language"}


def _qr_image(credential: IssuedCredential, urn: str) -> dict[str, Any]:
    """A PNG of the QR code to the credential's verification page (the display image the shapes ask for)."""
    import base64
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(f"{settings.SITE_URL}/credentials/s/{credential.share_token}/", error="m").save(
        buffer, kind="png", scale=4
    )
    return {
        "id": f"{urn}:display:image",
        "type": "MediaObject",
        "content": base64.b64encode(buffer.getvalue()).decode(),
        "contentEncoding": _concept(
            "http://data.europa.eu/snb/encoding/6146cde7dd",
            "http://data.europa.eu/snb/encoding/25831c2",
            {"en": "base64"},
        ),
        "contentType": {
            **_concept(
                "http://publications.europa.eu/resource/authority/file-type/PNG",
                "http://publications.europa.eu/resource/authority/file-type",
                {"en": "PNG"},
            ),
            "notation": "file-type",
        },
    }


def _date(value: Any) -> str:
    return str(value.isoformat()).replace("+00:00", "Z")


def _part_body(part: dict[str, Any], issuer: dict[str, Any], urn: str) -> dict[str, Any]:
    """Who awarded a part: the same node as the issuer when it is the same institution (so its name is not given
    twice), another Wisam institution as the issuer is described, or an outside issuer by its name."""
    from wisam.institutions.models import Organisation

    provider = str(part.get("provider", ""))
    if issuer["id"].endswith(f"/organisations/{provider}"):
        return copy.deepcopy(issuer)
    organisation = Organisation.objects.filter(slug=provider).first() if provider else None
    # An outside issuer that does not state its country is placed in the issuer's (the shapes require a country).
    country = (
        (organisation.country if organisation is not None else part.get("country"))
        or issuer["location"][0]["address"][0]["countryCode"]["prefLabel"]["en"]
        or "PS"
    ).upper()
    country_concept = {
        **_concept(
            vocab.country_uri(country), "http://publications.europa.eu/resource/authority/country", {"en": country}
        ),
        "notation": "country",
    }
    location = [
        {
            "id": f"{urn}:location",
            "type": "Location",
            "address": [{"id": f"{urn}:address", "type": "Address", "countryCode": country_concept}],
        }
    ]
    if organisation is None:
        return {
            "id": f"{urn}:awarding-body",
            "type": "Organisation",
            "legalName": {"en": provider or "—"},
            "location": location,
        }
    return {
        "id": f"{settings.SITE_URL}/organisations/{organisation.slug}",
        "type": "Organisation",
        "legalName": {k: v for k, v in (organisation.name or {}).items() if v} or {"en": organisation.slug},
        ELM + "eidasLegalIdentifier": {
            "id": f"{urn}:legal-identifier",
            "type": "LegalIdentifier",
            "notation": f"PS-{organisation.slug}",
            "spatial": country_concept,
        },
        "location": location,
    }


def _parts(credential: IssuedCredential, urn: str, issuer: dict[str, Any]) -> list[dict[str, Any]]:
    """The achievements a stacked credential was built from (wisam.pathways keeps them on its StackedAward)."""
    award = getattr(credential, "stacked_award", None)
    if award is None:
        return []
    parts = []
    for n, part in enumerate(award.parts, start=1):
        part_urn = f"{urn}:part:{n}"
        title = {k: v for k, v in (part.get("title") or {}).items() if v} or {"en": str(part.get("achievement", ""))}
        parts.append(
            {
                "id": part_urn,
                "type": "LearningAchievement",
                "title": title,
                "awardedBy": {
                    "id": f"{part_urn}:awarding",
                    "type": "AwardingProcess",
                    "awardingBody": [_part_body(part, issuer, part_urn)],
                    "awardingDate": str(part.get("awarded_on") or _date(credential.issued_at)),
                },
            }
        )
    return parts


def european_digital_credential(credential: IssuedCredential) -> dict[str, Any]:
    """The issued credential as an ELM v3 EuropeanDigitalCredential document (unsealed)."""
    signed = json.loads(credential.document)
    urn = f"urn:wisam:credential:{credential.pk}"
    specification = copy.deepcopy(elm_specification(credential.specification_version))
    specification.pop("@context", None)
    issuer = _organisation(credential, f"{urn}:issuer")
    names = {k: v for k, v in (credential.learner_name or {}).items() if v}
    issued = _date(credential.issued_at)
    achievement: dict[str, Any] = {
        "id": f"{urn}:achievement",
        "type": "LearningAchievement",
        "title": specification.get("title") or {"en": signed.get("name", "")},
        "awardedBy": {
            "id": f"{urn}:awarding",
            "type": "AwardingProcess",
            "awardingBody": [issuer],
            "awardingDate": issued,
        },
        "specifiedBy": specification,
    }
    parts = _parts(credential, urn, issuer)
    if parts:
        achievement["hasPart"] = parts
    if credential.grade:
        achievement["additionalNote"] = [
            {"id": f"{urn}:grade", "type": "Note", "noteLiteral": {"en": f"Grade: {credential.grade}"}}
        ]
    document: dict[str, Any] = {
        "@context": [VC1_CONTEXT, ELM_CONTEXT],
        "id": f"urn:uuid:{credential.pk}",
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": [
            _concept(GENERIC_PROFILE, "http://data.europa.eu/snb/credential/25831c2", {"en": "Generic"})
        ],
        "credentialSchema": [{"id": NO_CV_SHAPES, "type": "ShaclValidator2017"}],
        "issuer": issuer,
        "displayParameter": {
            "id": f"{urn}:display",
            "type": "DisplayParameter",
            "title": {"ar": "شهادة مصغّرة", "en": "Micro-credential"},
            "description": {"ar": "أتمّ بنجاح شهادة مصغّرة", "en": "has successfully completed a micro-credential"},
            "language": [_language("ar", "Arabic"), _language("en", "English")],
            "primaryLanguage": _language("ar", "Arabic"),
            "individualDisplay": [
                {
                    "id": f"{urn}:display:ar",
                    "type": "IndividualDisplay",
                    "language": _language("ar", "Arabic"),
                    "displayDetail": [
                        {
                            "id": f"{urn}:display:ar:1",
                            "type": "DisplayDetail",
                            "page": 1,
                            "image": _qr_image(credential, urn),
                        }
                    ],
                }
            ],
        },
        "issuanceDate": issued,
        "issued": issued,
        "validFrom": issued,
        "credentialSubject": {
            "id": f"{urn}:person",
            "type": "Person",
            # One full name only (the shapes allow one value): the Arabic one when there is one.
            "fullName": {"ar": names["ar"]} if names.get("ar") else {"en": names.get("en") or credential.learner_email},
            "hasClaim": [achievement],
        },
    }
    if credential.valid_until:
        document["validUntil"] = _date(credential.valid_until)
        document["expirationDate"] = _date(credential.valid_until)
    return document
