"""Verification as a person reads it: one line per check, in plain Arabic or English.

Checks, in order: format and schema, signature, issuer (named from the trust list, never from the credential),
accreditation of that micro-credential for that issuer on the date of issue (with a note, not a failure, when the
accreditation has been suspended or withdrawn since), revocation and suspension, validity dates. Hostile input is
refused early and cheaply: the request size is capped by the caller and `wisam.vc`'s limits bound depth, nodes,
strings and blank nodes before any JSON-LD work; remote contexts are never fetched.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.utils import timezone, translation

from wisam.core.i18n import translated
from wisam.credentials import trust
from wisam.credentials.keys import WisamResolver
from wisam.credentials.models import IssuedCredential, StatusPurpose
from wisam.credentials.statuslists import parse_status_list_url, status_list_signed, status_list_url
from wisam.design.models import SpecificationVersion
from wisam.vc import (
    DEFAULT_LIMITS,
    VcError,
    check_status,
    load_json,
    validate_credential,
    validate_ob_schema,
    validity_problem,
)
from wisam.vc import verify as vc_verify

MAX_INPUT_BYTES = DEFAULT_LIMITS.max_bytes

# code -> (English, Arabic). Plain words for employers; technical detail goes in `detail`.
MESSAGES: dict[str, tuple[str, str]] = {
    "format.ok": (
        "The file is a well-formed Open Badges 3.0 credential.",
        "الملف شهادة سليمة البنية وفق معيار Open Badges 3.0.",
    ),
    "format.bad": ("This is not a valid credential file.", "هذا ليس ملف شهادة صالحاً."),
    "format.too_large": (
        "The file is too large to be a credential; it was not checked.",
        "الملف أكبر من أن يكون شهادة؛ لم يُفحص.",
    ),
    "signature.ok": (
        "The digital signature is intact: nothing was changed since it was issued.",
        "التوقيع الرقمي سليم: لم يتغيّر شيء منذ إصدار الشهادة.",
    ),
    "signature.bad": (
        "The digital signature does not match: the credential was altered or not signed by its issuer.",
        "التوقيع الرقمي غير مطابق: عُدّلت الشهادة أو لم يوقّعها مُصدرها.",
    ),
    "issuer.ok": (
        "Issued by {name}, a recognised institution in the national trust list.",
        "أصدرتها {name}، وهي مؤسسة معترف بها في القائمة الوطنية للجهات الموثوقة.",
    ),
    "issuer.unknown": (
        "The issuer is not in the national trust list.",
        "الجهة المُصدِرة ليست في القائمة الوطنية للجهات الموثوقة.",
    ),
    "accreditation.ok": (
        "On the date of issue this micro-credential was accredited for this institution (register entry {entry}).",
        "في تاريخ الإصدار كانت هذه الشهادة المصغّرة معتمدة لهذه المؤسسة (قيد السجل {entry}).",
    ),
    "accreditation.self": (
        "On the date of issue this micro-credential was self-accredited by this institution, within its AQAC approval (register entry {entry}).",
        "في تاريخ الإصدار كانت هذه الشهادة المصغّرة معتمدة ذاتياً من المؤسسة ضمن تفويض هيئة الاعتماد (قيد السجل {entry}).",
    ),
    "accreditation.none": (
        "This micro-credential was not accredited for this institution on the date of issue.",
        "لم تكن هذه الشهادة المصغّرة معتمدة لهذه المؤسسة في تاريخ الإصدار.",
    ),
    "accreditation.now_suspended": (
        "For your information: AQAC has suspended this accreditation since {since}. That does not affect a "
        "credential issued before then; only revocation by the issuer would.",
        "للعلم: علّقت هيئة الاعتماد هذا الاعتماد منذ {since}. لا يؤثر ذلك في شهادة صدرت قبل هذا التاريخ؛ "
        "وحده إلغاء الجهة المُصدِرة لها يُبطلها.",
    ),
    "accreditation.now_withdrawn": (
        "For your information: AQAC withdrew this accreditation on {since}. That does not affect a credential "
        "issued before then; only revocation by the issuer would.",
        "للعلم: سحبت هيئة الاعتماد هذا الاعتماد في {since}. لا يؤثر ذلك في شهادة صدرت قبل هذا التاريخ؛ "
        "وحده إلغاء الجهة المُصدِرة لها يُبطلها.",
    ),
    "accreditation.now_suspended_undated": (
        "For your information: AQAC has since suspended this accreditation. That does not affect a credential "
        "issued before then; only revocation by the issuer would.",
        "للعلم: علّقت هيئة الاعتماد هذا الاعتماد لاحقاً. لا يؤثر ذلك في شهادة صدرت قبل التعليق؛ "
        "وحده إلغاء الجهة المُصدِرة لها يُبطلها.",
    ),
    "accreditation.now_withdrawn_undated": (
        "For your information: AQAC has since withdrawn this accreditation. That does not affect a credential "
        "issued before then; only revocation by the issuer would.",
        "للعلم: سحبت هيئة الاعتماد هذا الاعتماد لاحقاً. لا يؤثر ذلك في شهادة صدرت قبل السحب؛ "
        "وحده إلغاء الجهة المُصدِرة لها يُبطلها.",
    ),
    "status.ok": ("It has not been revoked or suspended.", "لم تُلغَ الشهادة ولم تُعلَّق."),
    "status.revoked": ("The issuer has revoked this credential.", "ألغت الجهة المُصدِرة هذه الشهادة."),
    "status.suspended": ("The issuer has suspended this credential for now.", "علّقت الجهة المُصدِرة هذه الشهادة مؤقتاً."),
    "status.unknown": ("Its revocation status could not be checked.", "تعذّر التحقق من حالة إلغاء الشهادة."),
    "dates.ok": ("It is within its validity dates.", "الشهادة ضمن مدة صلاحيتها."),
    "dates.expired": ("It has expired (valid until {until}).", "انتهت صلاحية الشهادة (كانت صالحة حتى {until})."),
    "dates.not_yet_valid": ("It is not valid yet.", "لم يبدأ سريان الشهادة بعد."),
    "skipped": ("Not checked, because an earlier check failed.", "لم يُفحص لأن فحصاً سابقاً لم ينجح."),
}
CHECKS = ("format", "signature", "issuer", "accreditation", "status", "dates")
CHECK_TITLES = {
    "format": ("Format and schema", "البنية والمخطط"),
    "signature": ("Signature", "التوقيع"),
    "issuer": ("Issuer", "الجهة المُصدِرة"),
    "accreditation": ("Accreditation", "الاعتماد"),
    "status": ("Revocation or suspension", "الإلغاء أو التعليق"),
    "dates": ("Validity dates", "مدة الصلاحية"),
}


def _message(code: str, params: dict[str, Any], language: str | None) -> str:
    language = (language or translation.get_language() or "ar")[:2]
    en, ar = MESSAGES[code]
    values = {k: translated(v, language) if isinstance(v, dict) else v for k, v in params.items()}
    return (ar if language == "ar" else en).format(**values)


@dataclass
class Line:
    check: str
    ok: bool
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""
    # Information that does not change the result (e.g. the accreditation has been suspended since the issue date).
    note_code: str = ""
    note_params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        return _message(self.code, self.params, language)

    def note(self, language: str | None = None) -> str:
        return _message(self.note_code, self.note_params, language) if self.note_code else ""

    def title(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "ar")[:2]
        en, ar = CHECK_TITLES[self.check]
        return ar if language == "ar" else en


@dataclass
class Report:
    verified: bool
    lines: list[Line]
    credential: dict[str, Any] | None = None
    issuer_name: dict[str, str] = field(default_factory=dict)
    title: str = ""
    learner: str = ""
    issued: str = ""
    # A stacked credential's parts (OB 3.0 `related`, the register entry left out): {"id": IRI, "title": {ar, en}}
    parts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The lines in the active language, for templates."""
        return [
            {"check": ln.check, "ok": ln.ok, "title": ln.title(), "text": ln.text(), "note": ln.note()}
            for ln in self.lines
        ]

    def as_json(self, language: str | None = None) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "checks": [
                {
                    "check": line.check,
                    "ok": line.ok,
                    "code": line.code,
                    "message": line.text(language),
                    "message_en": line.text("en"),
                    "message_ar": line.text("ar"),
                    **({"detail": line.detail} if line.detail else {}),
                    **(
                        {"note": line.note(language), "note_en": line.note("en"), "note_ar": line.note("ar")}
                        if line.note_code
                        else {}
                    ),
                }
                for line in self.lines
            ],
            "issuer": self.issuer_name,
            "title": self.title,
            "learner": self.learner,
            "issued": self.issued,
            "parts": self.parts,
            "problemDetails": [asdict(line) for line in self.lines if not line.ok],
        }


def _finish(lines: list[Line], **extra: Any) -> Report:
    done = {line.check for line in lines}
    for name in CHECKS:
        if name not in done:
            lines.append(Line(name, False, "skipped"))
    return Report(verified=all(line.ok for line in lines), lines=lines, **extra)


_SPEC_PATH = re.compile(r"/design/specifications/(?P<slug>[\w-]+)/(?P<code>[\w.-]+)/v(?P<number>\d+)$")


def _version_of(document: dict[str, Any], issued: IssuedCredential | None) -> SpecificationVersion | None:
    if issued is not None:
        return issued.specification_version
    achievement = (document.get("credentialSubject") or {}).get("achievement") or {}
    match = _SPEC_PATH.search(str(achievement.get("id", "")))
    if not match:
        return None
    return SpecificationVersion.objects.filter(
        micro_credential__organisation__slug=match["slug"],
        micro_credential__code=match["code"],
        number=int(match["number"]),
    ).first()


def _parts_of(achievement: dict[str, Any]) -> list[dict[str, Any]]:
    """The achievements a stacked credential names in `related`, titled from Wisam's specifications when known."""
    register = str((achievement.get("criteria") or {}).get("id", ""))
    parts = []
    for entry in achievement.get("related") or []:
        iri = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        if not iri or iri == register:
            continue
        version = _version_of({"credentialSubject": {"achievement": {"id": iri}}}, None)
        parts.append({"id": iri, "title": dict(version.title) if version is not None else {}})
    return parts


@lru_cache(maxsize=256)
def _list_verified(text: str, issuer_did: str) -> bool:
    """Whether a status list credential (exact bytes) is validly signed by `issuer_did`.

    Cached per process: the same bytes verify the same way (keys are only ever added to a DID document), and a changed
    list is new bytes. This saves two RDFC verifications per credential checked.
    """
    document = json.loads(text)
    return document.get("issuer") == issuer_did and vc_verify(document, WisamResolver()).verified


def _status_line(document: dict[str, Any], issuer_did: str) -> Line:
    entry = document.get("credentialStatus")
    if entry is None:
        return Line("status", True, "status.ok", detail="no credentialStatus")
    if not isinstance(entry, dict):
        return Line("status", False, "status.unknown", detail="credentialStatus must be one object")
    parsed = parse_status_list_url(str(entry.get("statusListCredential", "")))
    if parsed is None:
        return Line("status", False, "status.unknown", detail="status list is not published by Wisam; not fetched")
    slug, purpose, number = parsed
    results = {}
    for list_purpose in (purpose, StatusPurpose.SUSPENSION):
        text = status_list_signed(slug=slug, purpose=list_purpose, number=number)
        if text is None:
            return Line("status", False, "status.unknown", detail=f"{list_purpose} list not found")
        if not _list_verified(text, issuer_did):
            return Line("status", False, "status.unknown", detail="status list signature or issuer mismatch")
        list_credential = json.loads(text)
        probe = dict(entry)
        if list_purpose != purpose:
            url = status_list_url(slug, list_purpose, number)
            probe.update(
                statusPurpose=str(list_purpose), statusListCredential=url, id=f"{url}#{entry.get('statusListIndex')}"
            )
        result = check_status(probe, list_credential)
        if not result.ok:
            return Line("status", False, "status.unknown", detail=f"{result.code}: {result.message}")
        results[str(list_purpose)] = result.is_set
    if results.get(StatusPurpose.REVOCATION):
        return Line("status", False, "status.revoked")
    if results.get(StatusPurpose.SUSPENSION):
        return Line("status", False, "status.suspended")
    return Line("status", True, "status.ok")


def _since_note(fact: trust.AccreditationFact) -> dict[str, Any]:
    """The note that the accreditation is suspended or withdrawn now: information, not a failed check."""
    if not fact.blocked_now:
        return {}
    kind = "suspended" if fact.status_now == "suspended" else "withdrawn"
    if fact.status_now_since is None:
        return {"note_code": f"accreditation.now_{kind}_undated"}
    since = timezone.localtime(fact.status_now_since).date().isoformat()
    return {"note_code": f"accreditation.now_{kind}", "note_params": {"since": since}}


def credential_verify(data: str | bytes | dict[str, Any], *, now: datetime | None = None) -> Report:
    """Verify a credential given as JSON text/bytes or parsed; never raises on bad input."""
    now = now or timezone.now()
    lines: list[Line] = []
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    if isinstance(data, bytes) and len(data) > MAX_INPUT_BYTES:
        return _finish([Line("format", False, "format.too_large", detail=f"{len(data)} bytes")])
    try:
        document = load_json(data) if isinstance(data, bytes) else data
    except VcError as error:
        return _finish([Line("format", False, "format.bad", detail=f"{error.code}: {error.message}")])
    except Exception as error:  # anything unparseable is refused the same way
        return _finish([Line("format", False, "format.bad", detail=str(error)[:200])])
    if not isinstance(document, dict):
        return _finish([Line("format", False, "format.bad", detail="not a JSON object")])
    problems = validate_credential(document) + validate_ob_schema(document)
    if problems:
        return _finish([Line("format", False, "format.bad", detail="; ".join(problems[:5]))])
    lines.append(Line("format", True, "format.ok"))
    checked = vc_verify(document, WisamResolver(), now=now)
    if not checked.verified:
        codes = ", ".join(c.code for c in checked.checks if not c.ok)
        lines.append(Line("signature", False, "signature.bad", detail=codes))
        return _finish(lines)
    lines.append(Line("signature", True, "signature.ok"))
    issuer = document.get("issuer")
    issuer_did = str(issuer.get("id") if isinstance(issuer, dict) else issuer)
    trusted = trust.issuer_for_did(issuer_did)
    subject = document.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    names = [i.get("identityHash") for i in subject.get("identifier", []) if i.get("identityType") == "name"]
    extra: dict[str, Any] = {
        "credential": document,
        "title": str(achievement.get("name", "")),
        "learner": " / ".join(str(n) for n in names if n),
        "issued": str(document.get("validFrom", "")),
        "parts": _parts_of(achievement),
    }
    if trusted is None:
        lines.append(Line("issuer", False, "issuer.unknown", detail=issuer_did))
        return _finish(lines, **extra)
    extra["issuer_name"] = trusted.name
    lines.append(Line("issuer", True, "issuer.ok", {"name": trusted.name}, detail=trusted.source))
    issued = (
        IssuedCredential.objects.filter(
            organisation=trusted.organisation, id=str(document.get("id", "")).removeprefix("urn:uuid:")
        )
        .select_related("specification_version")
        .first()
        if _is_uuid_urn(document.get("id"))
        else None
    )
    version = _version_of(document, issued)
    issued_on = str(document.get("awardedDate") or document.get("validFrom") or "")
    fact = None
    if version is not None and issued_on:
        when = datetime.fromisoformat(issued_on.replace("Z", "+00:00"))
        fact = trust.accreditation_at(version=version, organisation=trusted.organisation, when=when)
    if fact is None:
        lines.append(Line("accreditation", False, "accreditation.none"))
    else:
        code = "accreditation.self" if fact.route == "self" else "accreditation.ok"
        lines.append(Line("accreditation", True, code, {"entry": fact.register_identifier}, **_since_note(fact)))
    lines.append(_status_line(document, issuer_did))
    problem = validity_problem(document, now)
    if problem == "expired":
        lines.append(Line("dates", False, "dates.expired", {"until": str(document.get("validUntil", ""))[:10]}))
    elif problem == "not_yet_valid":
        lines.append(Line("dates", False, "dates.not_yet_valid"))
    else:
        lines.append(Line("dates", True, "dates.ok"))
    return _finish(lines, **extra)


def _is_uuid_urn(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", value) is not None
