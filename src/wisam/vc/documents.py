"""Builders and validators for W3C VC 2.0 credentials and Open Badges 3.0 OpenBadgeCredentials."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any, Final

from jsonschema import Draft201909Validator

from .proofs import format_datetime, is_datetime_stamp

JsonObject = dict[str, Any]

VC_V2: Final = "https://www.w3.org/ns/credentials/v2"
VC_V1: Final = "https://www.w3.org/2018/credentials/v1"
OB_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS: Final = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
OB_SCHEMA_URL: Final = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
OB_SCHEMA_TYPE: Final = "1EdTechJsonSchemaValidator2019"


def identity_hash(identifier: str, salt: str = "") -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex(SHA-256(UTF-8(identifier + salt)))."""
    return "sha256$" + hashlib.sha256((identifier + salt).encode("utf-8")).hexdigest()


def identity_object(
    identifier: str, identity_type: str = "emailAddress", *, hashed: bool = True, salt: str | None = None
) -> JsonObject:
    """An OB 3.0 IdentityObject; hashed with a fresh random salt unless ``hashed`` is False."""
    obj: JsonObject = {"type": "IdentityObject", "identityType": identity_type, "hashed": hashed}
    if hashed:
        salt = salt if salt is not None else secrets.token_hex(8)
        obj["identityHash"] = identity_hash(identifier, salt)
        obj["salt"] = salt
    else:
        obj["identityHash"] = identifier
    return obj


def profile(
    profile_id: str,
    name: str,
    *,
    url: str | None = None,
    email: str | None = None,
    description: str | None = None,
    image: str | None = None,
) -> JsonObject:
    """An OB 3.0 Profile (issuer or creator)."""
    obj: JsonObject = {"id": profile_id, "type": ["Profile"], "name": name}
    if url:
        obj["url"] = url
    if email:
        obj["email"] = email
    if description:
        obj["description"] = description
    if image:
        obj["image"] = {"id": image, "type": "Image"}
    return obj


def alignment(
    target_name: str,
    target_url: str,
    *,
    target_type: str | None = None,
    target_code: str | None = None,
    target_framework: str | None = None,
    target_description: str | None = None,
) -> JsonObject:
    """An OB 3.0 Alignment (e.g. to an ESCO skill: target_type ``ext:ESCOSkill``)."""
    obj: JsonObject = {"type": ["Alignment"], "targetName": target_name, "targetUrl": target_url}
    for key, value in (
        ("targetType", target_type),
        ("targetCode", target_code),
        ("targetFramework", target_framework),
        ("targetDescription", target_description),
    ):
        if value is not None:
            obj[key] = value
    return obj


def achievement(
    achievement_id: str,
    name: str,
    description: str,
    *,
    criteria_narrative: str | None = None,
    criteria_id: str | None = None,
    achievement_type: str = "MicroCredential",
    image: str | None = None,
    alignments: Sequence[Mapping[str, Any]] = (),
    credits_available: float | None = None,
    field_of_study: str | None = None,
    in_language: str | None = None,
    tags: Sequence[str] = (),
    creator: Mapping[str, Any] | None = None,
    human_code: str | None = None,
) -> JsonObject:
    """An OB 3.0 Achievement (required: id, type, name, description, criteria)."""
    criteria: JsonObject = {}
    if criteria_id:
        criteria["id"] = criteria_id
    if criteria_narrative:
        criteria["narrative"] = criteria_narrative
    if not criteria:
        raise ValueError("An Achievement needs criteria (a narrative and/or an id)")
    obj: JsonObject = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": achievement_type,
        "name": name,
        "description": description,
        "criteria": criteria,
    }
    if image:
        obj["image"] = {"id": image, "type": "Image"}
    if alignments:
        obj["alignment"] = [dict(a) for a in alignments]
    if credits_available is not None:
        obj["creditsAvailable"] = credits_available
    if field_of_study:
        obj["fieldOfStudy"] = field_of_study
    if in_language:
        obj["inLanguage"] = in_language
    if tags:
        obj["tag"] = list(tags)
    if creator is not None:
        obj["creator"] = dict(creator)
    if human_code:
        obj["humanCode"] = human_code
    return obj


def open_badge_credential(
    *,
    credential_id: str,
    issuer: str | Mapping[str, Any],
    achievement: Mapping[str, Any],
    valid_from: datetime | str,
    recipient_id: str | None = None,
    recipient_identifiers: Sequence[Mapping[str, Any]] = (),
    valid_until: datetime | str | None = None,
    awarded_date: datetime | str | None = None,
    name: str | None = None,
    description: str | None = None,
    credits_earned: float | None = None,
    evidence: Sequence[Mapping[str, Any]] = (),
    credential_status: Mapping[str, Any] | None = None,
    include_schema: bool = True,
) -> JsonObject:
    """An unsigned OB 3.0 ``OpenBadgeCredential`` (VC 2.0, context 3.0.3).

    ``include_schema`` adds the 1EdTech JSON-schema reference, and with it the extensions
    context that defines its type (without it that type is an undefined term, §1.2).
    """
    if not recipient_id and not recipient_identifiers:
        raise ValueError("An AchievementSubject needs an id or at least one identifier")
    subject: JsonObject = {"type": ["AchievementSubject"]}
    if recipient_id:
        subject["id"] = recipient_id
    if recipient_identifiers:
        subject["identifier"] = [dict(i) for i in recipient_identifiers]
    subject["achievement"] = dict(achievement)
    if credits_earned is not None:
        subject["creditsEarned"] = credits_earned
    contexts = [VC_V2, OB_CONTEXT] + ([OB_EXTENSIONS] if include_schema else [])
    cred: JsonObject = {
        "@context": contexts,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": dict(issuer) if isinstance(issuer, Mapping) else issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        cred["validUntil"] = format_datetime(valid_until)
    if awarded_date is not None:
        cred["awardedDate"] = format_datetime(awarded_date)
    cred["name"] = name or str(achievement.get("name", ""))
    if description:
        cred["description"] = description
    cred["credentialSubject"] = subject
    if evidence:
        cred["evidence"] = [dict(e) for e in evidence]
    if credential_status is not None:
        cred["credentialStatus"] = dict(credential_status)
    if include_schema:
        cred["credentialSchema"] = [{"id": OB_SCHEMA_URL, "type": OB_SCHEMA_TYPE}]
    return cred


@cache
def _ob_validator() -> Draft201909Validator:
    schema = json.loads(
        resources.files("wisam.vc").joinpath("schemas", "achievementcredential.schema.json").read_bytes()
    )
    return Draft201909Validator(schema)


def validate_ob_schema(credential: Mapping[str, Any]) -> list[str]:
    """Errors against the bundled 1EdTech AchievementCredential JSON schema (empty list = valid).

    The schema wants ``proof`` as an array (§10.7); unsigned credentials validate too.
    """
    errors = sorted(_ob_validator().iter_errors(credential), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]


def _types(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def validate_credential(credential: Mapping[str, Any]) -> list[str]:
    """VC Data Model 2.0 (and OB 3.0, when typed so) structural rules the JSON-LD layer does not check."""
    problems: list[str] = []
    ctx = credential.get("@context")
    ctx_list = _types(ctx)
    if not ctx_list or ctx_list[0] != VC_V2:
        problems.append(f"@context must start with {VC_V2}")
    types = _types(credential.get("type"))
    if "VerifiableCredential" not in types:
        problems.append("type must include VerifiableCredential")
    issuer = credential.get("issuer")
    if not (isinstance(issuer, str) or (isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str))):
        problems.append("issuer must be a URL or an object with an id")
    subjects = _types(credential.get("credentialSubject"))
    if not subjects or not all(isinstance(s, Mapping) for s in subjects):
        problems.append("credentialSubject must be one or more objects")
    for prop in ("validFrom", "validUntil"):
        if prop in credential and not is_datetime_stamp(credential[prop]):
            problems.append(f"{prop} must be an xsd:dateTimeStamp (date-time with time zone)")
    if (
        is_datetime_stamp(credential.get("validFrom"))
        and is_datetime_stamp(credential.get("validUntil"))
        and _parse(credential["validFrom"]) > _parse(credential["validUntil"])
    ):
        problems.append("validFrom is after validUntil")
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        if (
            len(ctx_list) < 2
            or not isinstance(ctx_list[1], str)
            or not ctx_list[1].startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
        ):
            problems.append("Open Badges 3.0 context must be the second @context entry")
        if not credential.get("id"):
            problems.append("An OpenBadgeCredential must have an id")
        if "validFrom" not in credential:
            problems.append("An OpenBadgeCredential must have validFrom")
        subject = subjects[0] if subjects and isinstance(subjects[0], Mapping) else {}
        if not subject.get("id") and not subject.get("identifier"):
            problems.append("credentialSubject needs an id or an identifier")
        if not isinstance(subject.get("achievement"), Mapping):
            problems.append("credentialSubject.achievement is required")
        uses_ext = any(
            isinstance(s, Mapping) and s.get("type") == OB_SCHEMA_TYPE
            for s in _types(credential.get("credentialSchema", []))
        )
        if uses_ext and OB_EXTENSIONS not in ctx_list:
            problems.append(f"credentialSchema type {OB_SCHEMA_TYPE} needs the {OB_EXTENSIONS} context")
    return problems


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def validity_problem(credential: Mapping[str, Any], now: datetime | None = None) -> str | None:
    """'not_yet_valid', 'expired' or None, from validFrom/validUntil (VC 1.1 dates as fallback)."""
    now = now or datetime.now(UTC)
    start = credential.get("validFrom", credential.get("issuanceDate"))
    end = credential.get("validUntil", credential.get("expirationDate"))
    if is_datetime_stamp(start) and _parse(str(start)) > now:
        return "not_yet_valid"
    if is_datetime_stamp(end) and _parse(str(end)) < now:
        return "expired"
    return None
