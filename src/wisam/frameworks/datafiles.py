"""Reading and validating the shipped data files (src/wisam/frameworks/data/*.json) without touching the database."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

# Load order: a kind may refer to rows of the kinds before it.
KINDS = ("framework", "level-mappings", "credit-systems", "isced-f", "languages", "vocabulary", "esco-skills")
SINGLETON_KINDS = {"level-mappings", "credit-systems", "isced-f", "languages", "esco-skills"}
REQUIRED_TOP_KEYS = ("kind", "name", "version", "source", "license")

ESCO_SKILL_URI = re.compile(
    r"^http://data\.europa\.eu/esco/skill/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
HTTP_URI = re.compile(r"^https?://[^\s]+$")
SKILL_TYPES = ("skill/competence", "knowledge", "language", "transversal")
REUSE_LEVELS = ("transversal", "cross-sector", "sector-specific", "occupation-specific")
SECTORS = ("ict", "business", "health", "education", "engineering", "tourism")
FRAMEWORK_STATUSES = ("draft", "published", "retired")
MAPPING_RELATIONS = ("equivalent", "broader", "narrower", "partial")
CONTENT_LANGUAGES = ("ar", "en")


@dataclass(frozen=True)
class DataError:
    """A problem in a data file, located by file and entry so it can be fixed by hand."""

    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}" if self.entry else f"{self.file}: {self.message}"


@dataclass
class DataFile:
    path: Path
    content: dict[str, Any]
    sha256: str

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def kind(self) -> str:
        return str(self.content.get("kind", ""))

    @property
    def name(self) -> str:
        return str(self.content.get("name", self.path.stem))

    @property
    def version(self) -> str:
        return str(self.content.get("version", ""))


@dataclass
class CheckResult:
    files: list[DataFile] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class DataFileError(Exception):
    """Raised by the loader when the data files do not pass the check; carries every error found."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def read_data_files(data_dir: Path | str | None = None) -> CheckResult:
    """Parse and validate every *.json file in `data_dir`; files come back in load order."""
    directory = Path(data_dir) if data_dir else DATA_DIR
    result = CheckResult()
    if not directory.is_dir():
        result.errors.append(DataError(str(directory), "", "data directory not found"))
        return result
    for path in sorted(directory.glob("*.json")):
        raw = path.read_bytes()
        try:
            content = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            result.errors.append(DataError(path.name, "", f"not valid JSON: {error}"))
            continue
        if not isinstance(content, dict):
            result.errors.append(DataError(path.name, "", "the top level must be a JSON object"))
            continue
        result.files.append(DataFile(path=path, content=content, sha256=hashlib.sha256(raw).hexdigest()))
    result.files.sort(key=lambda f: (KINDS.index(f.kind) if f.kind in KINDS else len(KINDS), f.file_name))
    result.errors.extend(_validate(result.files))
    return result


# --- validation ----------------------------------------------------------------------------------------------------


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[DataError] = []

    def error(self, entry: str, message: str) -> None:
        self.errors.append(DataError(self.file, entry, message))

    def translated(self, entry: str, key: str, value: Any, *, required: bool = True) -> None:
        if value in (None, "", {}) and not required:
            return
        if not isinstance(value, Mapping):
            self.error(entry, f"{key} must be an object with 'ar' and 'en' texts")
            return
        for language, text in value.items():
            if not isinstance(text, str):
                self.error(entry, f"{key}.{language} must be a text")
        if required:
            for language in CONTENT_LANGUAGES:
                if not str(value.get(language, "")).strip():
                    self.error(entry, f"{key}.{language} is empty")

    def text(self, entry: str, key: str, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            self.error(entry, f"{key} is missing or empty")

    def uri(self, entry: str, key: str, value: Any, *, required: bool = False) -> None:
        if value in (None, "") and not required:
            return
        if not isinstance(value, str) or not HTTP_URI.match(value):
            self.error(entry, f"{key} is not a valid http(s) URI: {value!r}")

    def decimal(self, entry: str, key: str, value: Any, *, required: bool = True) -> Decimal | None:
        if value in (None, "") and not required:
            return None
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            self.error(entry, f"{key} is not a number: {value!r}")
            return None
        if not number.is_finite() or number <= 0:
            self.error(entry, f"{key} must be a positive number")
            return None
        return number

    def choice(self, entry: str, key: str, value: Any, choices: tuple[str, ...]) -> None:
        if value not in choices:
            self.error(entry, f"{key} must be one of {', '.join(choices)}; got {value!r}")

    def items(self, content: Mapping[str, Any], key: str) -> list[Any]:
        value = content.get(key)
        if not isinstance(value, list) or not value:
            self.error("", f"'{key}' must be a non-empty list")
            return []
        return value

    def unique(self, entry: str, seen: set[str], key: str) -> None:
        if key in seen:
            self.error(entry, f"duplicate key {key!r}")
        seen.add(key)


def _validate(files: list[DataFile]) -> list[DataError]:
    errors: list[DataError] = []
    kinds_seen: dict[str, str] = {}
    framework_levels: dict[str, set[str]] = {}
    for data_file in files:
        checker = _Checker(data_file.file_name)
        content = data_file.content
        for key in REQUIRED_TOP_KEYS:
            if not str(content.get(key, "")).strip():
                checker.error("", f"top-level key '{key}' is missing or empty")
        kind = data_file.kind
        if kind and kind not in KINDS:
            checker.error("", f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        if kind in SINGLETON_KINDS:
            if kind in kinds_seen:
                checker.error("", f"a second '{kind}' file (the first is {kinds_seen[kind]})")
            kinds_seen[kind] = data_file.file_name
        validator = _VALIDATORS.get(kind)
        if validator is not None:
            validator(checker, content, framework_levels)
        errors.extend(checker.errors)
    # Mappings refer to framework levels from other files, so they are checked once every framework is known.
    for data_file in files:
        if data_file.kind == "level-mappings":
            checker = _Checker(data_file.file_name)
            for index, mapping in enumerate(data_file.content.get("mappings") or []):
                if not isinstance(mapping, Mapping):
                    continue
                entry = f"mappings[{index}] {mapping.get('source')} → {mapping.get('target')}"
                for end in ("source", "target"):
                    reference = str(mapping.get(end, ""))
                    code, _sep, level = reference.partition(":")
                    if not level or level not in framework_levels.get(code, set()):
                        checker.error(entry, f"{end} {reference!r} is not a known 'FRAMEWORK:LEVEL'")
            errors.extend(checker.errors)
    return errors


def _check_framework(checker: _Checker, content: Mapping[str, Any], levels_by_framework: dict[str, set[str]]) -> None:
    framework = content.get("framework")
    if not isinstance(framework, Mapping):
        checker.error("", "'framework' must be an object")
        return
    code = str(framework.get("code", ""))
    checker.text("framework", "code", framework.get("code"))
    checker.text("framework", "version", framework.get("version"))
    checker.translated("framework", "name", framework.get("name"))
    checker.translated("framework", "description", framework.get("description"), required=False)
    checker.choice("framework", "status", framework.get("status", "draft"), FRAMEWORK_STATUSES)
    checker.uri("framework", "uri", framework.get("uri"))
    descriptors_required = bool(framework.get("descriptors_required", False))
    seen: set[str] = set()
    ordinals: set[int] = set()
    for index, level in enumerate(checker.items(framework, "levels")):
        entry = f"levels[{index}]"
        if not isinstance(level, Mapping):
            checker.error(entry, "must be an object")
            continue
        level_code = str(level.get("code", ""))
        entry = f"levels[{index}] {level_code}"
        checker.text(entry, "code", level.get("code"))
        checker.unique(entry, seen, level_code)
        ordinal = level.get("ordinal")
        if not isinstance(ordinal, int) or ordinal < 0:
            checker.error(entry, "ordinal must be a whole number")
        elif ordinal in ordinals:
            checker.error(entry, f"duplicate ordinal {ordinal}")
        else:
            ordinals.add(ordinal)
        checker.translated(entry, "name", level.get("name"))
        for key in ("knowledge", "skills", "competence"):
            checker.translated(entry, key, level.get(key), required=descriptors_required)
        checker.translated(entry, "typical_qualifications", level.get("typical_qualifications"), required=False)
        checker.uri(entry, "uri", level.get("uri"))
    if code:
        levels_by_framework.setdefault(code, set()).update(seen)


def _check_mappings(checker: _Checker, content: Mapping[str, Any], _levels: dict[str, set[str]]) -> None:
    seen: set[str] = set()
    for index, mapping in enumerate(checker.items(content, "mappings")):
        entry = f"mappings[{index}]"
        if not isinstance(mapping, Mapping):
            checker.error(entry, "must be an object")
            continue
        entry = f"mappings[{index}] {mapping.get('source')} → {mapping.get('target')}"
        checker.unique(entry, seen, f"{mapping.get('source')}→{mapping.get('target')}")
        checker.choice(entry, "relation", mapping.get("relation", "equivalent"), MAPPING_RELATIONS)
        checker.translated(entry, "basis", mapping.get("basis"), required=False)


def _check_credit(checker: _Checker, content: Mapping[str, Any], _levels: dict[str, set[str]]) -> None:
    codes: set[str] = set()
    for index, system in enumerate(checker.items(content, "systems")):
        entry = f"systems[{index}]"
        if not isinstance(system, Mapping):
            checker.error(entry, "must be an object")
            continue
        entry = f"systems[{index}] {system.get('code')}"
        checker.text(entry, "code", system.get("code"))
        checker.unique(entry, codes, str(system.get("code")))
        checker.translated(entry, "name", system.get("name"))
        checker.uri(entry, "uri", system.get("uri"))
        low = checker.decimal(entry, "hours_per_credit_min", system.get("hours_per_credit_min"))
        high = checker.decimal(entry, "hours_per_credit_max", system.get("hours_per_credit_max"))
        used = checker.decimal(entry, "hours_per_credit_default", system.get("hours_per_credit_default"))
        if low is not None and high is not None and low > high:
            checker.error(entry, "hours_per_credit_min is greater than hours_per_credit_max")
        if low is not None and high is not None and used is not None and not low <= used <= high:
            checker.error(entry, "hours_per_credit_default is outside the min–max range")
    pairs: set[str] = set()
    for index, conversion in enumerate(content.get("conversions") or []):
        entry = f"conversions[{index}]"
        if not isinstance(conversion, Mapping):
            checker.error(entry, "must be an object")
            continue
        entry = f"conversions[{index}] {conversion.get('from')} → {conversion.get('to')}"
        for end in ("from", "to"):
            if conversion.get(end) not in codes:
                checker.error(entry, f"{end} {conversion.get(end)!r} is not a credit system of this file")
        checker.unique(entry, pairs, f"{conversion.get('from')}→{conversion.get('to')}")
        checker.decimal(entry, "factor", conversion.get("factor"))
        checker.decimal(entry, "from_hours", conversion.get("from_hours"), required=False)
        checker.decimal(entry, "to_hours", conversion.get("to_hours"), required=False)
        checker.translated(entry, "basis", conversion.get("basis"))


def _check_isced(checker: _Checker, content: Mapping[str, Any], _levels: dict[str, set[str]]) -> None:
    codes: set[str] = set()
    for index, item in enumerate(checker.items(content, "fields")):
        entry = f"fields[{index}]"
        if not isinstance(item, Mapping):
            checker.error(entry, "must be an object")
            continue
        code = str(item.get("code", ""))
        entry = f"fields[{index}] {code}"
        if not re.fullmatch(r"\d{2,4}", code):
            checker.error(entry, "code must be 2, 3 or 4 digits")
            continue
        checker.unique(entry, codes, code)
        if len(code) > 2 and code[:-1] not in codes:
            checker.error(entry, f"parent {code[:-1]} must be listed before it")
        checker.translated(entry, "name", item.get("name"))


def _check_languages(checker: _Checker, content: Mapping[str, Any], _levels: dict[str, set[str]]) -> None:
    codes: set[str] = set()
    for index, item in enumerate(checker.items(content, "languages")):
        entry = f"languages[{index}]"
        if not isinstance(item, Mapping):
            checker.error(entry, "must be an object")
            continue
        code = str(item.get("code", ""))
        entry = f"languages[{index}] {code}"
        if not re.fullmatch(r"[a-z]{2,3}", code):
            checker.error(entry, "code must be an ISO 639-1 code such as 'ar'")
        checker.unique(entry, codes, code)
        if not re.fullmatch(r"[A-Z]{3}", str(item.get("authority_code", ""))):
            checker.error(entry, "authority_code must be the EU authority code such as 'ARA'")
        checker.translated(entry, "name", item.get("name"))


def _check_vocabulary(checker: _Checker, content: Mapping[str, Any], _levels: dict[str, set[str]]) -> None:
    vocabulary = content.get("vocabulary")
    if not isinstance(vocabulary, Mapping):
        checker.error("", "'vocabulary' must be an object")
        return
    checker.text("vocabulary", "code", vocabulary.get("code"))
    checker.uri("vocabulary", "scheme_uri", vocabulary.get("scheme_uri"))
    checker.translated("vocabulary", "name", vocabulary.get("name"))
    codes: set[str] = set()
    uris: set[str] = set()
    for index, concept in enumerate(checker.items(vocabulary, "concepts")):
        entry = f"concepts[{index}]"
        if not isinstance(concept, Mapping):
            checker.error(entry, "must be an object")
            continue
        entry = f"concepts[{index}] {concept.get('code')}"
        checker.text(entry, "code", concept.get("code"))
        checker.unique(entry, codes, str(concept.get("code")))
        uri = concept.get("uri") or ""
        if uri:
            checker.uri(entry, "uri", uri)
            checker.unique(entry, uris, str(uri))
        elif not concept.get("local"):
            checker.error(entry, 'uri is empty; set "local": true for a concept that has no EU URI')
        checker.translated(entry, "label", concept.get("label"))
        checker.translated(entry, "definition", concept.get("definition"), required=False)


def _check_esco(checker: _Checker, content: Mapping[str, Any], _levels: dict[str, set[str]]) -> None:
    uris: set[str] = set()
    for index, skill in enumerate(checker.items(content, "skills")):
        entry = f"skills[{index}]"
        if not isinstance(skill, Mapping):
            checker.error(entry, "must be an object")
            continue
        uri = str(skill.get("uri", ""))
        entry = f"skills[{index}] {uri}"
        if not ESCO_SKILL_URI.match(uri):
            checker.error(entry, "uri is not an ESCO skill URI (http://data.europa.eu/esco/skill/<uuid>)")
        checker.unique(entry, uris, uri)
        checker.translated(entry, "label", skill.get("label"))
        checker.choice(entry, "skill_type", skill.get("skill_type"), SKILL_TYPES)
        checker.choice(entry, "reuse_level", skill.get("reuse_level"), REUSE_LEVELS)
        for sector in skill.get("sectors") or []:
            checker.choice(entry, "sectors[]", sector, SECTORS)
        sources = skill.get("label_sources")
        if not isinstance(sources, Mapping) or not all(sources.get(language) for language in CONTENT_LANGUAGES):
            checker.error(entry, "label_sources must say where the 'ar' and 'en' labels come from")
        for code in skill.get("isced") or []:
            if not re.fullmatch(r"\d{2,4}", str(code)):
                checker.error(entry, f"isced code {code!r} is not 2–4 digits")


_VALIDATORS: dict[str, Any] = {
    "framework": _check_framework,
    "level-mappings": _check_mappings,
    "credit-systems": _check_credit,
    "isced-f": _check_isced,
    "languages": _check_languages,
    "vocabulary": _check_vocabulary,
    "esco-skills": _check_esco,
}
