"""Parsing and validation of pathway rule data: every rule type, round-trips, and problems that say how to fix."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from wisam.pathways.engine import PathwayError, parse_pathway, pathway_to_data, referenced_keys
from wisam.pathways.engine.types import Choose, Criteria, MinCredits, Prerequisite, Required

FULL: dict[str, Any] = {
    "kind": "elective",
    "target_credits_ects": 30,
    "rules": [
        {"id": "core", "type": "required", "items": ["mc:12", "mc:15"], "in_order": True},
        {
            "id": "electives",
            "type": "choose",
            "k": 2,
            "groups": [
                {"label": {"ar": "البيانات", "en": "Data"}, "items": ["mc:20", "mc:21"]},
                {"label": {"ar": "الشبكات", "en": "Networks"}, "items": ["mc:22"]},
                {"items": ["mc:23"]},
            ],
        },
        {"id": "total", "type": "min_credits", "credits": 30, "unit": "ECTS"},
        {"id": "advanced", "type": "min_credits_at_level", "credits": 10, "unit": "ECTS", "eqf_level": 6},
        {"id": "field", "type": "field", "isced": ["061", "0613"], "min_credits": 20, "unit": "ECTS"},
        {"id": "recent", "type": "recency", "years": 5},
        {"id": "outside", "type": "max_external_credits", "credits": 10, "unit": "ECTS"},
        {"id": "rpl", "type": "max_rpl_credits", "credits": 5, "unit": "CH"},
        {"id": "grade", "type": "min_grade", "grade": 60},
        {"id": "order", "type": "prerequisite", "item": "mc:21", "requires": ["mc:12"]},
        {
            "id": "open",
            "type": "criteria",
            "min_credits": 15,
            "unit": "ECTS",
            "isced": ["061"],
            "min_eqf_level": 5,
            "providers": [],
            "shares": True,
        },
    ],
}


def test_parses_every_rule_type() -> None:
    pathway = parse_pathway(FULL, home_provider="karmil")
    assert pathway.kind == "elective"
    assert pathway.home_provider == "karmil"
    assert pathway.target_credits_ects == 30
    assert [rule.type for rule in pathway.rules] == [rule["type"] for rule in FULL["rules"]]
    core, electives = pathway.rules[0], pathway.rules[1]
    assert isinstance(core, Required)
    assert core.in_order
    assert core.items == ("mc:12", "mc:15")
    assert isinstance(electives, Choose)
    assert electives.k == 2
    assert electives.groups[0].label["en"] == "Data"
    assert isinstance(pathway.rules[-1], Criteria)
    assert pathway.rules[-1].shares
    assert isinstance(pathway.rules[9], Prerequisite)


def test_credit_hours_are_converted_exactly() -> None:
    pathway = parse_pathway(FULL)
    rpl = pathway.rules[7]
    assert rpl.credits == Fraction(15, 2)  # type: ignore[union-attr]
    assert rpl.amount == 5
    assert rpl.unit == "CH"
    custom = parse_pathway(
        {"kind": "open", "rules": [{"id": "t", "type": "min_credits", "credits": 3, "unit": "CH"}]},
        ch_to_ects=lambda amount: amount * 2,
    )
    assert isinstance(custom.rules[0], MinCredits)
    assert custom.rules[0].credits == 6


def test_round_trip() -> None:
    pathway = parse_pathway(FULL, home_provider="karmil")
    data = pathway_to_data(pathway)
    assert parse_pathway(data) == pathway
    odd = parse_pathway({"kind": "open", "rules": [{"id": "t", "type": "min_credits", "credits": "10/3"}]})
    assert parse_pathway(pathway_to_data(odd)) == odd


def test_referenced_keys() -> None:
    keys = referenced_keys(parse_pathway(FULL))
    assert keys == {"mc:12", "mc:15", "mc:20", "mc:21", "mc:22", "mc:23"}


def _problems(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    with pytest.raises(PathwayError) as caught:
        parse_pathway(data)
    for problem in caught.value.problems:
        assert problem.message["ar"]
        assert problem.message["en"]
        assert problem.message["ar"] != problem.message["en"]
    return {problem.path: problem.message for problem in caught.value.problems}


@pytest.mark.parametrize(
    ("rule", "path", "words"),
    [
        ({"id": "a", "type": "magic"}, "rules[0].type", "Unknown rule type"),
        (
            {"id": "a", "type": "choose", "k": 3, "groups": [{"items": ["x"]}, {"items": ["y"]}]},
            "rules[0].k",
            "lower k",
        ),
        ({"id": "a", "type": "min_credits", "credits": -5}, "rules[0].credits", "at least 0"),
        ({"id": "a", "type": "min_credits", "credits": 5, "unit": "hours"}, "rules[0].unit", "use ECTS or CH"),
        ({"id": "a", "type": "min_grade", "grade": 120}, "rules[0].grade", "at most 100"),
        ({"id": "a", "type": "recency", "years": 0}, "rules[0].years", "between 1 and 100"),
        ({"id": "a", "type": "required", "items": []}, "rules[0].items", "add at least one"),
        ({"id": "a", "type": "required", "items": ["x", "x"]}, "rules[0].items[1]", "listed twice"),
        ({"id": "a", "type": "field", "isced": ["software"], "min_credits": 5}, "rules[0].isced", "ISCED-F"),
        (
            {"id": "a", "type": "min_credits_at_level", "credits": 5, "eqf_level": 9},
            "rules[0].eqf_level",
            "between 1 and 8",
        ),
        (
            {"id": "a", "type": "choose", "k": 1, "groups": [{"items": ["x"]}, {"items": ["x", "y"]}]},
            "rules[0].groups[1].items",
            "one group only",
        ),
    ],
)
def test_invalid_rules_name_the_path_and_the_fix(rule: dict[str, Any], path: str, words: str) -> None:
    problems = _problems({"kind": "open", "rules": [rule]})
    assert path in problems, problems
    assert words in problems[path]["en"]


def test_duplicate_ids_cycles_and_kind_are_all_reported_together() -> None:
    problems = _problems(
        {
            "kind": "spiral",
            "rules": [
                {"id": "p", "type": "prerequisite", "item": "a", "requires": ["b"]},
                {"id": "p", "type": "prerequisite", "item": "b", "requires": ["c"]},
                {"id": "q", "type": "prerequisite", "item": "c", "requires": ["a"]},
            ],
        }
    )
    assert "kind" in problems
    assert "already used" in problems["rules[1].id"]["en"]
    cycle = [message for message in problems.values() if "cycle" in message["en"]]
    assert cycle
    assert "a → b → c → a" in cycle[0]["en"]
    assert "حلقة" in cycle[0]["ar"]


def test_empty_and_malformed_definitions() -> None:
    assert "rules" in _problems({"kind": "open", "rules": []})
    assert "rules[0]" in _problems({"kind": "open", "rules": ["core"]})
    with pytest.raises(PathwayError):
        parse_pathway([])  # type: ignore[arg-type]
