"""The quality linter, without a database: each rule fires on a bad specification and stays quiet on a good one."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.design.specs import good
from wisam.design.blocks import blocks, eu_elements
from wisam.design.linter import LintConfig, Severity, lint_snapshot, registered_rules, snapshot_from_dict
from wisam.design.linter.verbs import has_context, object_words, outcome_bloom_level, read_outcome


def lint(data: dict[str, Any], **config: Any) -> Any:
    return lint_snapshot(snapshot_from_dict(data), LintConfig(**config))


def codes(data: dict[str, Any], **config: Any) -> set[str]:
    return lint(data, **config).codes()


def test_the_good_specification_is_clean() -> None:
    report = lint(good())
    assert report.findings == ()
    assert all(block.readiness == 100 for block in report.blocks)
    assert not report.has_blocking


def test_every_finding_is_complete_and_bilingual() -> None:
    report = lint({})
    block_ids = {b.id for b in blocks()}
    assert report.has_blocking
    for finding in report.findings:
        assert finding.block in block_ids
        assert finding.element == "" or finding.element in eu_elements()
        assert finding.message["ar"]
        assert finding.message["en"]
        assert finding.message["ar"] != finding.message["en"]
        assert finding.severity in set(Severity)


def test_rules_are_registered_with_blocks() -> None:
    rules = registered_rules()
    assert {
        "LO_COUNT",
        "LO_VERB",
        "LO_BLOOM",
        "LO_SKILL",
        "VOLUME",
        "LEVEL",
        "ALIGN",
        "ASSESS",
        "ANNEX",
        "STACK",
    } <= set(rules)
    assert all(info.description for info in rules.values())


# --- each spoiler makes exactly the expected code appear ---------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        target = data
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return apply


SPOILERS: list[tuple[str, Callable[[dict[str, Any]], None], str, Severity]] = [
    ("no outcomes", _set("outcomes", []), "LO_NONE", Severity.BLOCKING),
    ("two outcomes", lambda d: d.update(outcomes=d["outcomes"][:2]), "LO_TOO_FEW", Severity.BLOCKING),
    ("nine outcomes", lambda d: d.update(outcomes=d["outcomes"] * 3), "LO_TOO_MANY", Severity.BLOCKING),
    (
        "vague English",
        _set("outcomes.0.text.en", "Understand the pandas library in data work."),
        "LO_VERB_VAGUE",
        Severity.BLOCKING,
    ),
    (
        "be aware of",
        _set("outcomes.0.text.en", "Be aware of data protection law in Palestine."),
        "LO_VERB_VAGUE",
        Severity.BLOCKING,
    ),
    (
        "vague Arabic",
        _set("outcomes.0.text.ar", "أن يعرف مكتبة pandas في تحليل البيانات"),
        "LO_VERB_VAGUE",
        Severity.BLOCKING,
    ),
    ("يدرك", _set("outcomes.0.text.ar", "يدرك أهمية جودة البيانات في المؤسسات"), "LO_VERB_VAGUE", Severity.BLOCKING),
    (
        "يكون على دراية",
        _set("outcomes.0.text.ar", "يكون على دراية بأنواع البيانات في بايثون"),
        "LO_VERB_VAGUE",
        Severity.BLOCKING,
    ),
    (
        "unknown verb",
        _set("outcomes.0.text.en", "Pandas skills for cleaning data in notebooks."),
        "LO_VERB_UNKNOWN",
        Severity.WARNING,
    ),
    (
        "no object",
        _set("outcomes.0.text.en", "The learner will be able to analyse."),
        "LO_NO_OBJECT",
        Severity.BLOCKING,
    ),
    ("no context en", _set("outcomes.0.text.en", "Analyse data."), "LO_NO_CONTEXT", Severity.WARNING),
    ("no context ar", _set("outcomes.0.text.ar", "أن يحلل البيانات"), "LO_NO_CONTEXT", Severity.WARNING),
    ("no skill", _set("outcomes.1.skills", []), "LO_NO_SKILL", Severity.WARNING),
    ("duplicate", lambda d: d["outcomes"].append(dict(d["outcomes"][0], key="o5")), "LO_DUPLICATE", Severity.WARNING),
    ("empty outcome", lambda d: d["outcomes"].append({"key": "o9", "text": {}}), "LO_EMPTY", Severity.WARNING),
    (
        "long outcome",
        _set("outcomes.0.text.en", "Clean data using pandas " + "and more " * 40),
        "LO_TOO_LONG",
        Severity.INFO,
    ),
    ("no EQF", _set("eqf_level", None), "LEVEL_EQF_MISSING", Severity.BLOCKING),
    ("no NQF", _set("nqf_level", None), "LEVEL_NQF_MISSING", Severity.WARNING),
    ("NQF/EQF mismatch", _set("nqf_level", 1), "LEVEL_NQF_EQF_MISMATCH", Severity.BLOCKING),
    ("no ISCED", _set("isced_code", ""), "LEVEL_FIELD_MISSING", Severity.INFO),
    ("no hours", _set("notional_hours", None), "VOLUME_HOURS_MISSING", Severity.BLOCKING),
    ("no ECTS", _set("ects", None), "VOLUME_ECTS_MISSING", Severity.WARNING),
    (
        "ECTS too big",
        lambda d: d.update(ects=20, notional_hours=550, credit_hours=13),
        "VOLUME_ECTS_RANGE",
        Severity.BLOCKING,
    ),
    (
        "ECTS too small",
        lambda d: d.update(ects="0.5", notional_hours=14, credit_hours=None),
        "VOLUME_ECTS_RANGE",
        Severity.BLOCKING,
    ),
    ("hours vs ECTS", _set("notional_hours", 200), "VOLUME_HOURS_ECTS_MISMATCH", Severity.BLOCKING),
    ("credit hours", _set("credit_hours", 6), "VOLUME_CREDIT_HOURS_MISMATCH", Severity.WARNING),
    ("no credit hours", _set("credit_hours", None), "VOLUME_CREDIT_HOURS_MISSING", Severity.INFO),
    ("activities exceed", _set("activities.1.hours", 400), "VOLUME_ACTIVITIES_EXCEED", Severity.WARNING),
    ("weekly load", _set("duration_weeks", 1), "VOLUME_WEEKLY_LOAD", Severity.WARNING),
    ("unassessed", _set("assessments.1.outcomes", ["o2", "o3"]), "ALIGN_OUTCOME_NOT_ASSESSED", Severity.BLOCKING),
    ("assessment w/o outcome", _set("assessments.0.outcomes", []), "ALIGN_ASSESSMENT_NO_OUTCOME", Severity.BLOCKING),
    ("activity w/o outcome", _set("activities.0.outcomes", []), "ALIGN_ACTIVITY_NO_OUTCOME", Severity.WARNING),
    ("outcome not taught", _set("activities.1.outcomes", ["o3"]), "ALIGN_OUTCOME_NO_ACTIVITY", Severity.WARNING),
    ("no assessments", _set("assessments", []), "ASSESS_NONE", Severity.BLOCKING),
    ("weights", _set("assessments.0.weighting", 50), "ASSESS_WEIGHTS_SUM", Severity.BLOCKING),
    (
        "formative only",
        lambda d: [a.update(purpose="formative") for a in d["assessments"]],
        "ASSESS_NO_SUMMATIVE",
        Severity.BLOCKING,
    ),
    ("no method", _set("assessments.0.method", ""), "ASSESS_NO_METHOD", Severity.WARNING),
    ("no criteria", _set("assessments.0.criteria", {}), "ASSESS_NO_CRITERIA", Severity.WARNING),
    ("no title", _set("title", {}), "ANNEX_MISSING", Severity.BLOCKING),
    ("no awarding body", _set("awarding_body", ""), "ANNEX_MISSING", Severity.BLOCKING),
    ("no country", _set("awarding_country", ""), "ANNEX_MISSING", Severity.BLOCKING),
    ("no participation", _set("participation_mode", ""), "ANNEX_MISSING", Severity.BLOCKING),
    ("no QA type", _set("qa_type", {}), "ANNEX_MISSING", Severity.BLOCKING),
    ("no supervision", _set("supervision", ""), "ANNEX_OPTIONAL_MISSING", Severity.INFO),
    ("no prerequisites", _set("prerequisites", {}), "ANNEX_OPTIONAL_MISSING", Severity.INFO),
    ("integrated, no target", _set("stackable_towards", {}), "STACK_TARGET_MISSING", Severity.BLOCKING),
    ("no need", _set("need", {}), "NEED_MISSING", Severity.WARNING),
    ("no target group", _set("target_group", {}), "TARGET_GROUP_MISSING", Severity.WARNING),
    ("no partners", _set("co_design_partners", {}), "NEED_PARTNERS_MISSING", Severity.WARNING),
    ("no languages", _set("languages", []), "DESIGN_LANGUAGES_MISSING", Severity.WARNING),
    ("no duration", _set("duration_weeks", None), "DESIGN_DURATION_MISSING", Severity.WARNING),
    ("no entry", _set("entry_requirements", {}), "ACCESS_ENTRY_MISSING", Severity.WARNING),
    ("no fee", _set("fee_amount", None), "ACCESS_FEE_MISSING", Severity.WARNING),
    ("no inclusion", _set("inclusion_support", {}), "ACCESS_INCLUSION_MISSING", Severity.WARNING),
    ("no activities", lambda d: d.update(activities=[]), "ACTIVITY_NONE", Severity.WARNING),
    ("no KPIs", _set("kpis", []), "KPI_NONE", Severity.WARNING),
    ("no review date", _set("next_review_date", None), "EVAL_REVIEW_DATE_MISSING", Severity.WARNING),
    ("no grading rules", _set("grading_description", {}), "ASSESS_GRADING_RULES", Severity.INFO),
    ("English title missing", _set("title", {"ar": "تحليل البيانات"}), "LANG_TRANSLATION_MISSING", Severity.WARNING),
    ("Arabic outcome missing", _set("outcomes.0.text.ar", ""), "LANG_TRANSLATION_MISSING", Severity.WARNING),
]


@pytest.mark.parametrize(("spoil", "code", "severity"), [s[1:] for s in SPOILERS], ids=[s[0] for s in SPOILERS])
def test_rule_fires_on_a_bad_specification(
    spoil: Callable[[dict[str, Any]], None], code: str, severity: Severity
) -> None:
    # given a good specification, spoiled in one way
    data = good()
    spoil(data)
    # when it is linted
    report = lint(data)
    # then the expected finding is there, with its severity
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code} expected; got {sorted(report.codes())}"
    assert {f.severity for f in found} == {severity}
    assert code not in codes(good())


def test_overdue_review_needs_today() -> None:
    from datetime import date

    data = good()
    data["next_review_date"] = "2020-01-01"
    assert "EVAL_REVIEW_OVERDUE" in codes(data, today=date(2026, 1, 1))
    assert "EVAL_REVIEW_OVERDUE" not in codes(good(), today=date(2026, 1, 1))


# --- Bloom spread against the level ------------------------------------------------------------------------------

RECALL = [
    {
        "text": {
            "en": "List the main types of data in a spreadsheet program.",
            "ar": "أن يعدّد أنواع البيانات الرئيسة في برنامج الجداول",
        }
    },
    {
        "text": {
            "en": "Describe the steps of a data project in an organisation.",
            "ar": "أن يصف خطوات مشروع البيانات في المؤسسة",
        }
    },
    {
        "text": {
            "en": "Explain the role of statistics in business decisions.",
            "ar": "أن يشرح دور الإحصاء في قرارات العمل",
        }
    },
]


def test_eqf6_with_only_recall_outcomes_is_flagged() -> None:
    data = good()
    data["outcomes"] = RECALL
    found = lint(data).codes()
    assert "LO_BLOOM_TOO_LOW" in found
    assert "LO_BLOOM_MOSTLY_LOWER" in found


def test_eqf3_with_recall_and_apply_is_fine() -> None:
    data = good()
    data["eqf_level"], data["nqf_level"] = 3, None
    data["outcomes"] = [*RECALL, {"text": {"en": "Use a spreadsheet to total weekly sales in a shop."}}]
    assert not {"LO_BLOOM_TOO_LOW", "LO_BLOOM_MOSTLY_LOWER"} & codes(data)


def test_arabic_only_outcomes_drive_bloom_too() -> None:
    data = good()
    data["outcomes"] = [{"text": {"ar": o["text"]["ar"]}} for o in RECALL]
    assert "LO_BLOOM_TOO_LOW" in codes(data)
    data["outcomes"].append({"text": {"ar": "أن يحلّل بيانات المبيعات باستخدام الجداول المحورية"}})
    assert "LO_BLOOM_TOO_LOW" not in codes(data)


def test_high_bloom_at_low_level_is_a_suggestion() -> None:
    data = good()
    data["eqf_level"], data["nqf_level"] = 2, None
    report = lint(data)
    assert [f.severity for f in report.findings if f.code == "LO_BLOOM_ABOVE_LEVEL"] == [Severity.INFO]


def test_ranges_are_configurable() -> None:
    data = good()
    data.update(ects=20, notional_hours=550, credit_hours="13.3")
    assert "VOLUME_ECTS_RANGE" in codes(data)
    assert "VOLUME_ECTS_RANGE" not in codes(data, ects_max=Decimal(30))
    assert "LO_TOO_FEW" in codes(good(), outcomes_min=5)


# --- reading outcomes: verbs in both languages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Analyse sales data using pandas.", 4),
        ("The learner will be able to analyze sales data using pandas.", 4),
        ("On successful completion, learners can design a relational database for a shop.", 6),
        ("Evaluates the quality of a dataset against criteria.", 5),
        ("Identify the parts of a solar panel in a technical drawing.", 1),
        ("Apply infection-control procedures in a hospital ward.", 3),
        ("Carry out a site survey for a rooftop PV installation.", 3),
        ("Break down a complex problem into smaller steps in Python.", 4),
        ("Prioritise patients by urgency in an emergency department.", 5),
    ],
)
def test_english_verbs(text: str, level: int) -> None:
    assert read_outcome(text, "en").level == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("أن يحلّل المتعلم بيانات المبيعات باستخدام بايثون", 4),
        ("يحلل بيانات المبيعات باستخدام بايثون", 4),
        ("تحليل بيانات المبيعات باستخدام بايثون", 4),
        ("التحليل الإحصائي لبيانات المبيعات في المتاجر", 4),
        ("سيطبّقون إجراءات مكافحة العدوى في الأقسام السريرية", 3),
        ("أن يكون المتعلم قادراً على تصميم نظام طاقة شمسية لمنزل ريفي", 6),
        ("قادر على تقييم جودة البيانات وفق معايير موثقة", 5),
        ("يُعرِّف المصطلحات المحاسبية الأساسية وفق المعايير الدولية", 1),
        ("ويستخدم برامج المحاسبة السحابية لتسجيل القيود اليومية", 3),
        ("تركيب الألواح الشمسية على الأسطح وفق تعليمات الشركة المصنّعة", 3),
        ("يستقبل النزلاء في مكتب الاستقبال وفق معايير الفندق", 3),
    ],
)
def test_arabic_verbs_with_prefixes_shadda_and_nominal_forms(text: str, level: int) -> None:
    assert read_outcome(text, "ar").level == level


@pytest.mark.parametrize(
    "text",
    [
        "أن يعرف أنواع البيانات",
        "يفهم مبادئ المحاسبة",
        "يدرك أهمية النظافة",
        "أن يلمّ بقواعد السلامة",
        "يتعرف على أجزاء النظام",
        "يكون على دراية بالقوانين",
        "معرفة أنواع الألواح الشمسية",
        "فهم مبادئ الضيافة",
        "أن يستوعب مفاهيم البرمجة",
    ],
)
def test_vague_arabic_verbs(text: str) -> None:
    match = read_outcome(text, "ar")
    assert match.vague
    assert match.level is None


@pytest.mark.parametrize(
    "text", ["Know the types of data.", "Understand accounting.", "Be familiar with PV panels.", "Learn about hygiene."]
)
def test_vague_english_verbs(text: str) -> None:
    assert read_outcome(text, "en").vague


def test_object_and_context() -> None:
    match = read_outcome("يحلل المتعلم البيانات", "ar")
    assert object_words(match) == ["البيانات"]
    assert not has_context(match)
    assert has_context(read_outcome("يحلل بيانات المبيعات للمتاجر الصغيرة", "ar"))
    assert has_context(read_outcome("Greet guests at the front desk following hotel standards.", "en"))
    assert not has_context(read_outcome("Greet guests.", "en"))


def test_bloom_level_prefers_english_then_arabic() -> None:
    assert outcome_bloom_level({"en": "Design a menu for a restaurant.", "ar": "يعدد الأطباق"}) == 6
    assert outcome_bloom_level({"ar": "يصمم قائمة طعام لمطعم"}) == 6
    assert outcome_bloom_level("Know things") is None


# --- properties --------------------------------------------------------------------------------------------------

_AR_LEADS = st.sampled_from(["", "أن ", "أن يكون المتعلم قادراً على ", "سوف ", "قادر على "])
_AR_VERBS = st.sampled_from([("يحلّل", 4), ("يطبّق", 3), ("يصمّم", 6), ("يقيّم", 5), ("يشرح", 2), ("يعدّد", 1)])


@given(lead=_AR_LEADS, verb=_AR_VERBS, tail=st.sampled_from(["البيانات في المؤسسة", "خطة عمل باستخدام أدوات رقمية"]))
def test_arabic_lead_ins_never_hide_the_verb(lead: str, verb: tuple[str, int], tail: str) -> None:
    word, level = verb
    if lead.startswith("أن يكون") or lead.startswith("قادر"):
        word = {"يحلّل": "تحليل", "يطبّق": "تطبيق", "يصمّم": "تصميم", "يقيّم": "تقييم", "يشرح": "شرح"}.get(word, word)
    assert read_outcome(f"{lead}{word} {tail}", "ar").level == level


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "ects", "notional_hours", "eqf_level", "nqf_level", "outcomes", "assessments"]),
        st.one_of(st.none(), st.text(max_size=30), st.integers(-5, 500), st.lists(st.text(max_size=40), max_size=10)),
    )
)
def test_linter_never_crashes_on_odd_input(data: dict[str, Any]) -> None:
    report = lint(data)
    assert 0 <= report.readiness <= 100
    assert all(0 <= b.readiness <= 100 for b in report.blocks)
