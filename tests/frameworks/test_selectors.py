"""Level mapping, credit conversion and skills search."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from wisam.frameworks.selectors import (
    UnknownCreditSystem,
    convert_credits,
    credits_to_hours,
    equivalent_level,
    framework_level,
    hours_to_credits,
    hours_to_credits_range,
    level_mapping_table,
    search_skills,
)

pytestmark = pytest.mark.django_db


def test_ps_nqf_levels_map_to_eqf_and_aqf(frameworks: Any) -> None:
    assert level_mapping_table("PS-NQF", "EQF") == {"1": "5", "2": "6", "3": "7", "4": "7", "5": "8"}
    assert level_mapping_table("PS-NQF", "AQF") == {"1": "6", "2": "7", "3": "8", "4": "9", "5": "10"}
    bachelor = framework_level("PS-NQF", 2)
    assert bachelor is not None
    found = equivalent_level(bachelor, "EQF")
    assert found is not None
    assert found.number == 6


def test_equivalent_level_accepts_codes_in_any_case_and_reads_mappings_backwards(frameworks: Any) -> None:
    # The call the design app makes.
    found = equivalent_level(framework="ps-nqf", level=4, target="eqf")
    assert found is not None
    assert found.number == 7
    # EQF 7 ← PS-NQF 3 (partial) and 4 (equivalent): the equivalent one wins.
    back = equivalent_level(framework="EQF", level=7, target="PS-NQF")
    assert back is not None
    assert back.code == "4"
    # No EQF 3 equivalent in the higher-education PS-NQF.
    assert equivalent_level(framework="EQF", level=3, target="PS-NQF") is None
    assert equivalent_level(framework="PS-NQF", level=99, target="EQF") is None


def test_equivalent_level_goes_through_eqf_when_there_is_no_direct_mapping(frameworks: Any) -> None:
    found = equivalent_level(framework="PS-NQF-8", level=6, target="AQF")
    assert found is not None
    assert found.code == "7"


def test_credit_conversion_uses_the_rule_its_inverse_and_decimal_arithmetic(frameworks: Any) -> None:
    assert convert_credits(Decimal(1), source="ps-credit-hours", target="ects") == Decimal("1.50")
    assert convert_credits(3, "PS-CH", "ECTS") == Decimal("4.50")
    assert convert_credits("4.5", "ECTS", "PS-CH") == Decimal("3.00")
    assert convert_credits(5, "ECTS", "ECTS") == Decimal("5.00")
    assert convert_credits(1, "ECTS", "PS-CH", places=Decimal("0.0001")) == Decimal("0.6667")
    with pytest.raises(UnknownCreditSystem):
        convert_credits(1, "ECTS", "US-CREDIT")


def test_hours_and_credits(frameworks: Any) -> None:
    assert hours_to_credits(60, "ECTS") == Decimal("2.00")
    assert hours_to_credits_range(60, "ECTS") == (Decimal("2.00"), Decimal("2.40"))
    assert credits_to_hours(2, "ECTS") == Decimal("60.00")
    assert credits_to_hours(3, "credit-hours") == Decimal("135.00")
    assert hours_to_credits(90, "PS-CH") == Decimal("2.00")


@pytest.mark.parametrize(
    "query", ["إدارة البيانات", "ادارة البيانات", "أدارة البيانات", "إدَارَة البَيَانَات", "اداره البيانات"]
)
def test_arabic_search_finds_the_same_skill_whatever_the_spelling(frameworks: Any, query: str) -> None:
    found = [skill.uri for skill in search_skills(query)]
    assert "http://data.europa.eu/esco/skill/4d97e3c3-f335-47cc-a4ee-0d779fd42222" in found


def test_search_matches_english_labels_and_respects_language_and_limit(frameworks: Any) -> None:
    results = search_skills("database", limit=3)
    assert len(results) == 3
    assert results[0].label["en"] == "database"
    assert search_skills("database", language="ar") == []
    assert search_skills("التفكير النقدي", language="ar")[0].label["en"] == "think critically"
    assert search_skills("  ") == []
    health = search_skills("health", sector="health")
    assert health
    assert all("health" in skill.sectors for skill in health)
