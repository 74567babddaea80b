"""Reading a learning outcome: its action verb, Bloom level, object and context, in English and Arabic.

The verb lists are data (data/verbs.json, reference/domain.md §9.1). Arabic is matched after normalisation
(diacritics including shadda, tatweel and letter variants removed) and with reasonable morphology: lead-ins such as
"أن" or "يكون قادراً على", conjugation prefixes (ي/ت/ن/أ, the future سـ), conjunctions (و/ف), plural endings and
nominal forms (masdar: "تحليل", "التحليل", "بتحليل"). English is matched after lower-casing, dropping lead-ins ("the
learner will be able to") and conjugation ("analyses" → "analyse"), British and American spelling alike.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_WORD = re.compile(r"[\w\u0600-\u06ff'’-]+", re.UNICODE)


def _normalise_arabic_fallback(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text)
    for variants, plain in (("أإآٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي")):
        for letter in variants:
            text = text.replace(letter, plain)
    return text


def normalise_arabic(text: str) -> str:
    """The linter's Arabic normal form; the same function normalises the verb lists and the outcomes."""
    text = _normalise_arabic_fallback(text)
    try:
        frameworks_normalise = import_module("wisam.frameworks.text").normalise_arabic
    except (ImportError, AttributeError):
        return text
    # The frameworks' normaliser may be gentler (e.g. keep ة); ours then runs again so both sides agree.
    return _normalise_arabic_fallback(frameworks_normalise(text))


def _with_shadda(word: str) -> str:
    """Normalise an Arabic word but keep its shadda (U+0651), which can change the meaning."""
    kept = word.replace("\u0651", "\x00")
    return _normalise_arabic_fallback(kept).replace("\x00", "\u0651")


def is_arabic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if _ARABIC_LETTER.match(ch)) > len(letters) / 2


def _en_word(word: str) -> str:
    word = word.lower().strip("'’-")
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    word = re.sub(r"yse$", "yze", word)
    word = re.sub(r"ise$", "ize", word)
    word = re.sub(r"isation$", "ization", word)
    return word


def en_tokens(text: str) -> list[str]:
    return [_en_word(w) for w in _WORD.findall(text)]


def ar_tokens(text: str) -> list[str]:
    return _WORD.findall(normalise_arabic(text))


@dataclass(frozen=True)
class VerbLexicon:
    levels: dict[str, dict[tuple[str, ...], int]]  # language → phrase (tokens) → Bloom level
    vague: dict[str, set[tuple[str, ...]]]
    disambiguation_ar: dict[str, int]  # raw (with diacritics) Arabic token → level
    names: dict[int, dict[str, str]]
    longest: int


@cache
def lexicon() -> VerbLexicon:
    raw: dict[str, Any] = json.loads((DATA / "verbs.json").read_text(encoding="utf-8"))
    levels: dict[str, dict[tuple[str, ...], int]] = {"en": {}, "ar": {}}
    vague: dict[str, set[tuple[str, ...]]] = {"en": set(), "ar": set()}
    longest = 1
    for language, tokenise in (("en", en_tokens), ("ar", ar_tokens)):
        for level, verbs in raw[language].items():
            for verb in verbs:
                key = tuple(tokenise(verb))
                longest = max(longest, len(key))
                levels[language][key] = max(int(level), levels[language].get(key, 0))
        for verb in raw["vague"][language]:
            key = tuple(tokenise(verb))
            longest = max(longest, len(key))
            vague[language].add(key)
    disambiguation = {
        _with_shadda(word): int(level) for word, level in raw.get("disambiguation", {}).get("ar", {}).items()
    }
    names = {int(level): data["name"] for level, data in raw["levels"].items()}
    return VerbLexicon(levels, vague, disambiguation, names, longest)


# Lead-in words skipped before the verb ("On completion, the learner will be able to ...", "أن يكون المتعلم قادراً على").
_EN_LEAD = {
    "on", "upon", "successful", "completion", "of", "this", "the", "micro", "credential", "microcredential",
    "course", "by", "end", "at", "after", "completing", "learner", "learners", "student", "students",
    "participant", "participants", "trainee", "trainees", "graduate", "graduates", "will", "shall", "should",
    "be", "able", "to", "can", "must", "is", "are", "you", "they", "he", "she", "a", "an", "programme", "program",
    "module", "successfully", "complete", "completed", "ability",
}  # fmt: skip
# Words that lead in to the verb but are verbs too: skipped only when another candidate follows.
_AR_LEAD = {
    "ان", "سوف", "يكون", "سيكون", "تكون", "ستكون", "قادرا", "قادر", "قادره", "قادرين", "قادرات", "علي",
    "يستطيع", "تستطيع", "سيستطيع", "ستستطيع", "ينبغي", "يجب", "يتوقع", "من", "المتوقع", "عند", "في", "نهايه",
    "بنهايه", "الانتهاء", "اتمام", "بعد", "هذه", "هذا", "الشهاده", "المصغره", "الدوره", "البرنامج", "بنجاح",
    "المتعلم", "المتعلمه", "المتعلمون", "الطالب", "الطالبه", "الطلبه", "المتدرب", "المتدربه", "المتدربون",
    "المشارك", "المشاركه", "المشاركون", "الدارس", "الخريج", "مستطيعا", "متمكنا", "بامكان", "يمكن", "للمتعلم",
    "للمتدرب", "للطالب", "ل", "او", "و",
}  # fmt: skip
# Subject words that may follow an Arabic verb ("يحلل المتعلم ...") and are not part of its object.
_AR_SUBJECTS = {w for w in _AR_LEAD if w.startswith("ال") or w in {"بنجاح"}}
_EN_ARTICLES = {"a", "an", "the", "their", "his", "her", "its", "own", "and", "or", "of", "to"}

EN_CONTEXT = {
    "in", "using", "use", "for", "within", "given", "with", "by", "under", "according", "based", "across",
    "through", "following", "when", "while", "during", "against", "at", "per", "via", "where", "as", "from",
    "so", "such", "without", "before", "after", "into", "on", "to", "that", "which",
}  # fmt: skip
_AR_CONTEXT_WORDS = {
    "في", "باستخدام", "ضمن", "خلال", "وفق", "وفقا", "طبقا", "حسب", "بحسب", "عند", "اثناء", "لدي", "مستخدما",
    "مستعينا", "باستعمال", "بالاعتماد", "استنادا", "بالاستناد", "بناء", "تحت", "مع", "بما", "بحيث", "بهدف",
    "لغرض", "لصالح", "عبر", "بواسطه", "علي", "الي", "من", "داخل", "ل", "حين", "بين", "وفقًا",
}  # fmt: skip


def _is_ar_context(token: str) -> bool:
    if token in _AR_CONTEXT_WORDS:
        return True
    # لـ/بـ/كـ + the definite article ("للعملاء", "بالمعايير", "كالـ") and the common "ل" + noun of purpose.
    return token.startswith(("لل", "بال", "وفي", "وفق", "باست")) and len(token) > 3


def _ar_variants(token: str) -> list[str]:
    """Plausible dictionary forms of an Arabic token: conjunctions, the future سـ, person prefixes, plurals, ال."""
    forms: list[str] = []

    def add(word: str) -> None:
        if len(word) >= 2 and word not in forms:
            forms.append(word)

    stems = [token]
    if token[:1] in "وف" and len(token) > 3:
        stems.append(token[1:])
    for stem in list(stems):
        if stem.startswith("س") and stem[1:2] in "يتنا" and len(stem) > 3:
            stems.append(stem[1:])
    for stem in list(stems):
        for ending in ("ون", "ين", "وا", "ان"):
            if stem.endswith(ending) and len(stem) > 4:
                stems.append(stem[: -len(ending)])
    for stem in stems:
        add(stem)
        if stem[:1] in "يتنا" and len(stem) > 2:
            add("ي" + stem[1:])
        for prefix in ("ال", "بال", "لل", "وال", "ب", "ل"):
            if stem.startswith(prefix) and len(stem) - len(prefix) >= 2:
                add(stem[len(prefix) :])
    return forms


@dataclass(frozen=True)
class VerbMatch:
    """What the start of an outcome says: the verb found (if any), its level, and the words after it."""

    language: str
    verb: str  # as found in the text (normalised)
    level: int | None  # Bloom level, None if not a known observable verb
    vague: bool
    rest: tuple[str, ...]  # the tokens after the verb
    first_word: str  # the first content word (reported when no verb is recognised)

    @property
    def recognised(self) -> bool:
        return self.level is not None or self.vague


def _match_at(tokens: list[str], start: int, language: str, raw_tokens: list[str]) -> tuple[int, int | None, bool]:
    """Longest verb phrase starting at `start`: (length, level, vague); length 0 if none."""
    lex = lexicon()
    levels, vague = lex.levels[language], lex.vague[language]
    for length in range(min(lex.longest, len(tokens) - start), 0, -1):
        words = tokens[start : start + length]
        candidates: list[tuple[str, ...]] = []
        if language == "ar":
            raw = raw_tokens[start] if start < len(raw_tokens) else ""
            for form in _ar_variants(words[0]):
                candidates.append((form, *words[1:]))
            # A shadda can tell an observable verb from a vague one: يعرِّف (define) vs يعرف (know).
            if length == 1 and raw and "\u0651" in raw:
                written = _with_shadda(raw)
                for form in (written, "ي" + written[1:]):
                    if form in lex.disambiguation_ar:
                        return 1, lex.disambiguation_ar[form], False
        else:
            candidates.append(tuple(words))
        for key in candidates:
            if key in vague:
                return length, None, True
            if key in levels:
                return length, levels[key], False
    return 0, None, False


def read_outcome(text: str, language: str) -> VerbMatch:
    """Find the action verb at the start of `text` (written in `language`) and what follows it."""
    if language == "ar":
        raw_tokens = _WORD.findall(unicodedata.normalize("NFKC", text).replace("\u0640", ""))
        tokens = [normalise_arabic(t) for t in raw_tokens]
        lead = _AR_LEAD
    else:
        raw_tokens = _WORD.findall(text)
        tokens = [_en_word(t) for t in raw_tokens]
        lead = _EN_LEAD
    first_word = ""
    index = 0
    while index < len(tokens):
        length, level, vague = _match_at(tokens, index, language, raw_tokens)
        if length:
            return VerbMatch(
                language, " ".join(tokens[index : index + length]), level, vague, tuple(tokens[index + length :]), ""
            )
        token = tokens[index]
        if token in lead or token.isdigit():
            index += 1
            continue
        first_word = raw_tokens[index]
        break
    return VerbMatch(language, "", None, False, tuple(tokens[index + 1 :]), first_word)


def object_words(match: VerbMatch) -> list[str]:
    """The content words after the verb, without subject words or articles."""
    if match.language == "ar":
        return [w for w in match.rest if w not in _AR_SUBJECTS and w not in {"ان", "علي", "مع", "ب"}]
    return [w for w in match.rest if w not in _EN_ARTICLES]


def has_context(match: VerbMatch) -> bool:
    """Does the outcome say where, how, to what standard or for whom, after its object?"""
    words = object_words(match)
    if len(words) < 3:
        return False
    tail = words[1:]  # the first word after the verb is the object
    if match.language == "ar":
        return any(_is_ar_context(w) for w in tail)
    return any(w in EN_CONTEXT for w in tail)


def outcome_bloom_level(text: Any) -> int | None:
    """The Bloom level of an outcome ({"ar": ..., "en": ...} or plain text): English first, else Arabic."""
    if isinstance(text, str):
        text = {"ar" if is_arabic(text) else "en": text}
    levels = []
    for language in ("en", "ar"):
        value = (text or {}).get(language) or ""
        if value.strip():
            match = read_outcome(value, language)
            if match.level is not None:
                levels.append(match.level)
    return levels[0] if levels else None


def level_name(level: int | None) -> dict[str, str]:
    if level is None:
        return {"ar": "غير محدد", "en": "not determined"}
    return dict(lexicon().names.get(level, {"ar": str(level), "en": str(level)}))
