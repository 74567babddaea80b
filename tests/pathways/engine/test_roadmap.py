"""The roadmap SVG: accessible, escaped, without inline styles, by level, and mirrored for Arabic."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from wisam.pathways.engine import evaluate, plan
from wisam.pathways.roadmap import render_roadmap

from .helpers import TITLES, TODAY, earned, offer, pathway

SVG = "{http://www.w3.org/2000/svg}"
LEVELS = {"mc:1": 4, "mc:2": 5, "mc:3": 5, "mc:4": 5, "mc:5": 6, "mc:6": None}


def _draw(language: str, titles=TITLES) -> str:  # type: ignore[no-untyped-def]
    p = pathway(
        {"id": "core", "type": "required", "items": ["mc:1", "mc:2", "mc:5"]},
        {"id": "more", "type": "choose", "k": 1, "groups": [{"items": ["mc:3"]}, {"items": ["mc:6"]}]},
        {"id": "pre", "type": "prerequisite", "item": "mc:5", "requires": ["mc:2"]},
    )
    record = [earned("a", "mc:1", level=4)]
    evaluation = evaluate(p, record, today=TODAY, titles=titles)
    suggested = plan(
        p,
        record,
        [offer("mc:2", level=5), offer("mc:5", level=6, prerequisites=("mc:2",)), offer("mc:3", 2), offer("mc:6", 6)],
        today=TODAY,
        titles=titles,
    )
    return render_roadmap(
        pathway=p, evaluation=evaluation, plan=suggested, titles=titles, language=language, levels=LEVELS
    )


def _steps(svg: str) -> dict[str, tuple[float, str]]:
    """Step title -> (x of its box, state class)."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    steps = {}
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "")
        if "roadmap-step" not in classes:
            continue
        title = group.find(f"{SVG}title")
        rect = group.find(f"{SVG}rect")
        assert title is not None
        assert title.text
        assert rect is not None
        steps[title.text.split(" — ")[0]] = (float(rect.get("x", "0")), classes.split()[-1])
    return steps


def test_accessible_svg_with_title_description_and_states() -> None:
    svg = _draw("en")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.get("lang") == "en"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Your roadmap towards the qualification"
    assert desc is not None
    assert desc.text is not None
    assert desc.text.startswith("Micro-credentials: 1 completed, 3 planned, 1 still open;")
    assert root.get("aria-labelledby") == "roadmap-title roadmap-desc"
    steps = _steps(svg)
    assert steps["Data basics"][1] == "roadmap-done"
    assert steps["Applied statistics"][1] == "roadmap-planned"
    assert steps["Machine learning"][1] == "roadmap-planned"
    assert steps["Data visualisation"][1] == "roadmap-planned"
    assert steps["Data ethics"][1] == "roadmap-open"
    assert "✓ completed" in svg
    assert "still open" in svg


def test_columns_follow_levels_and_arabic_is_mirrored() -> None:
    en, ar = _steps(_draw("en")), _steps(_draw("ar"))
    # unknown level first, then EQF 4, 5, 6 from the start side
    assert en["Data ethics"][0] < en["Data basics"][0] < en["Applied statistics"][0] < en["Machine learning"][0]
    assert ar["أخلاقيات البيانات"][0] > ar["أساسيات البيانات"][0] > ar["الإحصاء التطبيقي"][0] > ar["تعلم الآلة"][0]
    svg = _draw("ar")
    assert 'lang="ar"' in svg
    assert 'direction="rtl"' in svg
    assert "الشهادات المصغّرة: مكتملة 1، في الخطة 3، لم تُؤخذ بعد 1" in svg
    assert "خريطة طريقك نحو المؤهل" in svg
    assert "المستوى 5 (الإطار الأوروبي)" in svg
    assert "المؤهل" in svg


def test_text_is_escaped_and_no_inline_styles() -> None:
    hostile = {**TITLES, "mc:6": {"ar": '<script>alert("x")</script>', "en": '<img src=x onerror="y"> & co'}}
    svg = _draw("en", hostile)
    assert "<script" not in svg
    assert "<img" not in svg
    assert "&lt;img src=x onerror=" in svg
    assert "&amp; co" in svg
    assert "style=" not in svg
    root = ET.fromstring(svg)  # noqa: S314 - our own output; well-formed
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]


def test_prerequisite_arrows_and_completed_goal() -> None:
    svg = _draw("en")
    assert svg.count('class="roadmap-prerequisite"') == 1
    p = pathway({"id": "core", "type": "required", "items": ["mc:1"]}, target_credits_ects=5)
    evaluation = evaluate(p, [earned("a", "mc:1")], today=TODAY)
    done = render_roadmap(pathway=p, evaluation=evaluation, plan=None, titles=TITLES, language="en", levels={})
    assert "5 of 5 ECTS" in done
    assert "5 من 5 ECTS" in render_roadmap(
        pathway=p, evaluation=evaluation, plan=None, titles=TITLES, language="ar", levels={}
    )
    assert "Qualification ✓" in done
    assert "You have completed the pathway." in done


def test_several_roadmaps_can_share_a_page() -> None:
    p = pathway({"id": "core", "type": "required", "items": ["mc:1"]})
    evaluation = evaluate(p, [], today=TODAY)
    svg = render_roadmap(
        pathway=p, evaluation=evaluation, plan=None, titles=TITLES, language="en", levels={}, id_prefix="rm-7"
    )
    assert 'id="rm-7-title"' in svg
    assert "url(#rm-7-arrow)" in svg
