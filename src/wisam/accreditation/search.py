"""Full-text search of the register on SQLite (FTS5) and PostgreSQL (tsvector + GIN), with Arabic normalisation.

Both engines index `RegisterEntry.search_text`, which holds the Arabic and English texts already normalised in
Python (`normalise`: diacritics and tatweel removed, alef/hamza forms → ا, ة → ه, ى → ي, lower case). Queries are
normalised the same way, so "المعلومات" finds "المعلومات" and "إدارة" finds "ادارة" on both databases.

- SQLite: an FTS5 table `accreditation_register_fts(rowid = entry id, body)`, written by
  `index_entries` (called by every service that writes an entry; `reindex_all` rebuilds it).
- PostgreSQL: a generated column `search_tsv = to_tsvector('simple', search_text)` with a GIN index; the database
  keeps it current by itself.

All query words must match (AND); the last one as a prefix (FTS5 `"word"*`, tsquery `word:*`). See
docs/decisions/0009-register-search.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "accreditation_register_fts"

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_WORD = re.compile(r"\w+", re.UNICODE)


def _local_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text)
    return text.translate(_ARABIC_MAP).casefold()


def normalise(text: str) -> str:
    """Arabic and Latin text folded for search; the frameworks app's `search_key` when available."""
    try:
        from wisam.frameworks.text import search_key  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _local_normalise(text)
    # Apply ours on top: both sides (index and query) always go through the same function.
    return _local_normalise(search_key(text))


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def search_text_for(*parts: Any) -> str:
    """The normalised text to index, from strings and {"ar": ..., "en": ...} values."""
    chunks: list[str] = []
    for part in parts:
        if isinstance(part, dict):
            chunks.extend(str(v) for v in part.values() if v)
        elif isinstance(part, (list, tuple)):
            chunks.extend(str(v) for v in part if v)
        elif part:
            chunks.append(str(part))
    return " ".join(words(" ".join(chunks)))


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def index_entries(rows: Iterable[tuple[int, str]]) -> None:
    """Put (entry id, search text) pairs into the SQLite FTS table; PostgreSQL maintains its column itself."""
    if connection.vendor != "sqlite":
        return
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _text in rows])  # noqa: S608
        cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (%s, %s)", rows)  # noqa: S608


def reindex_all() -> int:
    from wisam.accreditation.models import RegisterEntry

    if connection.vendor != "sqlite":
        return RegisterEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT id, search_text FROM accreditation_registerentry")  # noqa: S608
    return RegisterEntry.objects.count()


def fts_query(query: str) -> str:
    """The engine's query string for `query` (all words; the last one as a prefix); empty when there is nothing to find."""
    tokens = words(query)[:12]
    if not tokens:
        return ""
    cleaned = [re.sub(r"[^\w]", "", t) for t in tokens]
    cleaned = [t for t in cleaned if t]
    if not cleaned:
        return ""
    # Whole words, except the last one, which is a prefix (people type the start of a word): cheaper than
    # expanding every word, and "data anal" still finds "data analysis".
    if is_postgresql():
        return " & ".join([*cleaned[:-1], cleaned[-1] + ":*"])
    return " ".join([*(f'"{t}"' for t in cleaned[:-1]), f'"{cleaned[-1]}"*'])


def apply_search(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Restrict `queryset` (of RegisterEntry) to the entries matching `query`, on the current database."""
    expression = fts_query(query)
    if not expression:
        return queryset
    if is_postgresql():
        return queryset.extra(where=["search_tsv @@ to_tsquery('simple', %s)"], params=[expression])
    return queryset.filter(
        id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (expression,))  # noqa: S608, S611 - fixed SQL, the query is a parameter
    )
