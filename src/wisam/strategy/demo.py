"""The strategy demo: for every demo institution a team with its RACI matrix, a strategy, a stakeholder map and two
maturity self-assessments a year apart with a roadmap; the national register and the recommendations tracker.

Runs after the institutions' (and design's) demo; idempotent: what is already there is left alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from wisam.core.i18n import bilingual, translated
from wisam.institutions.models import Membership, Organisation, User
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS, Role
from wisam.strategy import services
from wisam.strategy.models import (
    Engagement,
    MaturityAssessment,
    MaturityDimension,
    Recommendation,
    Stakeholder,
    Strategy,
    TeamMember,
)
from wisam.strategy.vocab import (
    ActionStatus,
    BusinessModel,
    CreditBearing,
    EngagementKind,
    LeadershipStyle,
    RecommendationStatus,
    StakeholderType,
    StructureModel,
    TeamRole,
)

# Which team roles each institution role takes on in the demo (an institution adapts this to its people).
TEAM_ROLES_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.INSTITUTIONAL_APPROVER: (TeamRole.STRATEGIC_LEAD,),
    Role.MC_DESIGNER: (TeamRole.ACADEMIC_LEAD, TeamRole.INSTRUCTIONAL_DESIGN),
    Role.QA_OFFICER: (TeamRole.QA_LEAD,),
    Role.REGISTRAR: (TeamRole.REGISTRAR, TeamRole.CREDENTIALING_IT),
}
LEARNER_REPRESENTATIVES = {
    "karmil": "huda@learner.example",
    "zaytoun": "khaled@learner.example",
    "nour-open": "yazan@learner.example",
    "bahr-college": "noor@learner.example",
    "mahd-college": "mariam@learner.example",
}
# Smaller institutions have not yet named a QA lead in their team: their team page shows the gap.
WITHOUT_QA_LEAD = {"marj-cc", "bahr-college"}

DIMENSIONS = (
    "strategy-leadership",
    "governance-team",
    "design-pedagogy",
    "quality-assurance",
    "stakeholder-engagement",
    "recognition-stackability",
    "digital-credentialing",
    "learner-support",
    "data-improvement",
    "business-model",
)
# (first assessment, a year later): the level per dimension, in the order above.
PROFILES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "karmil": ((2, 2, 3, 3, 2, 2, 2, 2, 1, 2), (3, 3, 3, 4, 3, 2, 3, 3, 2, 2)),
    "zaytoun": ((2, 1, 2, 3, 2, 1, 1, 2, 1, 1), (3, 2, 3, 3, 3, 2, 2, 2, 2, 2)),
    "nour-open": ((1, 1, 2, 2, 1, 1, 2, 3, 1, 1), (2, 2, 3, 2, 2, 1, 3, 3, 2, 2)),
    "sahel-tech": ((1, 1, 2, 2, 2, 1, 1, 1, 1, 1), (2, 2, 2, 2, 3, 2, 2, 2, 1, 2)),
    "bahr-college": ((1, 1, 1, 2, 1, 1, 1, 2, 1, 1), (2, 1, 2, 2, 2, 1, 1, 2, 1, 1)),
    "mahd-college": ((1, 2, 2, 2, 2, 1, 1, 2, 1, 2), (2, 2, 2, 3, 3, 1, 2, 2, 2, 2)),
    "marj-cc": ((1, 1, 1, 1, 2, 1, 1, 1, 1, 1), (1, 2, 2, 2, 2, 1, 1, 2, 1, 1)),
    "ariha-cc": ((1, 1, 2, 1, 2, 1, 1, 2, 1, 2), (2, 2, 2, 2, 3, 1, 1, 2, 1, 2)),
}
EMPLOYER_FOR = {
    "karmil": "zaytouna-soft",
    "zaytoun": "amal-hospital",
    "nour-open": "zaytouna-soft",
    "sahel-tech": "engineers-council",
    "bahr-college": "bina-contracting",
    "mahd-college": "mahd-hotels",
    "marj-cc": "qalqilya-foods",
    "ariha-cc": "mahd-hotels",
}


def _people(organisation: Organisation, role: str) -> list[User]:
    return [
        m.user for m in Membership.objects.current().filter(organisation=organisation, role=role).select_related("user")
    ]


def _approver(organisation: Organisation) -> User | None:
    people = _people(organisation, Role.INSTITUTIONAL_APPROVER)
    return people[0] if people else None


def _team(organisation: Organisation, actor: Any) -> None:
    if TeamMember.objects.filter(organisation=organisation).exists():
        return
    for role, team_roles in TEAM_ROLES_BY_ROLE.items():
        for user in _people(organisation, role)[:1]:
            for team_role in team_roles:
                if team_role == TeamRole.QA_LEAD and organisation.slug in WITHOUT_QA_LEAD:
                    continue
                services.team_member_add(organisation=organisation, user=user, team_role=team_role, actor=actor)
    admins = _people(organisation, Role.INSTITUTION_ADMIN)
    if admins:
        for team_role in (TeamRole.FINANCE, TeamRole.EMPLOYER_LIAISON):
            services.team_member_add(organisation=organisation, user=admins[0], team_role=team_role, actor=actor)
    learner = User.objects.filter(email=LEARNER_REPRESENTATIVES.get(organisation.slug, "")).first()
    if learner is not None and hasattr(learner, "learner_profile"):
        services.team_member_add(
            organisation=organisation, user=learner, team_role=TeamRole.LEARNER_REPRESENTATIVE, actor=actor
        )
    services.raci_apply_suggested(organisation=organisation, actor=actor)


def _canvas(organisation: Organisation, actor: Any) -> None:
    if Strategy.objects.filter(organisation=organisation).exists():
        return
    ar, en = translated(organisation.name, "ar"), translated(organisation.name, "en")
    employer = EMPLOYER_FOR.get(organisation.slug, "")
    first = {
        "rationale": bilingual(
            f"تستخدم {ar} الشهادات المصغّرة لخدمة المتعلمين العاملين وسد فجوات المهارات في سوق العمل المحلي.",
            f"{en} uses micro-credentials to serve working learners and close skills gaps in the local labour market.",
        ),
        "drivers": bilingual(
            "طلب المشغّلين على مهارات رقمية؛ سياسة الوزارة؛ التعلم مدى الحياة؛ تمويل المشاريع الأوروبية.",
            "Employer demand for digital skills; ministry policy; lifelong learning; EU project funding.",
        ),
        "restraining_forces": bilingual(
            "غياب إطار وطني مكتمل للاعتراف؛ عبء التدريس؛ أنظمة تسجيل غير مهيأة.",
            "No complete national recognition framework yet; teaching workload; student systems not ready.",
        ),
        "fit": bilingual(
            "من خلال مركز التعليم المستمر، بالتوازي مع برامج البكالوريوس.",
            "Through the continuing-education centre, alongside the bachelor programmes.",
        ),
        "credit_bearing": CreditBearing.BOTH,
        "stackable": True,
        "size": bilingual("2–6 ساعات معتمدة (3–10 ECTS)", "2–6 credit hours (3–10 ECTS)"),
        "leadership_style": LeadershipStyle.TRANSACTIONAL,
        "leadership": bilingual(
            "نائب الرئيس للتخطيط يقود، ومركز التعليم المستمر ينفذ.",
            "The vice-president for planning leads; the continuing-education centre delivers.",
        ),
        "structure_model": StructureModel.HYBRID,
        "structures": bilingual(
            "فريق مركزي صغير (الجودة، التسجيل، تقنية المعلومات، المالية) والكليات تصمم وتدرّس.",
            "A small central team (QA, registry, IT, finance); faculties design and teach.",
        ),
        "business_model": BusinessModel.INDUSTRY_PARTNERSHIP if employer else BusinessModel.SOLE_INSTITUTION,
        "business_case": bilingual(
            "رسوم مدعومة جزئيًا من الشركاء، وهدف تغطية التكلفة خلال ثلاث سنوات.",
            "Fees partly sponsored by partners; cost recovery targeted within three years.",
        ),
        "risks": bilingual(
            "ضعف الاعتراف من المشغّلين؛ انقطاع الاتصال؛ استنزاف الكادر.",
            "Weak employer recognition; connectivity disruptions; staff burnout.",
        ),
        "horizon_1": bilingual("ثلاث شهادات مصغّرة معتمدة.", "Three accredited micro-credentials."),
        "horizon_2": bilingual("مسار تجميع نحو دبلوم مهني.", "A stacking pathway towards a professional diploma."),
        "horizon_3": bilingual(
            "شهادات مشتركة مع جامعات أوروبية ومحافظ رقمية.",
            "Joint micro-credentials with European universities and wallets.",
        ),
    }
    services.strategy_save(organisation=organisation, data=first, actor=actor, change_note="First version")
    if organisation.slug in {"karmil", "zaytoun"}:
        second = dict(first)
        second["leadership_style"] = LeadershipStyle.TRANSFORMATIVE
        second["leadership"] = bilingual(
            "لجنة توجيه برئاسة نائب الرئيس تضم العمداء وممثلي المشغّلين والطلبة؛ القيادة تستمع وتربط وتستثمر ثم تقود.",
            "A steering committee chaired by the vice-president with deans, employers and students: leaders listen, "
            "link, leverage and then lead.",
        )
        services.strategy_save(
            organisation=organisation,
            data=second,
            actor=actor,
            change_note="After the 2025 webinar: steering committee",
        )


def _register(organisation: Organisation, organisations: dict[str, Organisation], actor: Any) -> None:
    if Stakeholder.objects.filter(organisation=organisation).exists():
        return
    employer = organisations.get(EMPLOYER_FOR.get(organisation.slug, ""))
    entries: list[tuple[dict[str, str], str, Organisation | None, int, int, list[tuple[str, dict[str, str]]]]] = [
        (
            bilingual("هيئة الاعتماد والجودة", "AQAC"),
            StakeholderType.AQAC,
            organisations.get("aqac"),
            5,
            4,
            [("accreditation", bilingual("تعتمد الشهادات المصغّرة", "Accredits the micro-credentials"))],
        ),
        (
            bilingual("وزارة التعليم العالي", "Ministry of Higher Education"),
            StakeholderType.MINISTRY,
            organisations.get("mohe"),
            5,
            3,
            [("nqf_register", bilingual("تسجلها في الإطار الوطني", "Places them on the NQF"))],
        ),
        (
            bilingual("مجلس الطلبة", "Student council"),
            StakeholderType.LEARNERS,
            None,
            2,
            5,
            [("feedback", bilingual("يشارك في الاستبانات ومجموعات التركيز", "Takes part in surveys and focus groups"))],
        ),
        (
            bilingual("الغرفة التجارية", "Chamber of commerce"),
            StakeholderType.CHAMBER,
            None,
            3,
            3,
            [("need_codesign", bilingual("ينقل حاجات المهارات لدى الأعضاء", "Relays members' skills needs"))],
        ),
        (
            bilingual("جمعية شبابية محلية", "Local youth NGO"),
            StakeholderType.NGO,
            None,
            1,
            3,
            [],
        ),
    ]
    if employer is not None:
        entries.insert(
            2,
            (
                dict(employer.name),
                StakeholderType.EMPLOYER if employer.kind == "employer" else StakeholderType.PROFESSIONAL_BODY,
                employer,
                3,
                5,
                [
                    ("need_codesign", bilingual("يشارك في تصميم المخرجات", "Co-designs the outcomes")),
                    ("delivery", bilingual("يستضيف التدريب العملي", "Hosts the work-based learning")),
                ],
            ),
        )
    created = []
    for name, kind, represents, influence, interest, responsibilities in entries:
        stakeholder = services.stakeholder_create(
            organisation=organisation,
            actor=actor,
            name=name,
            kind=kind,
            represents=represents,
            influence=influence,
            interest=interest,
        )
        for stage, text in responsibilities:
            services.responsibility_add(stakeholder=stakeholder, stage=stage, description=text, actor=actor)
        created.append(stakeholder)
    today = timezone.localdate()
    workshop = services.engagement_record(
        organisation=organisation,
        kind=EngagementKind.CODESIGN_WORKSHOP,
        title=bilingual("ورشة تصميم مشترك مع المشغّلين", "Co-design workshop with employers"),
        held_on=today - timedelta(days=200),
        stage="need_codesign",
        stakeholders=[
            s
            for s in created
            if s.kind in (StakeholderType.EMPLOYER, StakeholderType.PROFESSIONAL_BODY, StakeholderType.CHAMBER)
        ],
        participants=14,
        outcomes=bilingual(
            "اتفاق على مخرجات التعلم ومهام التقييم العملية.",
            "Agreement on the learning outcomes and practical assessment tasks.",
        ),
        actor=actor,
    )
    services.engagement_record(
        organisation=organisation,
        kind=EngagementKind.FOCUS_GROUP,
        title=bilingual("مجموعة تركيز مع المتعلمين العاملين", "Focus group with working learners"),
        held_on=today - timedelta(days=120),
        stage="feedback",
        stakeholders=[s for s in created if s.kind == StakeholderType.LEARNERS],
        participants=9,
        outcomes=bilingual("طلب مواعيد مسائية ومحتوى مدمج.", "Asked for evening sessions and blended content."),
        actor=actor,
    )
    model = services.linkable_model("design.microcredential")
    if model is not None:
        for target in model._default_manager.filter(organisation=organisation)[:2]:
            services.outcome_link_add(engagement=workshop, target=target, actor=actor)


def _assessments(organisation: Organisation, actor: Any) -> None:
    if organisation.slug not in PROFILES or MaturityAssessment.objects.filter(organisation=organisation).exists():
        return
    model = services.current_model()
    if model is None:
        return
    dimensions = {d.key: d for d in MaturityDimension.objects.filter(model=model).prefetch_related("indicators")}
    latest_day = timezone.localdate() - timedelta(days=20)
    assessment = None
    for offset, levels in ((365, PROFILES[organisation.slug][0]), (0, PROFILES[organisation.slug][1])):
        assessed_on: date = latest_day - timedelta(days=offset)
        assessment = services.assessment_start(
            organisation=organisation, actor=actor, model=model, assessed_on=assessed_on
        )
        ratings: dict[int, dict[str, Any]] = {}
        for index, key in enumerate(DIMENSIONS):
            level = levels[index]
            for position, indicator in enumerate(dimensions[key].indicators.all()):
                rated = min(level + 1, 5) if position == 2 and index % 2 == 0 else level
                ratings[indicator.pk] = {
                    "level": rated,
                    "evidence": f"وثيقة داعمة {assessed_on.year}-{index + 1}.{position + 1}" if rated >= 2 else "",
                }
        services.assessment_rate(assessment=assessment, ratings=ratings, actor=actor)
        assessment = services.assessment_submit(assessment=assessment, actor=actor)
    if assessment is not None:
        actions = services.roadmap_propose(assessment=assessment, actor=actor, today=latest_day + timedelta(days=1))
        for action, status in zip(actions[:2], (ActionStatus.IN_PROGRESS, ActionStatus.PLANNED), strict=False):
            services.roadmap_action_update(action=action, actor=actor, status=status)


def _national(organisations: dict[str, Organisation]) -> None:
    mohe = organisations.get("mohe")
    if mohe is None or Stakeholder.objects.filter(organisation=mohe).exists():
        return
    analyst = _people(mohe, Role.MINISTRY_ANALYST)
    actor = analyst[0] if analyst else None
    national: list[tuple[dict[str, str], str, str, int, int, list[tuple[str, dict[str, str]]]]] = [
        (
            bilingual("هيئة الاعتماد والجودة", "AQAC"),
            StakeholderType.AQAC,
            "aqac",
            5,
            5,
            [
                (
                    "accreditation",
                    bilingual("تعتمد الشهادات المصغّرة ومقدميها", "Accredits micro-credentials and providers"),
                ),
                (
                    "nqf_register",
                    bilingual("تنشر السجل العام وقائمة الثقة", "Publishes the public register and trust list"),
                ),
            ],
        ),
        (
            bilingual("وزارة العمل", "Ministry of Labour"),
            StakeholderType.MINISTRY,
            "mol",
            4,
            4,
            [
                ("need_codesign", bilingual("توفر معلومات سوق العمل", "Provides labour-market intelligence")),
            ],
        ),
        (
            bilingual("مجلس المهن الهندسية", "Council of Engineering Professions"),
            StakeholderType.PROFESSIONAL_BODY,
            "engineers-council",
            4,
            3,
            [
                ("stacking", bilingual("يعترف بالشهادات للتطوير المهني", "Recognises micro-credentials for CPD")),
            ],
        ),
        (
            bilingual("اتحاد الغرف التجارية", "Federation of Chambers of Commerce"),
            StakeholderType.CHAMBER,
            "",
            3,
            4,
            [
                ("need_codesign", bilingual("ينسق حاجات القطاع الخاص", "Coordinates private-sector needs")),
            ],
        ),
        (
            bilingual("المتعلمون الكبار والعاملون", "Adult and working learners"),
            StakeholderType.LEARNERS,
            "",
            2,
            5,
            [
                ("wallet", bilingual("يحملون الشهادات ويشاركونها", "Hold and share their credentials")),
                ("feedback", bilingual("يقيّمون البرامج", "Rate the programmes")),
            ],
        ),
        (
            bilingual("فريق خبراء إصلاح التعليم العالي (HERE)", "National Erasmus+ HERE team"),
            StakeholderType.NGO,
            "",
            3,
            5,
            [
                ("need_codesign", bilingual("ينظم ورش السياسات", "Runs policy workshops")),
            ],
        ),
    ]
    for slug in sorted(organisations):
        organisation = organisations[slug]
        if organisation.kind in HIGHER_EDUCATION_KINDS:
            national.append((dict(organisation.name), StakeholderType.INSTITUTION, slug, 3, 4, []))
    for slug in ("zaytouna-soft", "amal-hospital", "mahd-hotels"):
        if slug in organisations:
            national.append((dict(organisations[slug].name), StakeholderType.EMPLOYER, slug, 2, 4, []))
    created = []
    for name, kind, slug, influence, interest, responsibilities in national:
        stakeholder = services.stakeholder_create(
            organisation=mohe,
            actor=actor,
            name=name,
            kind=kind,
            represents=organisations.get(slug) if slug else None,
            influence=influence,
            interest=interest,
        )
        for stage, text in responsibilities:
            services.responsibility_add(stakeholder=stakeholder, stage=stage, description=text, actor=actor)
        created.append(stakeholder)
    consultation = services.engagement_record(
        organisation=mohe,
        kind=EngagementKind.CONSULTATION,
        title=bilingual(
            "ورشة الشهادات المصغّرة الوطنية (22–23 أيلول 2025)",
            "National micro-credentials webinar (22–23 September 2025)",
        ),
        held_on=date(2025, 9, 23),
        stage="need_codesign",
        stakeholders=created,
        participants=60,
        outcomes=bilingual(
            "توصيات لمسودة الإرشادات الوطنية للاعتماد وخمس نتائج متوقعة.",
            "Recommendations for the draft national accreditation guidelines and five expected results.",
        ),
        actor=actor,
    )
    for label in ("accreditation.guideline", "strategy.maturitymodel"):
        model = services.linkable_model(label)
        if model is not None:
            target = model._default_manager.order_by("pk").first()
            if target is not None:
                services.outcome_link_add(engagement=consultation, target=target, actor=actor)


def _recommendations(organisations: dict[str, Organisation]) -> None:
    mohe = organisations.get("mohe")
    if Recommendation.objects.exists():
        return
    analyst = _people(mohe, Role.MINISTRY_ANALYST)[0] if mohe and _people(mohe, Role.MINISTRY_ANALYST) else None
    seeded = services.recommendations_seed(owner=mohe, actor=analyst)
    by_code = {r.code: r for r in seeded}
    aqac = organisations.get("aqac")
    if "REC-1" in by_code:
        services.recommendation_update(
            recommendation=by_code["REC-1"],
            actor=analyst,
            owner=aqac or mohe,
            status=RecommendationStatus.IN_PROGRESS,
            due_on=date(2026, 12, 31),
        )
        services.recommendation_evidence_add(
            recommendation=by_code["REC-1"],
            title=bilingual("مسودة الإرشادات الوطنية في وسام", "Draft national guidelines in Wisam"),
            url="https://wisam.example/accreditation/",
            actor=analyst,
        )
    if "REC-4" in by_code:
        services.recommendation_update(
            recommendation=by_code["REC-4"], actor=analyst, status=RecommendationStatus.IN_PROGRESS
        )
        services.recommendation_evidence_add(
            recommendation=by_code["REC-4"],
            title=bilingual("السجل الوطني لأصحاب المصلحة", "National stakeholder register"),
            url=f"https://wisam.example/strategy/{mohe.slug if mohe else 'mohe'}/stakeholders/",
            actor=analyst,
        )


def _consultation(organisations: dict[str, Organisation]) -> None:
    """AQAC has drafted v2 of the maturity model and opened it for comments; one comment is already answered."""
    from wisam.strategy import consultation
    from wisam.strategy.models import Consultation

    aqac = organisations.get("aqac")
    officers = _people(aqac, Role.AQAC_OFFICER) if aqac else []
    model = services.current_model()
    if not officers or model is None or Consultation.objects.exists():
        return
    officer = officers[0]
    draft = services.maturity_model_new_version(model=model, actor=officer)
    opened = consultation.consultation_open(
        target=draft,
        title=bilingual("مشاورة على مسودة نموذج النضج (الإصدار 2)", "Consultation on the draft maturity model (v2)"),
        closes_on=timezone.localdate() + timedelta(days=30),
        actor=officer,
    )
    entries = {key: text for key, text, _group in consultation.items(draft)}
    commenters = [
        ("qa@karmil.example", "data-improvement-2", "نقترح إضافة استبانة ما بعد ستة أشهر من الإصدار لقياس الأثر."),
        ("hr@zaytouna-soft.example", "stakeholder-engagement-2", "Employers should co-sign the assessment tasks."),
    ]
    for index, (email, key, text) in enumerate(commenters):
        user = User.objects.filter(email=email).first()
        if user is None or key not in entries:
            continue
        comment = consultation.consultation_comment(consultation=opened, item_key=key, text=text, actor=user)
        if index == 0:
            consultation.consultation_respond(
                comment=comment,
                response="مقبول: أضفنا الاستبانة اللاحقة إلى الأدلة المطلوبة.",
                outcome="accepted",
                actor=officer,
            )


def load(context: dict[str, Any]) -> None:
    services.maturity_model_load()
    organisations: dict[str, Organisation] = context.get("organisations") or {
        o.slug: o for o in Organisation.objects.all()
    }
    for slug in sorted(organisations):
        organisation = organisations[slug]
        if organisation.kind not in HIGHER_EDUCATION_KINDS:
            continue
        actor = _approver(organisation)
        _team(organisation, actor)
        _canvas(organisation, actor)
        _register(organisation, organisations, actor)
        _assessments(organisation, actor)
    _national(organisations)
    _recommendations(organisations)
    _consultation(organisations)
    context["strategy"] = {
        "teams": TeamMember.objects.values("organisation").distinct().count(),
        "assessments": MaturityAssessment.objects.count(),
        "engagements": Engagement.objects.count(),
    }
