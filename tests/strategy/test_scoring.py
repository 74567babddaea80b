"""The maturity scoring rule and the anonymised national median (wisam.strategy.scoring): pure functions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wisam.strategy.scoring import (
    DimensionScore,
    Rating,
    dimension_score,
    effective_level,
    national_median,
    overall_level,
)


def test_evidence_is_needed_from_level_three() -> None:
    assert effective_level(Rating(2, has_evidence=False)) == 2
    assert effective_level(Rating(3, has_evidence=False)) == 2
    assert effective_level(Rating(5, has_evidence=False)) == 2
    assert effective_level(Rating(5, has_evidence=True)) == 5
    assert effective_level(Rating(None, has_evidence=True)) is None


def test_level_is_the_mean_rounded_down() -> None:
    score = dimension_score([Rating(3, True), Rating(4, True), Rating(4, True)])
    assert score == DimensionScore(level=3, mean=3.67, rated=3, total=3, capped=0)


def test_level_is_at_most_one_above_the_weakest_indicator() -> None:
    # Mean 3.67, but one practice is still at level 1: the dimension is at level 2.
    score = dimension_score([Rating(1, True), Rating(5, True), Rating(5, True)])
    assert score.level == 2
    assert score.mean == 3.67


def test_unevidenced_ratings_are_capped_and_counted() -> None:
    score = dimension_score([Rating(4, False), Rating(4, True), Rating(4, True)])
    assert score.capped == 1
    assert score.level == 3  # (2 + 4 + 4) / 3 = 3.33 → 3; weakest 2 + 1 = 3


def test_an_unrated_indicator_leaves_the_dimension_without_a_level() -> None:
    score = dimension_score([Rating(3, True), Rating(None)])
    assert score.level is None
    assert not score.complete
    assert score.rated == 1
    assert dimension_score([]).level is None


@given(st.lists(st.tuples(st.integers(1, 5), st.booleans()), min_size=1, max_size=8))
def test_level_bounds(pairs: list[tuple[int, bool]]) -> None:
    ratings = [Rating(level, evidence) for level, evidence in pairs]
    score = dimension_score(ratings)
    effective = [effective_level(r) or 0 for r in ratings]
    assert score.level is not None
    assert min(effective) <= score.level <= min(effective) + 1
    assert score.level <= sum(effective) / len(effective)
    assert 1 <= score.level <= 5


def test_overall_level_is_the_weakest_dimension() -> None:
    assert overall_level([3, 2, None, 4]) == 2
    assert overall_level([None]) is None


def test_national_median_excludes_own_institution() -> None:
    levels = {1: {"qa": 5}, 2: {"qa": 1}, 3: {"qa": 2}, 4: {"qa": 3}}
    assert national_median(levels, exclude=1) == {"qa": 2.0}
    assert national_median(levels, exclude=2) == {"qa": 3.0}


def test_national_median_is_hidden_below_three_other_institutions() -> None:
    levels = {1: {"qa": 5}, 2: {"qa": 1}, 3: {"qa": 2}}
    assert national_median(levels, exclude=1) is None
    assert national_median(levels, exclude=None) == {"qa": 2.0}


def test_a_dimension_few_institutions_assessed_is_left_out() -> None:
    levels = {
        1: {"qa": 2, "new": 4},
        2: {"qa": 3, "new": 2},
        3: {"qa": 4, "new": None},
        4: {"qa": 1},
    }
    assert national_median(levels, exclude=4) == {"qa": 3.0}


def test_median_of_an_even_count_is_halfway() -> None:
    levels = {i: {"qa": i} for i in range(1, 6)}
    assert national_median(levels, exclude=5) == {"qa": 2.5}
