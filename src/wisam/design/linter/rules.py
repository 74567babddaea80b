"""The linter's rules, one function per concern; each yields findings with an Arabic and English fix.

Codes are stable (the quality checklists and the held-out tests refer to them):

- LO_*: learning outcomes (verbs, object and context, Bloom spread against the level, count, ESCO skills)
- VOLUME_*, LEVEL_*: level and volume (hours, ECTS and credit hours agree; ranges for a micro-credential)
- ALIGN_*, ASSESS_*: constructive alignment of outcomes, activities and assessments
- ANNEX_*: the EU Annex I elements; STACK_*: stackability; LANG_*: translations
- the rest of each building block: NEED_*, TARGET_*, DESIGN_*, ACTIVITY_*, QA_*, CRED_*, ACCESS_*, EVAL_*, KPI_*
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from wisam.design.linter.core import Finding, LintConfig, Severity, iter_texts, message, rule
from wisam.design.linter.snapshot import Spec, Text
from wisam.design.linter.verbs import (
    has_context,
    level_name,
    normalise_arabic,
    object_words,
    read_outcome,
)

B, W, INFO = Severity.BLOCKING, Severity.WARNING, Severity.INFO
LANGUAGE_NAMES = {"ar": {"en": "Arabic", "ar": "العربية"}, "en": {"en": "English", "ar": "الإنجليزية"}}


def _filled(value: Text) -> bool:
    return any(v.strip() for v in (value or {}).values())


# --- learning outcomes -------------------------------------------------------------------------------------------


@rule("LO_COUNT", block="outcomes", element="learning_outcomes")
def outcome_count(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """A micro-credential has between 3 and 8 learning outcomes."""
    count = len([o for o in spec.outcomes if _filled(o.text)])
    if count == 0:
        yield Finding(
            "LO_NONE",
            B,
            "outcomes",
            message(
                "There are no learning outcomes. Add {low} to {high} outcomes, each an action verb, an object and a "
                "context.",
                "لا توجد نواتج تعلّم. أضف من {low} إلى {high} نواتج، يتكوّن كل منها من فعل سلوكي وموضوع وسياق.",
                low=config.outcomes_min,
                high=config.outcomes_max,
            ),
            element="learning_outcomes",
            field="outcomes",
        )
    elif count < config.outcomes_min:
        yield Finding(
            "LO_TOO_FEW",
            B,
            "outcomes",
            message(
                "Only {count} learning outcome(s). A micro-credential needs at least {low}: add outcomes that cover "
                "what learners will be able to do.",
                "عدد نواتج التعلّم {count} فقط، والحد الأدنى {low}. أضف نواتج تغطي ما سيتمكن المتعلم من أدائه.",
                count=count,
                low=config.outcomes_min,
            ),
            element="learning_outcomes",
            field="outcomes",
        )
    elif count > config.outcomes_max:
        yield Finding(
            "LO_TOO_MANY",
            B,
            "outcomes",
            message(
                "{count} learning outcomes is too many for a micro-credential (at most {high}). Merge related "
                "outcomes or split the micro-credential in two.",
                "عدد النواتج {count} أكبر من اللازم لشهادة مصغّرة (الحد الأعلى {high}). ادمج النواتج المتقاربة أو "
                "قسّم الشهادة إلى شهادتين.",
                count=count,
                high=config.outcomes_max,
            ),
            element="learning_outcomes",
            field="outcomes",
        )


@rule("LO_VERB", block="outcomes", element="learning_outcomes")
def outcome_wording(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Each outcome starts with an observable action verb, then an object and a context; vague verbs are flagged."""
    for position, outcome in enumerate(spec.outcomes, start=1):
        target = f"outcome:{outcome.key}"
        if not _filled(outcome.text):
            yield Finding(
                "LO_EMPTY",
                W,
                "outcomes",
                message(
                    "Outcome {n} is empty: write it or remove it.",
                    "الناتج {n} فارغ: اكتبه أو احذفه.",
                    n=position,
                ),
                element="learning_outcomes",
                field="outcomes",
                target=target,
            )
            continue
        for language, value in iter_texts(outcome.text):
            lang = LANGUAGE_NAMES[language]
            match = read_outcome(value, language)
            if match.vague:
                yield Finding(
                    "LO_VERB_VAGUE",
                    B,
                    "outcomes",
                    message(
                        "Outcome {n} ({lang_en}) uses “{verb}”, which cannot be observed or assessed. Start with an "
                        "action verb that shows the learning, e.g. explain, apply, analyse, evaluate, design.",
                        "الناتج {n} ({lang_ar}) يستخدم «{verb}»، وهو فعل لا يمكن ملاحظته أو قياسه. ابدأ بفعل سلوكي "
                        "يُظهر التعلّم، مثل: يشرح، يطبّق، يحلّل، يقيّم، يصمّم.",
                        n=position,
                        verb=match.verb,
                        lang_en=lang["en"],
                        lang_ar=lang["ar"],
                    ),
                    element="learning_outcomes",
                    field="outcomes",
                    target=target,
                )
                continue
            if match.level is None:
                yield Finding(
                    "LO_VERB_UNKNOWN",
                    W,
                    "outcomes",
                    message(
                        "Outcome {n} ({lang_en}) does not start with a recognised action verb (found “{word}”). "
                        "Begin with an observable verb from Bloom's taxonomy, e.g. identify, apply, analyse, design.",
                        "الناتج {n} ({lang_ar}) لا يبدأ بفعل سلوكي معروف (وُجد «{word}»). ابدأ بفعل قابل للملاحظة من "
                        "تصنيف بلوم، مثل: يحدّد، يطبّق، يحلّل، يصمّم.",
                        n=position,
                        word=match.first_word or "—",
                        lang_en=lang["en"],
                        lang_ar=lang["ar"],
                    ),
                    element="learning_outcomes",
                    field="outcomes",
                    target=target,
                )
                continue
            words = object_words(match)
            if not words:
                yield Finding(
                    "LO_NO_OBJECT",
                    B,
                    "outcomes",
                    message(
                        "Outcome {n} ({lang_en}) has a verb but no object: say what the learner will {verb}.",
                        "الناتج {n} ({lang_ar}) فيه فعل دون موضوع: بيّن ما الذي سيقوم المتعلم بـ«{verb}».",
                        n=position,
                        verb=match.verb,
                        lang_en=lang["en"],
                        lang_ar=lang["ar"],
                    ),
                    element="learning_outcomes",
                    field="outcomes",
                    target=target,
                )
            elif not has_context(match):
                yield Finding(
                    "LO_NO_CONTEXT",
                    W,
                    "outcomes",
                    message(
                        "Outcome {n} ({lang_en}) has no context or standard. Add where, how or to what standard, "
                        "e.g. “… using spreadsheet software”, “… in a clinical setting”, “… according to the "
                        "national code”.",
                        "الناتج {n} ({lang_ar}) يخلو من السياق أو المعيار. أضف أين أو كيف أو وفق أي معيار، مثل: "
                        "«… باستخدام برنامج جداول البيانات»، «… في بيئة سريرية»، «… وفق الكود الوطني».",
                        n=position,
                        lang_en=lang["en"],
                        lang_ar=lang["ar"],
                    ),
                    element="learning_outcomes",
                    field="outcomes",
                    target=target,
                )
            if len(value.split()) > config.outcome_max_words:
                yield Finding(
                    "LO_TOO_LONG",
                    INFO,
                    "outcomes",
                    message(
                        "Outcome {n} ({lang_en}) is long ({words} words). Keep one outcome to one sentence; split "
                        "it if it describes several abilities.",
                        "الناتج {n} ({lang_ar}) طويل ({words} كلمة). اجعل كل ناتج جملة واحدة، وقسّمه إن كان يصف "
                        "أكثر من قدرة.",
                        n=position,
                        words=len(value.split()),
                        lang_en=lang["en"],
                        lang_ar=lang["ar"],
                    ),
                    element="learning_outcomes",
                    field="outcomes",
                    target=target,
                )


def _outcome_levels(spec: Spec) -> list[int]:
    """The Bloom level of each recognisable outcome: English first, else Arabic."""
    levels = []
    for outcome in spec.outcomes:
        found = None
        for language in ("en", "ar"):
            value = outcome.text.get(language, "")
            if value.strip():
                match = read_outcome(value, language)
                if match.level is not None:
                    found = match.level
                    break
        if found is not None:
            levels.append(found)
    return levels


@rule("LO_BLOOM", block="outcomes", element="level")
def bloom_spread(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """The spread of Bloom levels fits the EQF level: higher levels need outcomes beyond recall and comprehension."""
    levels = _outcome_levels(spec)
    if not levels or spec.eqf_level is None:
        return
    needed = config.min_top_bloom_by_eqf.get(spec.eqf_level, 1)
    top = max(levels)
    if top < needed:
        name = level_name(needed)
        found = level_name(top)
        yield Finding(
            "LO_BLOOM_TOO_LOW",
            B,
            "outcomes",
            message(
                "At EQF level {eqf} at least one outcome should reach “{need_en}” or higher; the highest here is "
                "“{top_en}”. Rewrite outcomes so learners apply, analyse, evaluate or create, as the level "
                "descriptors require.",
                "في المستوى {eqf} من الإطار الأوروبي يجب أن يبلغ ناتج واحد على الأقل مستوى «{need_ar}» أو أعلى؛ "
                "وأعلى مستوى هنا «{top_ar}». أعد صياغة النواتج بحيث يطبّق المتعلم أو يحلّل أو يقيّم أو يبتكر، كما "
                "تتطلب واصفات المستوى.",
                eqf=spec.eqf_level,
                need_en=name["en"],
                need_ar=name["ar"],
                top_en=found["en"],
                top_ar=found["ar"],
            ),
            element="level",
            field="outcomes",
        )
    if spec.eqf_level >= config.lower_order_from_eqf and len(levels) >= 2:
        lower = sum(1 for level in levels if level <= 2)
        if lower / len(levels) > config.lower_order_max_share:
            yield Finding(
                "LO_BLOOM_MOSTLY_LOWER",
                W,
                "outcomes",
                message(
                    "{lower} of {total} outcomes are at remember/understand level, which is low for EQF level {eqf}. "
                    "Turn some into outcomes where learners apply or analyse.",
                    "{lower} من أصل {total} نواتج في مستوى التذكّر/الفهم، وهذا منخفض للمستوى {eqf} من الإطار "
                    "الأوروبي. حوّل بعضها إلى نواتج يطبّق فيها المتعلم أو يحلّل.",
                    lower=lower,
                    total=len(levels),
                    eqf=spec.eqf_level,
                ),
                element="level",
                field="outcomes",
            )
    if spec.eqf_level <= 2 and top >= 5:
        yield Finding(
            "LO_BLOOM_ABOVE_LEVEL",
            INFO,
            "outcomes",
            message(
                "Outcomes at evaluate/create level are ambitious for EQF level {eqf}. Check that the level or the "
                "outcomes are right.",
                "نواتج في مستوى التقييم/الإبداع طموحة بالنسبة للمستوى {eqf}. تحقّق من صحة المستوى أو النواتج.",
                eqf=spec.eqf_level,
            ),
            element="level",
            field="eqf_level",
        )


@rule("LO_SKILL", block="outcomes", element="learning_outcomes")
def outcome_skills(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Each outcome is linked to at least one ESCO skill."""
    for position, outcome in enumerate(spec.outcomes, start=1):
        if _filled(outcome.text) and not outcome.skills:
            yield Finding(
                "LO_NO_SKILL",
                W,
                "outcomes",
                message(
                    "Outcome {n} is not linked to an ESCO skill. Search the skills picker (Arabic or English) and "
                    "link at least one, so employers and other systems can read it.",
                    "الناتج {n} غير مرتبط بأي مهارة من تصنيف ESCO. ابحث في منتقي المهارات (بالعربية أو الإنجليزية) "
                    "واربطه بمهارة واحدة على الأقل ليقرأه أصحاب العمل والأنظمة الأخرى.",
                    n=position,
                ),
                element="learning_outcomes",
                field="outcomes",
                target=f"outcome:{outcome.key}",
            )


@rule("LO_DUPLICATE", block="outcomes", element="learning_outcomes")
def outcome_duplicates(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Two outcomes should not say the same thing."""
    seen: dict[str, int] = {}
    for position, outcome in enumerate(spec.outcomes, start=1):
        for language, value in iter_texts(outcome.text):
            key = language + ":" + " ".join(normalise_arabic(value).lower().split())
            if key in seen:
                yield Finding(
                    "LO_DUPLICATE",
                    W,
                    "outcomes",
                    message(
                        "Outcome {n} repeats outcome {first}. Remove one or make them different.",
                        "الناتج {n} يكرّر الناتج {first}. احذف أحدهما أو ميّز بينهما.",
                        n=position,
                        first=seen[key],
                    ),
                    element="learning_outcomes",
                    field="outcomes",
                    target=f"outcome:{outcome.key}",
                )
                break
            seen[key] = position


# --- level and volume --------------------------------------------------------------------------------------------


@rule("LEVEL", block="level", element="level")
def level(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """The EQF level is given (Annex I), the NQF level too, and they correspond in the framework mapping."""
    if spec.eqf_level is None:
        yield Finding(
            "LEVEL_EQF_MISSING",
            B,
            "level",
            message(
                "Give the EQF level (1–8): it is a mandatory EU element. Compare the outcomes with the EQF level "
                "descriptors.",
                "حدّد مستوى الإطار الأوروبي للمؤهلات (1–8): إنه عنصر أوروبي إلزامي. قارن النواتج بواصفات المستويات.",
            ),
            element="level",
            field="eqf_level",
        )
    if spec.nqf_level is None:
        yield Finding(
            "LEVEL_NQF_MISSING",
            W,
            "level",
            message(
                "Give the Palestinian NQF level, so the micro-credential can be placed in the national framework.",
                "حدّد مستوى الإطار الوطني الفلسطيني للمؤهلات ليتسنّى إدراج الشهادة في الإطار الوطني.",
            ),
            element="level",
            field="nqf_level",
        )
    if spec.eqf_level is not None and spec.nqf_level is not None:
        expected = config.nqf_to_eqf.get(spec.nqf_level)
        if expected is not None and expected != spec.eqf_level:
            yield Finding(
                "LEVEL_NQF_EQF_MISMATCH",
                B,
                "level",
                message(
                    "NQF level {nqf} corresponds to EQF level {expected}, not {eqf}. Correct one of the two levels.",
                    "المستوى {nqf} في الإطار الوطني يقابل المستوى {expected} في الإطار الأوروبي وليس {eqf}. صحّح أحد "
                    "المستويين.",
                    nqf=spec.nqf_level,
                    expected=expected,
                    eqf=spec.eqf_level,
                ),
                element="level",
                field="eqf_level",
            )
    if not spec.isced_code:
        yield Finding(
            "LEVEL_FIELD_MISSING",
            INFO,
            "level",
            message(
                "Choose the ISCED-F field of study; it places the micro-credential in registers and statistics.",
                "اختر مجال الدراسة وفق تصنيف ISCED-F؛ فهو يحدّد موقع الشهادة في السجلات والإحصاءات.",
            ),
            field="isced_code",
        )


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


@rule("VOLUME", block="level", element="workload")
def volume(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Hours, ECTS and credit hours are given, agree with the framework's conversion and fit a micro-credential."""
    hours, ects, credit_hours = spec.notional_hours, spec.ects, spec.credit_hours
    if hours is None:
        yield Finding(
            "VOLUME_HOURS_MISSING",
            B,
            "level",
            message(
                "Give the notional workload in hours: all learning activities, self-study and assessment together.",
                "حدّد عبء التعلّم الافتراضي بالساعات: مجموع أنشطة التعلّم والدراسة الذاتية والتقييم.",
            ),
            element="workload",
            field="notional_hours",
        )
    if ects is None:
        yield Finding(
            "VOLUME_ECTS_MISSING",
            W if hours is not None else B,
            "level",
            message(
                "Give the workload in ECTS credits (the EU asks for ECTS wherever possible): 1 ECTS is 25–30 hours.",
                "حدّد العبء بوحدات ECTS (يطلبها الاتحاد الأوروبي حيثما أمكن): الوحدة الواحدة 25–30 ساعة.",
            ),
            element="workload",
            field="ects",
        )
    elif not config.ects_min <= ects <= config.ects_max:
        yield Finding(
            "VOLUME_ECTS_RANGE",
            B,
            "level",
            message(
                "{ects} ECTS is outside the range for a micro-credential ({low}–{high} ECTS). Resize the offer or "
                "design it as a programme.",
                "{ects} وحدة ECTS خارج النطاق المسموح للشهادة المصغّرة ({low}–{high}). عدّل حجم العرض أو صمّمه كبرنامج.",
                ects=_fmt(ects),
                low=_fmt(config.ects_min),
                high=_fmt(config.ects_max),
            ),
            element="workload",
            field="ects",
        )
    if hours is not None and ects is not None and ects > 0:
        low = ects * config.hours_per_ects_min * (1 - config.tolerance)
        high = ects * config.hours_per_ects_max * (1 + config.tolerance)
        if not low <= hours <= high:
            yield Finding(
                "VOLUME_HOURS_ECTS_MISMATCH",
                B,
                "level",
                message(
                    "{hours} hours do not match {ects} ECTS: at {min}–{max} hours per credit that is {low}–{high} "
                    "hours. Correct the hours or the credits.",
                    "{hours} ساعة لا تتوافق مع {ects} وحدة ECTS: بمعدل {min}–{max} ساعة للوحدة يكون العبء "
                    "{low}–{high} ساعة. صحّح الساعات أو الوحدات.",
                    hours=hours,
                    ects=_fmt(ects),
                    min=_fmt(config.hours_per_ects_min),
                    max=_fmt(config.hours_per_ects_max),
                    low=_fmt((ects * config.hours_per_ects_min).quantize(Decimal(1))),
                    high=_fmt((ects * config.hours_per_ects_max).quantize(Decimal(1))),
                ),
                element="workload",
                field="notional_hours",
            )
    if credit_hours is None:
        yield Finding(
            "VOLUME_CREDIT_HOURS_MISSING",
            INFO,
            "level",
            message(
                "Give the Palestinian credit hours as well, so local institutions can count the micro-credential.",
                "حدّد الساعات المعتمدة الفلسطينية أيضاً لتتمكن المؤسسات المحلية من احتساب الشهادة.",
            ),
            field="credit_hours",
        )
    elif ects is not None and ects > 0:
        expected = credit_hours * config.ects_per_credit_hour
        if abs(expected - ects) > max(ects * config.tolerance, Decimal("0.5")):
            yield Finding(
                "VOLUME_CREDIT_HOURS_MISMATCH",
                W,
                "level",
                message(
                    "{ch} credit hours convert to about {expected} ECTS, not {ects}. Check the conversion "
                    "(1 credit hour ≈ {ratio} ECTS).",
                    "{ch} ساعة معتمدة تعادل نحو {expected} وحدة ECTS وليس {ects}. راجع التحويل (الساعة المعتمدة ≈ "
                    "{ratio} وحدة ECTS).",
                    ch=_fmt(credit_hours),
                    expected=_fmt(expected.quantize(Decimal("0.1"))),
                    ects=_fmt(ects),
                    ratio=_fmt(config.ects_per_credit_hour),
                ),
                element="workload",
                field="credit_hours",
            )
    activity_hours = sum(a.hours or 0 for a in spec.activities)
    if hours is not None and activity_hours > hours:
        yield Finding(
            "VOLUME_ACTIVITIES_EXCEED",
            W,
            "learning_design",
            message(
                "The activities add up to {sum} hours, more than the notional workload of {hours} hours. Adjust one "
                "or the other.",
                "مجموع ساعات الأنشطة {sum} ساعة، وهو أكبر من عبء التعلّم الافتراضي البالغ {hours} ساعة. عدّل أحدهما.",
                sum=activity_hours,
                hours=hours,
            ),
            element="workload",
            field="activities",
        )
    if hours is not None and spec.duration_weeks and hours / spec.duration_weeks > config.max_weekly_hours:
        yield Finding(
            "VOLUME_WEEKLY_LOAD",
            W,
            "learning_design",
            message(
                "{hours} hours over {weeks} week(s) is more than {max} hours a week. Lengthen the duration or reduce "
                "the workload.",
                "{hours} ساعة خلال {weeks} أسبوع تزيد على {max} ساعة أسبوعياً. أطل المدة أو خفّف العبء.",
                hours=hours,
                weeks=spec.duration_weeks,
                max=config.max_weekly_hours,
            ),
            field="duration_weeks",
        )


# --- alignment ---------------------------------------------------------------------------------------------------


@rule("ALIGN", block="assessment", element="assessment_type")
def alignment(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Every outcome is assessed and developed by an activity; every assessment and activity serves an outcome."""
    outcomes = [o for o in spec.outcomes if _filled(o.text)]
    keys = {o.key for o in outcomes}
    assessed = {key for a in spec.assessments for key in a.outcomes}
    taught = {key for a in spec.activities for key in a.outcomes}
    for position, outcome in enumerate(spec.outcomes, start=1):
        if outcome.key not in keys:
            continue
        if spec.assessments and outcome.key not in assessed:
            yield Finding(
                "ALIGN_OUTCOME_NOT_ASSESSED",
                B,
                "assessment",
                message(
                    "Outcome {n} is not assessed. Link it to an assessment that shows the learner has achieved it.",
                    "الناتج {n} لا يُقيَّم. اربطه بتقييم يُثبت أن المتعلم حقّقه.",
                    n=position,
                ),
                element="assessment_type",
                field="assessments",
                target=f"outcome:{outcome.key}",
            )
        if spec.activities and outcome.key not in taught:
            yield Finding(
                "ALIGN_OUTCOME_NO_ACTIVITY",
                W,
                "learning_design",
                message(
                    "No learning activity develops outcome {n}. Link an activity to it.",
                    "لا يوجد نشاط تعلّم يطوّر الناتج {n}. اربط به نشاطاً.",
                    n=position,
                ),
                field="activities",
                target=f"outcome:{outcome.key}",
            )
    for position, assessment in enumerate(spec.assessments, start=1):
        if not set(assessment.outcomes) & keys:
            yield Finding(
                "ALIGN_ASSESSMENT_NO_OUTCOME",
                B,
                "assessment",
                message(
                    "Assessment {n} does not serve any learning outcome. Tick the outcomes it assesses, or remove it.",
                    "التقييم {n} لا يخدم أي ناتج تعلّم. حدّد النواتج التي يقيسها أو احذفه.",
                    n=position,
                ),
                element="assessment_type",
                field="assessments",
                target=f"assessment:{assessment.key}",
            )
    for position, activity in enumerate(spec.activities, start=1):
        if not set(activity.outcomes) & keys:
            yield Finding(
                "ALIGN_ACTIVITY_NO_OUTCOME",
                W,
                "learning_design",
                message(
                    "Activity {n} is not tied to any learning outcome. Tick the outcomes it develops, or remove it.",
                    "النشاط {n} غير مرتبط بأي ناتج تعلّم. حدّد النواتج التي يطوّرها أو احذفه.",
                    n=position,
                ),
                field="activities",
                target=f"activity:{activity.key}",
            )


@rule("ASSESS", block="assessment", element="assessment_type")
def assessments(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Assessments exist, have a method and criteria, and summative weightings add up to 100%."""
    if not spec.assessments:
        yield Finding(
            "ASSESS_NONE",
            B,
            "assessment",
            message(
                "There are no assessments. Add at least one assessment and link it to the outcomes it assesses.",
                "لا توجد تقييمات. أضف تقييماً واحداً على الأقل واربطه بالنواتج التي يقيسها.",
            ),
            element="assessment_type",
            field="assessments",
        )
        return
    summative = [a for a in spec.assessments if a.purpose != "formative"]
    if not summative:
        yield Finding(
            "ASSESS_NO_SUMMATIVE",
            B,
            "assessment",
            message(
                "Every assessment is formative. Credits are awarded only on assessed outcomes: add a summative "
                "assessment.",
                "كل التقييمات تكوينية. لا تُمنح الوحدات إلا بتقييم النواتج: أضف تقييماً ختامياً.",
            ),
            element="assessment_type",
            field="assessments",
        )
    weights = [a.weighting for a in summative if a.weighting is not None]
    if weights and sum(weights) != 100:
        yield Finding(
            "ASSESS_WEIGHTS_SUM",
            B,
            "assessment",
            message(
                "The weightings of the summative assessments add up to {sum}%, not 100%. Adjust them.",
                "مجموع أوزان التقييمات الختامية {sum}% وليس 100%. عدّلها.",
                sum=sum(weights),
            ),
            element="grade",
            field="assessments",
        )
    for position, assessment in enumerate(spec.assessments, start=1):
        target = f"assessment:{assessment.key}"
        if not assessment.method:
            yield Finding(
                "ASSESS_NO_METHOD",
                W,
                "assessment",
                message(
                    "Assessment {n} has no method. Choose one (project, practical demonstration, portfolio, ...).",
                    "التقييم {n} بلا طريقة. اختر طريقة (مشروع، أداء عملي، ملف إنجاز، ...).",
                    n=position,
                ),
                element="assessment_type",
                field="assessments",
                target=target,
            )
        if not _filled(assessment.criteria):
            yield Finding(
                "ASSESS_NO_CRITERIA",
                W,
                "assessment",
                message(
                    "Assessment {n} has no criteria or rubric. Say how performance is judged, so assessment is "
                    "transparent and valid.",
                    "التقييم {n} بلا معايير أو سلّم تقدير. بيّن كيف يُحكم على الأداء ليكون التقييم شفافاً وصادقاً.",
                    n=position,
                ),
                field="assessments",
                target=target,
            )


# --- completeness: the EU Annex I elements and the building blocks -----------------------------------------------

# (field, block, element, severity, en label, ar label); the mandatory Annex I elements of the offer.
_ANNEX_MANDATORY = (
    ("title", "recognition", "title", "the title", "العنوان"),
    ("awarding_body", "recognition", "awarding_body", "the awarding body", "الجهة المانحة"),
    ("awarding_country", "recognition", "country", "the country of the awarding body", "بلد الجهة المانحة"),
    ("participation_mode", "learning_design", "participation", "the form of participation", "شكل المشاركة"),
    ("qa_type", "quality", "quality_assurance", "the type of quality assurance", "نوع ضمان الجودة"),
)
_ANNEX_OPTIONAL = (
    ("prerequisites", "stackability", "prerequisites", "prerequisites", "المتطلبات السابقة"),
    ("supervision", "assessment", "supervision", "supervision and identity verification", "الإشراف والتحقق من الهوية"),
    ("grading_scheme", "assessment", "grade", "how the grade is given", "طريقة منح الدرجة"),
    ("stackability", "stackability", "stackability", "the stackability option", "خيار التراكم"),
    ("further_information", "recognition", "further_information", "further information", "المعلومات الإضافية"),
)
_BLOCK_FIELDS = (
    ("need", "need", "NEED_MISSING", "the labour-market or societal need", "حاجة سوق العمل أو المجتمع"),
    ("need_evidence", "need", "NEED_EVIDENCE_MISSING", "the evidence of the need", "الدليل على الحاجة"),
    ("target_group", "need", "TARGET_GROUP_MISSING", "the target group", "الفئة المستهدفة"),
    ("co_design_partners", "need", "NEED_PARTNERS_MISSING", "the co-design partners", "شركاء التصميم"),
    ("duration_weeks", "learning_design", "DESIGN_DURATION_MISSING", "the duration", "المدة"),
    ("languages", "learning_design", "DESIGN_LANGUAGES_MISSING", "the language(s) of instruction", "لغة التدريس"),
    ("learning_setting", "learning_design", "DESIGN_SETTING_MISSING", "the learning setting", "بيئة التعلّم"),
    ("external_qa_body", "quality", "QA_EXTERNAL_BODY_MISSING", "the external QA body", "جهة ضمان الجودة الخارجية"),
    ("review_cycle_months", "quality", "QA_REVIEW_CYCLE_MISSING", "the review cycle", "دورية المراجعة"),
    ("feedback_instruments", "quality", "QA_FEEDBACK_MISSING", "the feedback instruments", "أدوات جمع التغذية الراجعة"),
    ("credential_format", "recognition", "CRED_FORMAT_MISSING", "the credential format", "صيغة الشهادة"),
    ("entry_requirements", "access", "ACCESS_ENTRY_MISSING", "the entry requirements", "شروط الالتحاق"),
    (
        "inclusion_support",
        "access",
        "ACCESS_INCLUSION_MISSING",
        "inclusion and learner support",
        "الإدماج ودعم المتعلمين",
    ),
    ("guidance", "access", "ACCESS_GUIDANCE_MISSING", "information and guidance", "المعلومات والإرشاد"),
    ("next_review_date", "evaluation", "EVAL_REVIEW_DATE_MISSING", "the next review date", "تاريخ المراجعة القادمة"),
)


def _empty(spec: Spec, name: str) -> bool:
    value = getattr(spec, name)
    if isinstance(value, dict):
        return not _filled(value)
    return value in (None, "", ())


@rule("ANNEX", block="recognition")
def annex_elements(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Every mandatory EU Annex I element of the offer is present; the optional ones are suggested."""
    for name, block, element, en, ar in _ANNEX_MANDATORY:
        if _empty(spec, name):
            yield Finding(
                "ANNEX_MISSING",
                B,
                block,
                message(
                    "Give {label_en}: it is a mandatory element of the EU standard description of a micro-credential.",
                    "أدخل {label_ar}: إنه عنصر إلزامي في الوصف الأوروبي الموحّد للشهادة المصغّرة.",
                    label_en=en,
                    label_ar=ar,
                ),
                element=element,
                field=name,
            )
    if _empty(spec, "assessment_type") and not any(a.method for a in spec.assessments):
        yield Finding(
            "ANNEX_MISSING",
            B,
            "assessment",
            message(
                "Give the type of assessment (e.g. practical demonstration, project, examination): it is a mandatory "
                "EU element.",
                "حدّد نوع التقييم (مثل الأداء العملي أو المشروع أو الامتحان): إنه عنصر أوروبي إلزامي.",
            ),
            element="assessment_type",
            field="assessment_type",
        )
    for name, block, element, en, ar in _ANNEX_OPTIONAL:
        if _empty(spec, name):
            yield Finding(
                "ANNEX_OPTIONAL_MISSING",
                INFO,
                block,
                message(
                    "Consider giving {label_en} (an optional EU element that learners and employers look for).",
                    "يُستحسن إدخال {label_ar} (عنصر أوروبي اختياري يبحث عنه المتعلمون وأصحاب العمل).",
                    label_en=en,
                    label_ar=ar,
                ),
                element=element,
                field=name,
            )


@rule("COMPLETE", block="need")
def building_blocks(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """The rest of each building block is filled in: need, evidence, partners, learning design, access, KPIs."""
    for name, block, code, en, ar in _BLOCK_FIELDS:
        if _empty(spec, name):
            yield Finding(
                code,
                W,
                block,
                message("Add {label_en}.", "أضف {label_ar}.", label_en=en, label_ar=ar),
                field=name,
            )
    if _empty(spec, "fee_amount") and _empty(spec, "fee_notes"):
        yield Finding(
            "ACCESS_FEE_MISSING",
            W,
            "access",
            message(
                "State the fee (or that there is none, with any waivers).",
                "حدّد الرسوم (أو أنه لا رسوم، مع أي إعفاءات).",
            ),
            field="fee_amount",
        )
    if not spec.activities:
        yield Finding(
            "ACTIVITY_NONE",
            W,
            "learning_design",
            message(
                "Add the learning activities and link each to the outcomes it develops.",
                "أضف أنشطة التعلّم واربط كل نشاط بالنواتج التي يطوّرها.",
            ),
            field="activities",
        )
    if not spec.kpis:
        yield Finding(
            "KPI_NONE",
            W,
            "evaluation",
            message(
                "Add key performance indicators with targets (e.g. completion rate ≥ 80%, learner satisfaction).",
                "أضف مؤشرات أداء رئيسية بقيم مستهدفة (مثل نسبة إتمام ≥ 80%، رضا المتعلمين).",
            ),
            field="kpis",
        )
    if spec.next_review_date is not None and config.today is not None and spec.next_review_date < config.today:
        yield Finding(
            "EVAL_REVIEW_OVERDUE",
            W,
            "evaluation",
            message(
                "The review date {date} has passed. Review the micro-credential and set the next date.",
                "تاريخ المراجعة {date} قد مضى. راجع الشهادة وحدّد الموعد التالي.",
                date=spec.next_review_date.isoformat(),
            ),
            field="next_review_date",
        )
    if spec.grading_scheme and spec.grading_scheme != "pass_fail" and not _filled(spec.grading_description):
        yield Finding(
            "ASSESS_GRADING_RULES",
            INFO,
            "assessment",
            message(
                "Explain the grading rules (pass mark, grade bands).",
                "اشرح قواعد احتساب الدرجات (علامة النجاح وفئات التقدير).",
            ),
            element="grade",
            field="grading_description",
        )


@rule("STACK", block="stackability", element="stackability")
def stackability(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """An integrated (stackable) micro-credential names what it stacks towards."""
    if spec.stackability == "integrated" and not _filled(spec.stackable_towards):
        yield Finding(
            "STACK_TARGET_MISSING",
            B,
            "stackability",
            message(
                "The micro-credential is integrated and stackable, but does not say towards which qualification or "
                "programme. Name it and how many credits count.",
                "الشهادة مدمجة وقابلة للتراكم، لكنها لا تذكر المؤهل أو البرنامج الذي تتراكم نحوه. اذكره وعدد "
                "الوحدات المحتسبة.",
            ),
            element="stackability",
            field="stackable_towards",
        )


_TRANSLATED = (
    ("title", "recognition"),
    ("awarding_body", "recognition"),
    ("need", "need"),
    ("target_group", "need"),
    ("assessment_type", "assessment"),
    ("qa_type", "quality"),
    ("prerequisites", "stackability"),
    ("stackable_towards", "stackability"),
    ("entry_requirements", "access"),
    ("inclusion_support", "access"),
)


@rule("LANG", block="recognition")
def translations(spec: Spec, config: LintConfig) -> Iterator[Finding]:
    """Texts are given in Arabic and in English."""

    def missing(value: Text) -> list[str]:
        return [code for code in ("ar", "en") if not (value or {}).get(code, "").strip()] if _filled(value) else []

    for name, block in _TRANSLATED:
        for code in missing(getattr(spec, name)):
            yield Finding(
                "LANG_TRANSLATION_MISSING",
                W,
                block,
                message(
                    "“{field}” has no {lang_en} text. Add it: Wisam publishes specifications in Arabic and English.",
                    "الحقل «{field}» بلا نص {lang_ar}. أضفه: ينشر وسام المواصفات بالعربية والإنجليزية.",
                    field=name.replace("_", " "),
                    lang_en=LANGUAGE_NAMES[code]["en"],
                    lang_ar="بالعربية" if code == "ar" else "بالإنجليزية",
                ),
                field=name,
            )
    for position, outcome in enumerate(spec.outcomes, start=1):
        for code in missing(outcome.text):
            yield Finding(
                "LANG_TRANSLATION_MISSING",
                W,
                "outcomes",
                message(
                    "Outcome {n} has no {lang_en} text. Add it.",
                    "الناتج {n} بلا نص {lang_ar}. أضفه.",
                    n=position,
                    lang_en=LANGUAGE_NAMES[code]["en"],
                    lang_ar="بالعربية" if code == "ar" else "بالإنجليزية",
                ),
                element="learning_outcomes",
                field="outcomes",
                target=f"outcome:{outcome.key}",
            )
