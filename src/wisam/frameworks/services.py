"""Writes for frameworks and vocabularies: the idempotent data-file loader and the national-default switch."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from wisam.frameworks.datafiles import DataFile, DataFileError, read_data_files
from wisam.frameworks.models import (
    CreditConversion,
    CreditSystem,
    DataRelease,
    EscoSkill,
    FrameworkLevel,
    IscedField,
    IscedLevel,
    Language,
    LevelMapping,
    QualificationFramework,
    Vocabulary,
    VocabularyConcept,
)

CREATED, UPDATED, UNCHANGED, KEPT = "created", "updated", "unchanged", "kept"


@dataclass
class FileReport:
    """What loading one data file did."""

    name: str
    file_name: str
    version: str
    skipped: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    def line(self) -> str:
        if self.skipped:
            return f"{self.file_name} (version {self.version}): unchanged since the last load, skipped"
        parts = [f"{self.counts.get(key, 0)} {key}" for key in (CREATED, UPDATED, UNCHANGED)]
        if self.kept:
            parts.append(f"{len(self.kept)} kept (edited locally)")
        if self.deactivated:
            parts.append(f"{len(self.deactivated)} deactivated (no longer in the file)")
        return f"{self.file_name} (version {self.version}): " + ", ".join(parts)


@dataclass
class LoadReport:
    """What `frameworks_load` did, file by file."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            not f.skipped and (f.counts.get(CREATED) or f.counts.get(UPDATED) or f.deactivated) for f in self.files
        )

    def total(self, outcome: str) -> int:
        return sum(f.counts.get(outcome, 0) for f in self.files)

    def lines(self) -> list[str]:
        lines: list[str] = []
        for report in self.files:
            lines.append(report.line())
            lines.extend(f"  kept: {key}" for key in report.kept)
            lines.extend(f"  deactivated: {key}" for key in report.deactivated)
            lines.extend(f"  warning: {warning}" for warning in report.warnings)
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


# --- fingerprints: how the loader tells an untouched row from one edited in the admin ----------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def fingerprint(values: Mapping[str, Any]) -> str:
    payload = json.dumps(_plain(values), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _current(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


_BOOKKEEPING = {"id", "is_active", "data_version", "data_fingerprint", "search_ar", "search_en"}


def is_edited_locally(obj: Any) -> bool:
    """True for a row created by hand or changed since the loader last wrote it (the loader then leaves it alone)."""
    if not obj.data_fingerprint:
        return True
    names = [f.name for f in obj._meta.concrete_fields if f.name not in _BOOKKEEPING]
    return fingerprint(_current(obj, names)) != obj.data_fingerprint


def _upsert(
    model: type[models.Model],
    *,
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    version: str,
    report: FileReport,
    label: str,
) -> tuple[Any, str]:
    """Create or update one row under the versioning policy; returns (row, outcome)."""
    shipped = {**lookup, **values}
    new_print = fingerprint(shipped)
    obj: Any = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**shipped, data_version=version, data_fingerprint=new_print, is_active=True)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        report.count(CREATED)
        return obj, CREATED
    current_print = fingerprint(_current(obj, shipped))
    if obj.data_fingerprint and current_print != obj.data_fingerprint:
        # Edited in the admin since it was loaded: the local edit wins; report it so a person can reconcile.
        if not obj.is_active:
            obj.is_active = True
            obj.save(update_fields=["is_active"])
        report.kept.append(label)
        return obj, KEPT
    if current_print == new_print and obj.is_active:
        if obj.data_fingerprint != new_print or obj.data_version != version:
            type(obj)._default_manager.filter(pk=obj.pk).update(data_fingerprint=new_print, data_version=version)
        report.count(UNCHANGED)
        return obj, UNCHANGED
    for name, value in shipped.items():
        setattr(obj, name, value)
    obj.is_active = True
    obj.data_version = version
    obj.data_fingerprint = new_print
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    report.count(UPDATED)
    return obj, UPDATED


def _deactivate_missing(queryset: models.QuerySet[Any], seen: set[int], report: FileReport) -> None:
    """Rows that came from an earlier version of the file but are gone from it: never deleted, only retired."""
    stale = queryset.filter(is_active=True).exclude(data_fingerprint="").exclude(pk__in=seen)
    for obj in stale:
        report.deactivated.append(str(obj))
    stale.update(is_active=False)


def _t(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in (value or {}).items()}


# --- one loader per kind of file -----------------------------------------------------------------------------------


def _load_framework(data_file: DataFile, report: FileReport) -> None:
    data = data_file.content["framework"]
    version = data_file.version
    code = str(data["code"])
    framework_values = {
        "name": _t(data["name"]),
        "short_name": _t(data.get("short_name")),
        "description": _t(data.get("description")),
        "status": data.get("status", "draft"),
        "is_default": bool(data.get("is_default", False)),
        "uri": data.get("uri", ""),
        "scheme_uri": data.get("scheme_uri", ""),
        "source": data.get("source", data_file.content.get("source", "")),
        "owner": data.get("owner", ""),
    }
    existing = QualificationFramework.objects.filter(code=code, version=data["version"]).first()
    if existing is None and framework_values["is_default"]:
        other_default = QualificationFramework.objects.filter(is_default=True).exclude(code=code).first()
        if other_default is not None:
            # A national default chosen in the admin outranks the shipped one.
            framework_values["is_default"] = False
            report.warnings.append(f"{code} ships as the default, but {other_default} is the default here; kept it")
    framework, _outcome = _upsert(
        QualificationFramework,
        lookup={"code": code, "version": data["version"]},
        values=framework_values,
        version=version,
        report=report,
        label=f"framework {code} {data['version']}",
    )
    seen: set[int] = set()
    for level in data["levels"]:
        row, _outcome = _upsert(
            FrameworkLevel,
            lookup={"framework": framework, "code": str(level["code"])},
            values={
                "ordinal": int(level["ordinal"]),
                "name": _t(level["name"]),
                "knowledge": _t(level.get("knowledge")),
                "skills": _t(level.get("skills")),
                "competence": _t(level.get("competence")),
                "typical_qualifications": _t(level.get("typical_qualifications")),
                "uri": level.get("uri", ""),
            },
            version=version,
            report=report,
            label=f"level {code}:{level['code']}",
        )
        seen.add(row.pk)
    _deactivate_missing(FrameworkLevel.objects.filter(framework=framework), seen, report)


def _framework_level(reference: str) -> FrameworkLevel:
    code, _sep, level = reference.partition(":")
    framework = QualificationFramework.objects.filter(code=code).order_by("-is_default", "-version", "-id").first()
    return FrameworkLevel.objects.get(framework=framework, code=level)


def _load_mappings(data_file: DataFile, report: FileReport) -> None:
    seen: set[int] = set()
    for mapping in data_file.content["mappings"]:
        row, _outcome = _upsert(
            LevelMapping,
            lookup={"source": _framework_level(mapping["source"]), "target": _framework_level(mapping["target"])},
            values={
                "relation": mapping.get("relation", "equivalent"),
                "basis": _t(mapping.get("basis")),
                "notes": _t(mapping.get("notes")),
            },
            version=data_file.version,
            report=report,
            label=f"mapping {mapping['source']} → {mapping['target']}",
        )
        seen.add(row.pk)
    _deactivate_missing(LevelMapping.objects.all(), seen, report)


def _load_credit(data_file: DataFile, report: FileReport) -> None:
    systems: dict[str, CreditSystem] = {}
    seen: set[int] = set()
    for system in data_file.content["systems"]:
        row, _outcome = _upsert(
            CreditSystem,
            lookup={"code": system["code"]},
            values={
                "name": _t(system["name"]),
                "description": _t(system.get("description")),
                "uri": system.get("uri", ""),
                "aliases": list(system.get("aliases") or []),
                "hours_per_credit_min": Decimal(str(system["hours_per_credit_min"])),
                "hours_per_credit_max": Decimal(str(system["hours_per_credit_max"])),
                "hours_per_credit_default": Decimal(str(system["hours_per_credit_default"])),
            },
            version=data_file.version,
            report=report,
            label=f"credit system {system['code']}",
        )
        systems[system["code"]] = row
        seen.add(row.pk)
    _deactivate_missing(CreditSystem.objects.all(), seen, report)
    seen = set()
    for conversion in data_file.content.get("conversions") or []:
        optional = {
            key: Decimal(str(conversion[key])) if conversion.get(key) not in (None, "") else None
            for key in ("from_hours", "to_hours")
        }
        row, _outcome = _upsert(
            CreditConversion,
            lookup={"from_system": systems[conversion["from"]], "to_system": systems[conversion["to"]]},
            values={"factor": Decimal(str(conversion["factor"])), "basis": _t(conversion.get("basis")), **optional},
            version=data_file.version,
            report=report,
            label=f"conversion {conversion['from']} → {conversion['to']}",
        )
        seen.add(row.pk)
    _deactivate_missing(CreditConversion.objects.all(), seen, report)


_ISCED_LEVELS = {2: IscedLevel.BROAD, 3: IscedLevel.NARROW, 4: IscedLevel.DETAILED}


def _load_isced(data_file: DataFile, report: FileReport) -> None:
    rows: dict[str, IscedField] = {}
    seen: set[int] = set()
    for item in data_file.content["fields"]:
        code = str(item["code"])
        row, _outcome = _upsert(
            IscedField,
            lookup={"code": code},
            values={
                "level": _ISCED_LEVELS[len(code)],
                "parent": rows.get(code[:-1]) if len(code) > 2 else None,
                "name": _t(item["name"]),
            },
            version=data_file.version,
            report=report,
            label=f"ISCED-F {code}",
        )
        rows[code] = row
        seen.add(row.pk)
    _deactivate_missing(IscedField.objects.all(), seen, report)


def _load_languages(data_file: DataFile, report: FileReport) -> None:
    seen: set[int] = set()
    for ordinal, item in enumerate(data_file.content["languages"], start=1):
        row, _outcome = _upsert(
            Language,
            lookup={"code": item["code"]},
            values={
                "authority_code": item["authority_code"],
                "name": _t(item["name"]),
                "native_name": item.get("native_name", ""),
                "is_rtl": bool(item.get("is_rtl", False)),
                "ordinal": ordinal,
            },
            version=data_file.version,
            report=report,
            label=f"language {item['code']}",
        )
        seen.add(row.pk)
    _deactivate_missing(Language.objects.all(), seen, report)


def _load_vocabulary(data_file: DataFile, report: FileReport) -> None:
    data = data_file.content["vocabulary"]
    vocabulary, _outcome = _upsert(
        Vocabulary,
        lookup={"code": data["code"]},
        values={
            "scheme_uri": data.get("scheme_uri", ""),
            "name": _t(data["name"]),
            "description": _t(data.get("description")),
            "source": data_file.content.get("source", ""),
        },
        version=data_file.version,
        report=report,
        label=f"vocabulary {data['code']}",
    )
    seen: set[int] = set()
    for ordinal, concept in enumerate(data["concepts"], start=1):
        row, _outcome = _upsert(
            VocabularyConcept,
            lookup={"vocabulary": vocabulary, "code": str(concept["code"])},
            values={
                "uri": concept.get("uri") or "",
                "uri_verified": bool(concept.get("uri_verified", bool(concept.get("uri")))),
                "label": _t(concept["label"]),
                "definition": _t(concept.get("definition")),
                "notation": concept.get("notation", ""),
                "ordinal": ordinal,
            },
            version=data_file.version,
            report=report,
            label=f"concept {data['code']}:{concept['code']}",
        )
        seen.add(row.pk)
    _deactivate_missing(VocabularyConcept.objects.filter(vocabulary=vocabulary), seen, report)


def _load_esco(data_file: DataFile, report: FileReport) -> None:
    isced = {field.code: field for field in IscedField.objects.all()}
    esco_version = str(data_file.content.get("esco_version", ""))
    seen: set[int] = set()
    for skill in data_file.content["skills"]:
        row, outcome = _upsert(
            EscoSkill,
            lookup={"uri": skill["uri"]},
            values={
                "label": _t(skill["label"]),
                "alt_labels": {k: list(v) for k, v in (skill.get("alt_labels") or {}).items()},
                "description": _t(skill.get("description")),
                "skill_type": skill["skill_type"],
                "reuse_level": skill["reuse_level"],
                "collections": list(skill.get("collections") or []),
                "sectors": list(skill.get("sectors") or []),
                "label_sources": dict(skill.get("label_sources") or {}),
                "esco_version": str(skill.get("esco_version", esco_version)),
            },
            version=data_file.version,
            report=report,
            label=f"skill {skill['uri']}",
        )
        if outcome in (CREATED, UPDATED):
            row.isced_fields.set([isced[code] for code in skill.get("isced") or [] if code in isced])
        seen.add(row.pk)
    _deactivate_missing(EscoSkill.objects.all(), seen, report)


_LOADERS = {
    "framework": _load_framework,
    "level-mappings": _load_mappings,
    "credit-systems": _load_credit,
    "isced-f": _load_isced,
    "languages": _load_languages,
    "vocabulary": _load_vocabulary,
    "esco-skills": _load_esco,
}


def frameworks_load(*, data_dir: Path | str | None = None, force: bool = False) -> LoadReport:
    """Load every data file in `data_dir` (default: the package's data/) in one transaction.

    A file whose bytes (sha256) match its last recorded release is skipped unless `force`. Otherwise each row is
    created, updated, left unchanged, or — if it was edited in the admin since it was loaded — kept as edited.
    Rows that disappeared from a file are marked inactive, never deleted. Raises DataFileError if the files do not
    pass `frameworks_check`.
    """
    checked = read_data_files(data_dir)
    if not checked.ok:
        raise DataFileError(checked.errors)
    report = LoadReport()
    with transaction.atomic():
        for data_file in checked.files:
            file_report = FileReport(name=data_file.name, file_name=data_file.file_name, version=data_file.version)
            report.files.append(file_report)
            last = DataRelease.objects.filter(name=data_file.name).order_by("-loaded_at", "-id").first()
            if last is not None and last.sha256 == data_file.sha256 and not force:
                file_report.skipped = True
                continue
            if last is not None and last.sha256 != data_file.sha256 and last.version == data_file.version:
                file_report.warnings.append(
                    f"the file changed but its version is still {data_file.version}; bump 'version' when editing"
                )
            _LOADERS[data_file.kind](data_file, file_report)
            DataRelease.objects.create(
                name=data_file.name,
                version=data_file.version,
                sha256=data_file.sha256,
                source=str(data_file.content.get("source", "")),
                license=str(data_file.content.get("license", "")),
                file_name=data_file.file_name,
                summary={
                    **file_report.counts,
                    "kept": len(file_report.kept),
                    "deactivated": len(file_report.deactivated),
                },
            )
    return report


def frameworks_check(*, data_dir: Path | str | None = None) -> list[str]:
    """Validate the data files without touching the database; returns one message per problem (empty: all good)."""
    return [str(error) for error in read_data_files(data_dir).errors]


@transaction.atomic
def framework_set_default(*, framework: QualificationFramework) -> QualificationFramework:
    """Make `framework` the national default (the one micro-credentials are levelled against); only one is."""
    QualificationFramework.objects.exclude(pk=framework.pk).filter(is_default=True).update(is_default=False)
    if not framework.is_default:
        framework.is_default = True
        framework.save(update_fields=["is_default"])
    return framework
