"""Draw a learner's pathway roadmap as an accessible, right-to-left aware inline SVG (pure Python, no Django).

The micro-credentials of the pathway (and of the plan) are steps in columns by EQF level, lowest level first,
leading to the qualification at the end; each step is completed, planned or still open, told by shape and a
written mark as well as by colour (never colour alone). In Arabic the whole drawing is mirrored: it starts on the
right. Only presentation attributes and classes are used (no style attributes: the CSP forbids inline styles), and
every piece of text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from wisam.pathways.engine.evaluate import show
from wisam.pathways.engine.rules import referenced_keys
from wisam.pathways.engine.types import Evaluation, Pathway, Plan, Prerequisite, Text

__all__ = ["render_roadmap"]

BOX_W, BOX_H = 190, 58
COL_GAP, ROW_GAP = 56, 14
MARGIN, HEADER, LEGEND = 16, 30, 34
GOAL_W = 150
MAX_CHARS = 26

DONE, PLANNED, OPEN = "done", "planned", "open"
FILL = {DONE: "#d8f0e0", PLANNED: "#fff4d6", OPEN: "#ffffff"}
STROKE = {DONE: "#1e7a46", PLANNED: "#9a6b00", OPEN: "#6b7280"}
WORDS: dict[str, Text] = {
    DONE: {"ar": "مكتملة", "en": "completed"},
    PLANNED: {"ar": "في الخطة", "en": "planned"},
    OPEN: {"ar": "لم تُؤخذ بعد", "en": "still open"},
}
MARK = {DONE: "✓", PLANNED: "→", OPEN: "○"}


def _t(text: Text, language: str) -> str:
    return text.get(language) or text.get("en") or ""


def _short(title: str) -> str:
    return title if len(title) <= MAX_CHARS else title[: MAX_CHARS - 1].rstrip() + "…"


def _level_label(level: int | None, language: str) -> str:
    if level is None:
        return "مستوى غير محدد" if language == "ar" else "Level not set"
    return f"المستوى {level} (الإطار الأوروبي)" if language == "ar" else f"EQF level {level}"


def _credits_line(pathway: Pathway, evaluation: Evaluation, language: str) -> str:
    """Credits counted so far, out of the qualification's size when the pathway gives one."""
    have = show(evaluation.credits_counted_ects)
    if pathway.target_credits_ects is None:
        return f"{have} ECTS محتسبة" if language == "ar" else f"{have} ECTS counted"
    need = show(pathway.target_credits_ects)
    return f"{have} من {need} ECTS" if language == "ar" else f"{have} of {need} ECTS"


def render_roadmap(
    *,
    pathway: Pathway,
    evaluation: Evaluation,
    plan: Plan | None,
    titles: Mapping[str, Text],
    language: str,
    levels: Mapping[str, int | None],
    id_prefix: str = "roadmap",
) -> str:
    """An <svg role="img"> with <title>/<desc>: the pathway's micro-credentials as steps arranged by EQF level,
    marked completed / planned / still open; mirrored (starting on the right) when `language` is "ar".

    `id_prefix` keeps element ids unique when several roadmaps share a page.
    """
    rtl = language == "ar"
    lang = "ar" if rtl else "en"
    mark = {**MARK, PLANNED: "←" if rtl else "→"}
    planned_keys = [step.key for step in plan.steps] if plan is not None and plan.feasible else []
    keys = sorted(referenced_keys(pathway) | set(planned_keys) | set(evaluation.earned_keys & set(titles)))
    level_of = {key: levels.get(key) for key in keys}
    for step in plan.steps if plan is not None else ():
        if level_of.get(step.key) is None:
            level_of[step.key] = step.eqf_level

    def status(key: str) -> str:
        if key in evaluation.earned_keys:
            return DONE
        return PLANNED if key in planned_keys else OPEN

    columns: dict[int | None, list[str]] = {}
    order = {key: index for index, key in enumerate(planned_keys)}
    for key in sorted(
        keys,
        key=lambda k: ({DONE: 0, PLANNED: 1, OPEN: 2}[status(k)], order.get(k, 0), _t(titles.get(k, {}), lang) or k),
    ):
        columns.setdefault(level_of.get(key), []).append(key)
    column_levels = sorted(columns, key=lambda level: -1 if level is None else level)

    rows = max((len(column) for column in columns.values()), default=1)
    width = MARGIN * 2 + len(column_levels) * (BOX_W + COL_GAP) + GOAL_W
    height = MARGIN * 2 + LEGEND + HEADER + rows * (BOX_H + ROW_GAP)

    def x_of(start: float, span: float) -> float:
        """Logical (start-based) x to physical x: mirrored in right-to-left languages."""
        return width - start - span if rtl else start

    counts = {state: sum(1 for key in keys if status(key) == state) for state in (DONE, PLANNED, OPEN)}
    if rtl:
        title = "خريطة طريقك نحو المؤهل"
        desc = (
            f"الشهادات المصغّرة: مكتملة {counts[DONE]}، في الخطة {counts[PLANNED]}، لم تُؤخذ بعد {counts[OPEN]}؛ "
            "مرتبة حسب مستوى الإطار الأوروبي من الأدنى (يمينًا) إلى الأعلى، وتنتهي بالمؤهل."
            + (" أكملت المسار." if evaluation.satisfied else "")
        )
    else:
        title = "Your roadmap towards the qualification"
        desc = (
            f"Micro-credentials: {counts[DONE]} completed, {counts[PLANNED]} planned, {counts[OPEN]} still open; "
            "arranged by EQF level from lowest (left) to highest, ending at the qualification."
            + (" You have completed the pathway." if evaluation.satisfied else "")
        )
    ids = {"title": f"{id_prefix}-title", "desc": f"{id_prefix}-desc", "arrow": f"{id_prefix}-arrow"}
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="roadmap" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" lang="{lang}" direction="{"rtl" if rtl else "ltr"}" '
        f'aria-labelledby="{ids["title"]} {ids["desc"]}" font-family="sans-serif" font-size="13">',
        f'<title id="{ids["title"]}">{escape(title)}</title>',
        f'<desc id="{ids["desc"]}">{escape(desc)}</desc>',
        f'<defs><marker id="{ids["arrow"]}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>',
    ]

    # legend: shape + mark + word for each state
    cursor = MARGIN
    for state in (DONE, PLANNED, OPEN):
        label = f"{mark[state]} {_t(WORDS[state], lang)}"
        span = 34 + 8 * len(label)
        x = x_of(cursor, 22)
        dash = ' stroke-dasharray="5 3"' if state == PLANNED else ""
        out.append(
            f'<rect class="roadmap-key roadmap-{state}" x="{x:.0f}" y="{MARGIN}" width="22" height="16" rx="3" '
            f'fill="{FILL[state]}" stroke="{STROKE[state]}" stroke-width="2"{dash}/>'
        )
        text_x = x_of(cursor + 28, 0)
        # "start" follows the text direction inherited from the svg element: the right edge in Arabic
        out.append(
            f'<text x="{text_x:.0f}" y="{MARGIN + 13}" text-anchor="start" fill="#1f2937">{escape(label)}</text>'
        )
        cursor += span

    top = MARGIN + LEGEND
    positions: dict[str, tuple[float, float]] = {}
    for column, level in enumerate(column_levels):
        start = MARGIN + column * (BOX_W + COL_GAP)
        header_x = x_of(start, BOX_W) + BOX_W / 2
        out.append(
            f'<text class="roadmap-level" x="{header_x:.0f}" y="{top + 16}" text-anchor="middle" font-weight="bold" '
            f'fill="#1f2937">{escape(_level_label(level, lang))}</text>'
        )
        for row, key in enumerate(columns[level]):
            y = top + HEADER + row * (BOX_H + ROW_GAP)
            x = x_of(start, BOX_W)
            positions[key] = (x, y)
            state = status(key)
            full = _t(titles.get(key, {}), lang) or key
            dash = ' stroke-dasharray="6 4"' if state == PLANNED else ""
            out.append(f'<g class="roadmap-step roadmap-{state}">')
            out.append(f"<title>{escape(full)} — {escape(_t(WORDS[state], lang))}</title>")
            out.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{FILL[state]}" '
                f'stroke="{STROKE[state]}" stroke-width="2"{dash}/>'
            )
            centre = x + BOX_W / 2
            out.append(
                f'<text x="{centre:.0f}" y="{y + 24:.0f}" text-anchor="middle" fill="#111827">{escape(_short(full))}</text>'
            )
            out.append(
                f'<text x="{centre:.0f}" y="{y + 44:.0f}" text-anchor="middle" font-size="12" fill="{STROKE[state]}">'
                f"{escape(mark[state] + ' ' + _t(WORDS[state], lang))}</text>"
            )
            out.append("</g>")

    # prerequisites as arrows from the required step to the step that needs it
    edges: set[tuple[str, str]] = set()
    for rule in pathway.rules:
        if isinstance(rule, Prerequisite):
            edges.update((required, rule.item) for required in rule.requires)
    for step in plan.steps if plan is not None else ():
        edges.update((required, step.key) for required in step.prerequisites)
    for before, after in sorted(edges):
        if before in positions and after in positions and positions[before][0] != positions[after][0]:
            (x1, y1), (x2, y2) = positions[before], positions[after]
            forward = x2 > x1
            sx = x1 + BOX_W if forward else x1
            ex = x2 if forward else x2 + BOX_W
            out.append(
                f'<line class="roadmap-prerequisite" x1="{sx:.0f}" y1="{y1 + BOX_H / 2:.0f}" x2="{ex:.0f}" '
                f'y2="{y2 + BOX_H / 2:.0f}" stroke="#6b7280" stroke-width="1.5" marker-end="url(#{ids["arrow"]})"/>'
            )

    # the qualification at the end of the road
    goal_start = MARGIN + len(column_levels) * (BOX_W + COL_GAP)
    goal_x = x_of(goal_start, GOAL_W)
    goal_y = top + HEADER
    done = evaluation.satisfied
    goal = ("المؤهل" if rtl else "Qualification") + (" ✓" if done else "")
    track_from = x_of(MARGIN + len(column_levels) * (BOX_W + COL_GAP) - COL_GAP, 0)
    track_to = goal_x + GOAL_W if rtl else goal_x
    out.append(
        f'<line class="roadmap-track" x1="{track_from:.0f}" y1="{goal_y + BOX_H / 2:.0f}" x2="{track_to:.0f}" '
        f'y2="{goal_y + BOX_H / 2:.0f}" stroke="#6b7280" stroke-width="2" marker-end="url(#{ids["arrow"]})"/>'
    )
    out.append(
        f'<g class="roadmap-goal{" roadmap-done" if done else ""}"><rect x="{goal_x:.0f}" y="{goal_y}" '
        f'width="{GOAL_W}" height="{BOX_H}" rx="28" fill="{FILL[DONE] if done else "#eef2ff"}" '
        f'stroke="{STROKE[DONE] if done else "#3730a3"}" stroke-width="3"/>'
        f'<text x="{goal_x + GOAL_W / 2:.0f}" y="{goal_y + 26}" text-anchor="middle" font-weight="bold" '
        f'fill="#111827">{escape(goal)}</text>'
        f'<text class="roadmap-credits" x="{goal_x + GOAL_W / 2:.0f}" y="{goal_y + 44}" text-anchor="middle" '
        f'font-size="12" fill="#1f2937">{escape(_credits_line(pathway, evaluation, lang))}</text></g>'
    )
    out.append("</svg>")
    return "".join(out)
