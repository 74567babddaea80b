"""Worked examples of evaluation, one or more per rule type, checking the Arabic and English explanations."""

from __future__ import annotations

from datetime import date

from wisam.pathways.engine import evaluate

from .helpers import HOME, TITLES, TODAY, earned, pathway


def _result(evaluation, rule_id):  # type: ignore[no-untyped-def]
    return next(r for r in evaluation.rules if r.rule_id == rule_id)


def test_required_all_and_missing_named_by_title() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1", "mc:2", "mc:3"]}, kind="rigid")
    ev = evaluate(p, [earned("a", "mc:1"), earned("b", "mc:3")], today=TODAY, titles=TITLES)
    core = _result(ev, "core")
    assert not ev.satisfied
    assert not core.satisfied
    assert core.counted == ["a", "b"]
    assert core.progress == (2.0, 3.0)
    assert core.missing == {"ar": "ما زال مطلوبًا: «الإحصاء التطبيقي».", "en": "Still needed: Applied statistics."}
    assert "you have 2 of 3" in core.explanation["en"]
    assert "لديك 2 من 3" in core.explanation["ar"]
    assert ev.missing == [core.missing]
    full = evaluate(p, [earned("a", "mc:1"), earned("b", "mc:3"), earned("c", "mc:2")], today=TODAY, titles=TITLES)
    assert full.satisfied
    assert full.assignments == {"a": ["core"], "b": ["core"], "c": ["core"]}
    assert full.summary["en"] == "You have met every requirement of this pathway."


def test_required_in_order_checks_dates() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1", "mc:2"], "in_order": True}, kind="rigid")
    right = [earned("a", "mc:1", on=date(2024, 1, 1)), earned("b", "mc:2", on=date(2024, 6, 1))]
    wrong = [earned("a", "mc:1", on=date(2024, 6, 1)), earned("b", "mc:2", on=date(2024, 1, 1))]
    assert evaluate(p, right, today=TODAY).satisfied
    ev = evaluate(p, wrong, today=TODAY, titles=TITLES)
    assert not ev.satisfied
    assert ev.rules[0].missing is not None
    assert "your dates do not follow it" in ev.rules[0].missing["en"]
    assert "«أساسيات البيانات» و«الإحصاء التطبيقي»" in ev.rules[0].missing["ar"]
    # a second, later copy of the first item does not spoil a valid order
    again = [*right, earned("c", "mc:1", on=date(2025, 1, 1))]
    assert evaluate(p, again, today=TODAY).satisfied


def test_choose_k_of_n_groups() -> None:
    p = pathway(
        {
            "id": "el",
            "type": "choose",
            "k": 2,
            "groups": [
                {"label": {"ar": "التحليل", "en": "Analysis"}, "items": ["mc:1", "mc:2"]},
                {"label": {"ar": "العرض", "en": "Presentation"}, "items": ["mc:3"]},
                {"label": {"ar": "التخزين", "en": "Storage"}, "items": ["mc:4"]},
            ],
        }
    )
    ev = evaluate(p, [earned("a", "mc:1"), earned("b", "mc:2")], today=TODAY, titles=TITLES)
    rule = ev.rules[0]
    assert not rule.satisfied
    assert rule.progress == (1.0, 2.0)
    assert rule.explanation["en"] == "You need 2 of 3 groups; you have completed 1 (Analysis)."
    assert rule.explanation["ar"] == "عدد المجموعات المطلوب إكمالها 2 من 3؛ أكملت 1 («التحليل»)."
    assert rule.missing is not None
    assert "Complete 1 more group, for example Presentation" in rule.missing["en"]
    assert "أكمل مجموعة واحدة أخرى" in rule.missing["ar"]
    ev = evaluate(p, [earned("a", "mc:1"), earned("b", "mc:2"), earned("c", "mc:4")], today=TODAY)
    assert ev.satisfied


def test_min_credits_in_credit_hours_with_exact_sums() -> None:
    p = pathway({"id": "total", "type": "min_credits", "credits": 2, "unit": "CH"}, kind="open")  # = 3 ECTS
    record = [earned(f"x{i}", None, 0.1) for i in range(30)]  # 30 x 0.1 = exactly 3 (not 2.9999999999999996)
    ev = evaluate(p, record, today=TODAY)
    assert ev.satisfied
    assert ev.credits_counted_ects == 3.0
    assert ev.rules[0].explanation["en"] == "You need at least 3 ECTS (2 credit hours) in total; you have 3 ECTS."
    assert ev.rules[0].explanation["ar"] == "تحتاج إلى 3 ECTS على الأقل (أي 2 من الساعات المعتمدة) إجمالًا؛ لديك 3 ECTS."
    short = evaluate(p, record[:29], today=TODAY)
    assert not short.satisfied
    assert short.missing == [{"ar": "0.1 ECTS إضافية إجمالًا.", "en": "0.1 more ECTS in total."}]


def test_min_credits_at_level_and_field() -> None:
    p = pathway(
        {"id": "core", "type": "required", "items": ["mc:1", "mc:2", "mc:3"]},
        {"id": "adv", "type": "min_credits_at_level", "credits": 10, "eqf_level": 6},
        {"id": "field", "type": "field", "isced": ["061"], "min_credits": 10},
    )
    record = [
        earned("a", "mc:1", 5, level=6, isced="0613"),
        earned("b", "mc:2", 5, level=5, isced="0611"),
        earned("c", "mc:3", 5, level=7, isced="0412"),
    ]
    ev = evaluate(p, record, today=TODAY)
    assert ev.satisfied
    assert _result(ev, "adv").counted == ["a", "c"]
    assert _result(ev, "field").counted == ["a", "b"]
    assert "at EQF level 6 or above" in _result(ev, "adv").explanation["en"]
    assert "بمستوى الإطار الأوروبي 6 أو أعلى" in _result(ev, "adv").explanation["ar"]
    assert ev.assignments["a"] == ["core", "adv", "field"]
    ev = evaluate(p, [record[0], record[1], earned("c", "mc:3", 5, level=5, isced="0412")], today=TODAY)
    assert not _result(ev, "adv").satisfied
    assert not ev.satisfied
    assert _result(ev, "adv").missing == {
        "ar": "5 ECTS إضافية بمستوى الإطار الأوروبي 6 أو أعلى.",
        "en": "5 more ECTS at EQF level 6 or above.",
    }


def test_recency_drops_old_credentials_and_says_so() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1"]}, {"id": "recent", "type": "recency", "years": 5})
    old = earned("a", "mc:1", on=date(2020, 5, 31))
    ev = evaluate(p, [old], today=TODAY, titles=TITLES)
    assert not ev.satisfied
    assert ev.unused == ["a"]
    assert ev.reasons["a"]["en"] == "Does not count: earned more than 5 years ago (2020-05-31)."
    assert "خلال آخر 5 سنوات" in _result(ev, "recent").explanation["ar"]
    assert ev.reasons["a"]["ar"] == "لا تُحتسب لأنها مُنحت قبل أكثر من 5 سنوات (2020-05-31)."
    assert "Not counted because they are older: Data basics." in _result(ev, "recent").explanation["en"]
    assert evaluate(p, [earned("a", "mc:1", on=date(2021, 6, 1))], today=TODAY).satisfied


def test_min_grade_drops_low_grades_but_not_passes() -> None:
    p = pathway({"id": "total", "type": "min_credits", "credits": 10}, {"id": "g", "type": "min_grade", "grade": 60})
    ev = evaluate(p, [earned("a", None, 5, grade=59.5), earned("b", None, 5, grade=None)], today=TODAY)
    assert not ev.satisfied
    assert ev.unused == ["a"]
    assert ev.reasons["a"]["en"] == "Does not count: the grade 59.5 is below the minimum of 60."
    assert "59.5" in ev.reasons["a"]["ar"]
    assert "أقل من الحد الأدنى" in ev.reasons["a"]["ar"]
    assert evaluate(p, [earned("a", None, 5, grade=60), earned("b", None, 5)], today=TODAY).satisfied


def test_prerequisite_order() -> None:
    p = pathway(
        {"id": "core", "type": "required", "items": ["mc:1", "mc:5"]},
        {"id": "pre", "type": "prerequisite", "item": "mc:5", "requires": ["mc:1"]},
    )
    early = [earned("a", "mc:1", on=date(2025, 3, 1)), earned("b", "mc:5", on=date(2025, 1, 1))]
    ev = evaluate(p, early, today=TODAY, titles=TITLES)
    assert not ev.satisfied
    assert ev.unused == ["b"]
    assert ev.reasons["b"]["en"] == "Does not count: it was earned before its prerequisite Data basics."
    assert ev.reasons["b"]["ar"] == "لا تُحتسب لأنها مُنحت قبل إكمال متطلبها السابق «أساسيات البيانات»."
    assert _result(ev, "pre").explanation["en"].startswith("Machine learning counts only after Data basics.")
    fine = [earned("a", "mc:1", on=date(2025, 1, 1)), earned("b", "mc:5", on=date(2025, 3, 1))]
    assert evaluate(p, fine, today=TODAY).satisfied


def test_external_and_rpl_caps() -> None:
    p = pathway(
        {"id": "total", "type": "min_credits", "credits": 20},
        {"id": "ext", "type": "max_external_credits", "credits": 5},
        {"id": "rpl", "type": "max_rpl_credits", "credits": 2, "unit": "CH"},
        kind="open",
    )
    record = [
        earned("h", None, 10),
        earned("x1", None, 4, provider="other-college", source="external"),
        earned("x2", None, 4, provider="other-college", source="external"),
        earned("r", None, 6, source="rpl"),
    ]
    ev = evaluate(p, record, today=TODAY)
    assert ev.credits_counted_ects == 18.0  # 10 + min(8, 5) + min(6, 3)
    assert not ev.satisfied
    ext = _result(ev, "ext")
    assert ext.satisfied
    assert ext.counted == ["x1", "x2"]
    assert ext.explanation["en"] == (
        "At most 5 ECTS from other providers count; you have 8 ECTS from other providers. So 3 ECTS of them do not count."
    )
    assert "لا تُحتسب 3 ECTS منها" in ext.explanation["ar"]
    assert "from recognition of prior learning" in _result(ev, "rpl").explanation["en"]


def test_recognition_stands_in_for_a_micro_credential_with_granted_credits() -> None:
    p = pathway(
        {"id": "core", "type": "required", "items": ["mc:1", "mc:2"]},
        {"id": "total", "type": "min_credits", "credits": 8},
    )
    recognised = earned("rec:1", None, 6, provider="Birzeit", source="recognition", recognised_as="mc:2", granted=3)
    ev = evaluate(p, [earned("a", "mc:1", 5), recognised], today=TODAY)
    assert ev.satisfied
    assert ev.credits_counted_ects == 8.0
    assert ev.assignments["rec:1"] == ["core", "total"]


def test_criteria_for_open_pathways() -> None:
    p = pathway(
        {"id": "open", "type": "criteria", "min_credits": 10, "isced": ["061"], "min_eqf_level": 5, "providers": []},
        kind="open",
    )
    record = [
        earned("a", None, 5, isced="0613", level=5, provider="anywhere"),
        earned("b", None, 5, isced="0612", level=4),
        earned("c", None, 5, isced="0311", level=6),
    ]
    ev = evaluate(p, record, today=TODAY)
    rule = ev.rules[0]
    assert not ev.satisfied
    assert rule.counted == ["a"]
    assert rule.progress == (5.0, 10.0)
    assert rule.explanation["en"] == (
        "You need 10 ECTS from micro-credentials in ISCED-F field 061 at EQF level 5 or above; you have 5 ECTS."
    )
    assert "في المجال ISCED-F 061" in rule.explanation["ar"]
    assert sorted(ev.unused) == ["b", "c"]
    assert "criteria" in ev.reasons["b"]["en"]
    assert "معايير" in ev.reasons["b"]["ar"]
    ev = evaluate(p, [*record, earned("d", None, 5, isced="0613", level=6)], today=TODAY)
    assert ev.satisfied


def test_a_credential_counts_once_and_the_search_beats_greedy() -> None:
    # "a" fits both criteria rules; first-fit would give it to open1 and leave open2 empty. The search does better.
    p = pathway(
        {"id": "open1", "type": "criteria", "min_credits": 5, "isced": ["061"]},
        {"id": "open2", "type": "criteria", "min_credits": 5, "isced": ["0613"]},
        kind="open",
    )
    a = earned("a", None, 5, isced="0613")  # fits both
    b = earned("b", None, 5, isced="0611")  # fits open1 only
    ev = evaluate(p, [a, b], today=TODAY)
    assert ev.satisfied
    assert ev.assignments == {"a": ["open2"], "b": ["open1"]}
    only_a = evaluate(p, [a], today=TODAY)
    assert not only_a.satisfied
    assert sum(r.satisfied for r in only_a.rules) == 1


def test_shares_allows_reuse() -> None:
    rules = [
        {"id": "core", "type": "required", "items": ["mc:1"]},
        {"id": "group", "type": "choose", "k": 1, "groups": [{"items": ["mc:1"]}]},
    ]
    assert not evaluate(pathway(*rules), [earned("a", "mc:1")], today=TODAY).satisfied
    rules[1]["shares"] = True
    ev = evaluate(pathway(*rules), [earned("a", "mc:1")], today=TODAY)
    assert ev.satisfied
    assert ev.assignments["a"] == ["core", "group"]


def test_duplicates_count_once_and_target() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1"]}, target_credits_ects=10)
    ev = evaluate(p, [earned("a", "mc:1", 5), earned("b", "mc:1", 6)], today=TODAY)
    assert not ev.satisfied
    assert ev.credits_counted_ects == 6.0
    assert ev.unused == ["a"]
    assert "Counts only once" in ev.reasons["a"]["en"]
    target = ev.rules[-1]
    assert target.rule_id == "@target"
    assert target.progress == (6.0, 10.0)
    assert target.missing == {
        "ar": "4 ECTS إضافية لبلوغ حجم المؤهل.",
        "en": "4 more ECTS to reach the size of the qualification.",
    }


def test_unrelated_credentials_fast_path_matches_full_evaluation() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1"]}, {"id": "recent", "type": "recency", "years": 1})
    ev = evaluate(p, [earned("z", "mc:99")], today=TODAY, titles=TITLES)
    blank = evaluate(p, [], today=TODAY, titles=TITLES)
    assert [(r.rule_id, r.satisfied, r.explanation, r.missing) for r in ev.rules] == [
        (r.rule_id, r.satisfied, r.explanation, r.missing) for r in blank.rules
    ]
    assert ev.unused == ["z"]
    assert "not one of the micro-credentials" in ev.reasons["z"]["en"]
    assert p.home_provider == HOME


def test_arabic_number_agreement() -> None:
    from wisam.pathways.engine.evaluate import groups_ar, years_ar, years_en

    assert [years_ar(n, last=True) for n in (1, 2, 3, 11)] == [
        "السنة الأخيرة",
        "السنتين الأخيرتين",
        "آخر 3 سنوات",
        "آخر 11 سنة",
    ]
    assert [groups_ar(n) for n in (1, 2, 4, 12)] == [
        "مجموعة واحدة أخرى",
        "مجموعتين أخريين",
        "4 مجموعات أخرى",
        "12 مجموعة أخرى",
    ]
    assert years_en(1) == "year"
    p = pathway({"id": "recent", "type": "recency", "years": 1}, kind="open")
    ev = evaluate(p, [], today=TODAY)
    assert ev.rules[0].explanation == {
        "ar": "تُحتسب فقط الشهادات التي حصلت عليها خلال السنة الأخيرة.",
        "en": "Only credentials earned in the last year count.",
    }


def test_cached_texts_and_evaluate_many_match_fresh_evaluations() -> None:
    from wisam.pathways.bench import build
    from wisam.pathways.engine import evaluate_many, parse_pathway, pathway_to_data

    pathways, records, titles = build(pathways=9, learners=40, seed=7)
    for record in records:
        shared = evaluate_many(pathways, record, today=TODAY, titles=titles)
        for built, together in zip(pathways, shared, strict=True):
            fresh = evaluate(parse_pathway(pathway_to_data(built)), record, today=TODAY, titles=dict(titles))
            assert together == fresh
