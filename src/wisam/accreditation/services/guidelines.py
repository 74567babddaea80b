"""Versioned accreditation guidelines: load from data, bring a version into force, find the one in force."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Guideline,
    GuidelineCriterion,
    GuidelineStandard,
    GuidelineStatus,
)
from wisam.accreditation.services.common import _user
from wisam.core.events import event_record

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_GUIDELINE = "national-mc"


def _hash(data: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _validate_guideline(data: Mapping[str, Any]) -> list[str]:
    problems = []
    for name in ("key", "version", "title", "standards"):
        if name not in data:
            problems.append(f"missing “{name}”")
    codes: set[str] = set()
    for standard in data.get("standards") or []:
        for name in ("code", "title", "criteria"):
            if name not in standard:
                problems.append(f"a standard lacks “{name}”")
        for criterion in standard.get("criteria") or []:
            code = criterion.get("code", "")
            if not code or code in codes:
                problems.append(f"criterion code “{code}” is missing or repeated")
            codes.add(code)
            text = criterion.get("text") or {}
            if not (text.get("ar") and text.get("en")):
                problems.append(f"criterion {code} needs its text in Arabic and English")
    if not codes:
        problems.append("no criteria")
    return problems


@transaction.atomic
def guideline_load(*, data: Mapping[str, Any], actor: Any = None) -> tuple[Guideline, bool]:
    """Load one guideline version from data; returns (guideline, created). A loaded version never changes."""
    problems = _validate_guideline(data)
    if problems:
        raise ValidationError(_("The guideline is not valid: %(problems)s.") % {"problems": "; ".join(problems)})
    digest = _hash(data)
    existing = Guideline.objects.filter(key=data["key"], version=int(data["version"])).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise ValidationError(
                _("Version %(version)s of “%(key)s” is already loaded with other content; publish a new version.")
                % {"version": data["version"], "key": data["key"]}
            )
        return existing, False
    guideline = Guideline.objects.create(
        key=data["key"],
        version=int(data["version"]),
        title=data["title"],
        description=data.get("description") or {},
        sources=list(data.get("sources") or []),
        scale=list(data.get("scale") or []),
        status=GuidelineStatus.DRAFT,
        content_hash=digest,
    )
    for s_order, standard in enumerate(data["standards"], start=1):
        row = GuidelineStandard.objects.create(
            guideline=guideline,
            code=standard["code"],
            order=s_order,
            title=standard["title"],
            description=standard.get("description") or {},
            references=list(standard.get("references") or []),
        )
        GuidelineCriterion.objects.bulk_create(
            GuidelineCriterion(
                standard=row,
                code=criterion["code"],
                order=c_order,
                text=criterion["text"],
                guidance=criterion.get("guidance") or {},
                evidence=criterion.get("evidence") or {},
                linter_codes=list(criterion.get("linter_codes") or []),
            )
            for c_order, criterion in enumerate(standard["criteria"], start=1)
        )
    event_record(
        action="accreditation.guideline.loaded",
        subject=guideline,
        actor=actor,
        payload={"key": guideline.key, "version": guideline.version, "hash": digest},
    )
    if (
        data.get("status") == GuidelineStatus.IN_FORCE
        and not Guideline.objects.filter(key=guideline.key, status=GuidelineStatus.IN_FORCE).exists()
    ):
        guideline = guideline_publish(guideline=guideline, actor=actor)
    return guideline, True


def guidelines_load(*, directory: Path = DATA_DIR, actor: Any = None) -> list[tuple[Guideline, bool]]:
    """Load every data/guidelines-*.json (idempotent: loaded versions are left alone)."""
    results = []
    for path in sorted(directory.glob("guidelines-*.json")):
        results.append(guideline_load(data=json.loads(path.read_text(encoding="utf-8")), actor=actor))
    return results


@transaction.atomic
def guideline_publish(*, guideline: Guideline, actor: Any) -> Guideline:
    """Bring a version into force; the one in force before is superseded. Applications keep the version they had."""
    guideline = Guideline.objects.select_for_update().get(pk=guideline.pk)
    if guideline.status == GuidelineStatus.IN_FORCE:
        return guideline
    if Guideline.objects.filter(key=guideline.key, version__gt=guideline.version, published_at__isnull=False):
        raise ValidationError(_("A later version has already been in force; publish a newer version instead."))
    previous = list(Guideline.objects.select_for_update().filter(key=guideline.key, status=GuidelineStatus.IN_FORCE))
    for old in previous:
        old.status = GuidelineStatus.SUPERSEDED
        old.save(update_fields=["status"])
        event_record(action="accreditation.guideline.superseded", subject=old, actor=actor, payload={})
    guideline.status = GuidelineStatus.IN_FORCE
    guideline.published_at = timezone.now()
    guideline.published_by = _user(actor)
    guideline.save(update_fields=["status", "published_at", "published_by"])
    event_record(
        action="accreditation.guideline.published",
        subject=guideline,
        actor=actor,
        payload={"key": guideline.key, "version": guideline.version, "superseded": [g.version for g in previous]},
    )
    return guideline


def guideline_in_force(key: str = DEFAULT_GUIDELINE) -> Guideline | None:
    return Guideline.objects.filter(key=key, status=GuidelineStatus.IN_FORCE).first()
