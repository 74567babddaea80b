"""Arabic normalisation: the same word typed with or without hamza, diacritics, tatweel or ta marbuta matches."""

from __future__ import annotations

import pytest

from wisam.frameworks.text import normalise_arabic, search_key


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("إدارة", "اداره"),
        ("أدارة", "اداره"),
        ("آدارة", "اداره"),
        ("ادارة", "اداره"),
        ("إدَارَةُ", "اداره"),
        ("إدارــــة", "اداره"),
        ("مستوى", "مستوي"),
        ("مسؤول", "مسوول"),
        ("مسئول", "مسيول"),
    ],
)
def test_normalise_arabic_unifies_variants(variant: str, expected: str) -> None:
    assert normalise_arabic(variant) == expected


def test_latin_text_is_left_alone_by_normalise_and_folded_by_search_key() -> None:
    assert normalise_arabic("Use Databases") == "Use Databases"
    assert search_key("  Use   DATABASES! ") == "use databases"


def test_search_key_folds_punctuation_and_arabic_digits() -> None:
    assert search_key("الإدارةُ، المالية!") == "الاداره الماليه"
    assert search_key("المستوى ٦") == "المستوي 6"
    assert search_key("") == ""
