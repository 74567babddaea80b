"""Survey instruments as data: reading the shipped files, validating answers and scoring "overall" (1–5).

Pure functions over dicts, so that the data migration (with historical models) and the services share them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SURVEYS_DIR = Path(__file__).resolve().parent / "data" / "surveys"
LEARNER_INSTRUMENT = "learner-end-of-course"
EMPLOYER_INSTRUMENT = "employer"
QUESTION_TYPES = ("likert5", "choice", "text")
AUDIENCES = ("learner", "employer")
TEXT_MAX = 2000


def _bilingual(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value.get("ar") or not value.get("en"):
        raise ValueError(f"{where}: needs both Arabic and English ({{'ar': ..., 'en': ...}})")
    return {"ar": str(value["ar"]), "en": str(value["en"])}


def instrument_from_json(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check one instrument file and return the model's fields; raises ValueError naming the file and question."""
    for key in ("code", "version", "audience", "title", "questions"):
        if key not in data:
            raise ValueError(f"{where}: missing {key!r}")
    if not isinstance(data["version"], int) or data["version"] < 1:
        raise ValueError(f"{where}: 'version' must be a positive integer")
    if data["audience"] not in AUDIENCES:
        raise ValueError(f"{where}: 'audience' must be one of {AUDIENCES}")
    questions = []
    seen: set[str] = set()
    for index, raw in enumerate(data["questions"], start=1):
        qid = str(raw.get("id", ""))
        if not qid or qid in seen:
            raise ValueError(f"{where} question {index}: missing or repeated id {qid!r}")
        seen.add(qid)
        kind = raw.get("type")
        if kind not in QUESTION_TYPES:
            raise ValueError(f"{where} question {qid}: 'type' must be one of {QUESTION_TYPES}")
        question: dict[str, Any] = {
            "id": qid,
            "type": kind,
            "label": _bilingual(raw.get("label"), f"{where} question {qid} label"),
            "overall": bool(raw.get("overall", False)) and kind == "likert5",
            "required": bool(raw.get("required", kind != "text")),
        }
        if kind == "choice":
            options = raw.get("options") or []
            if not options:
                raise ValueError(f"{where} question {qid}: a choice needs 'options'")
            question["options"] = [
                {"value": str(o["value"]), "label": _bilingual(o.get("label"), f"{where} question {qid} option")}
                for o in options
            ]
        questions.append(question)
    if not any(q["overall"] for q in questions):
        raise ValueError(f"{where}: mark at least one likert5 question as 'overall'")
    fields = {
        "code": str(data["code"]),
        "version": data["version"],
        "audience": data["audience"],
        "title": _bilingual(data["title"], f"{where} title"),
        "description": dict(data.get("description") or {}),
        "source": str(data.get("source", ""))[:500],
        "questions": questions,
        "published": bool(data.get("published", True)),
    }
    fields["content_hash"] = hashlib.sha256(
        json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return fields


def instruments_load_into(model: Any, directory: Path = SURVEYS_DIR) -> list[str]:
    """Create the instrument versions of `directory` not loaded yet (into `model`, current or historical).

    A loaded version never changes: the same code and version with different content is refused.
    """
    created = []
    for path in sorted(directory.glob("*.json")):
        fields = instrument_from_json(json.loads(path.read_text(encoding="utf-8")), path.name)
        existing = model.objects.filter(code=fields["code"], version=fields["version"]).first()
        if existing is not None:
            if existing.content_hash != fields["content_hash"]:
                raise ValueError(
                    f"{path.name}: {fields['code']} v{fields['version']} is already loaded with other content; "
                    "raise 'version' to change an instrument."
                )
            continue
        model.objects.create(**fields)
        created.append(f"{fields['code']} v{fields['version']}")
    return created


def question_label(question: Mapping[str, Any], number: int) -> str:
    language = (get_language() or "ar")[:2]
    label = question["label"].get(language) or question["label"].get("en", "")
    return _("Question %(number)s (“%(label)s”)") % {"number": number, "label": label}


def answers_clean(questions: list[dict[str, Any]], raw: Mapping[str, Any]) -> tuple[dict[str, Any], float | None]:
    """The answers as stored ({id: int | str}) and the overall score (the mean of the overall questions).

    Raises a ValidationError keyed by question id, each message naming the question and saying how to fix it.
    """
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for number, question in enumerate(questions, start=1):
        qid = question["id"]
        value = raw.get(qid)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            if question.get("required"):
                errors[qid] = _("%(question)s: please answer this question.") % {
                    "question": question_label(question, number)
                }
            continue
        if question["type"] == "likert5":
            try:
                score = int(value)
            except (TypeError, ValueError):
                score = 0
            if not 1 <= score <= 5:
                errors[qid] = _("%(question)s: choose a value from 1 (strongly disagree) to 5 (strongly agree).") % {
                    "question": question_label(question, number)
                }
                continue
            clean[qid] = score
        elif question["type"] == "choice":
            allowed = [o["value"] for o in question["options"]]
            if str(value) not in allowed:
                errors[qid] = _("%(question)s: choose one of the options listed.") % {
                    "question": question_label(question, number)
                }
                continue
            clean[qid] = str(value)
        else:
            text = str(value)
            if len(text) > TEXT_MAX:
                errors[qid] = _("%(question)s: shorten your answer to at most %(max)s characters.") % {
                    "question": question_label(question, number),
                    "max": TEXT_MAX,
                }
                continue
            clean[qid] = text
    if errors:
        raise ValidationError(errors)
    scores = [clean[q["id"]] for q in questions if q.get("overall") and q["id"] in clean]
    return clean, (round(sum(scores) / len(scores), 3) if scores else None)
