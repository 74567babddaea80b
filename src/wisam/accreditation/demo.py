"""The accreditation demo: the guideline, evaluators, applications in every state, the register and the trust list.

Runs after the design and quality demos. Every demo higher-education institution gets two accredited
micro-credentials (taken through the real AQAC workflow); Al-Karmil University may self-accredit (ICT and business,
up to EQF 6) and has registered one micro-credential by notification; one accreditation has expired and one is
suspended. Applications stand in every state of the workflow. The specifications it needs are created through the
design services (small, complete specifications). Idempotent: what exists is left alone.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from wisam.accreditation import services
from wisam.accreditation.models import (
    Accreditation,
    AccreditationStatusChange,
    Application,
    Evaluator,
    RegisterStatus,
    SelfAccreditation,
)
from wisam.accreditation.workflow import ApplicationState as S
from wisam.institutions.models import Membership, Organisation, User
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS, Role

logger = logging.getLogger(__name__)

TOPICS: list[tuple[str, str, str, str, int]] = [
    # (code suffix, Arabic title, English title, ISCED-F, EQF)
    ("CYBER", "أساسيات الأمن السيبراني للمؤسسات", "Cybersecurity essentials for organisations", "0612", 5),
    ("MKTG", "التسويق الرقمي للمشاريع الصغيرة", "Digital marketing for small businesses", "0414", 5),
    ("FIRSTAID", "الإسعافات الأولية في أماكن العمل", "First aid in the workplace", "0912", 4),
    ("SOLAR", "تركيب أنظمة الطاقة الشمسية وصيانتها", "Installing and maintaining solar energy systems", "0713", 5),
    ("ACCT", "المحاسبة الإلكترونية للشركات", "Computerised accounting for companies", "0411", 5),
    ("IRRIG", "إدارة الري الذكي في الزراعة", "Smart irrigation management in agriculture", "0811", 5),
    ("HOSP", "خدمة الضيوف في الفنادق", "Guest services in hotels", "1013", 4),
    ("TOUR", "الإرشاد السياحي في المواقع التراثية", "Tour guiding at heritage sites", "1015", 5),
    ("ELEARN", "تصميم المقررات الإلكترونية", "Designing online courses", "0111", 6),
    ("NURSE", "رعاية المسنين في المنزل", "Home care for older people", "0913", 5),
    ("APPS", "تطوير تطبيقات الهاتف المحمول", "Mobile app development", "0613", 5),
    ("ENG", "اللغة الإنجليزية لبيئة العمل", "English for the workplace", "0231", 4),
    ("ENTRE", "ريادة الأعمال الاجتماعية", "Social entrepreneurship", "0413", 5),
    ("AI", "مقدمة في الذكاء الاصطناعي التطبيقي", "Introduction to applied artificial intelligence", "0619", 6),
    ("PM", "إدارة المشاريع التنموية", "Managing development projects", "0413", 6),
    ("DATA", "تحليل البيانات لصنع القرار", "Data analysis for decision making", "0613", 5),
]
# Applications standing in each state of the workflow (one each; "published" ones come from the accredited pairs).
STATES = [
    S.DRAFT,
    S.SCREENING,
    S.RETURNED,
    S.PANEL,
    S.EVALUATION,
    S.DECISION,
    S.CONDITIONS,
    S.ACCREDITED,
    S.DEFERRED,
    S.REFUSED,
    S.APPEAL,
    S.CLOSED,
    S.WITHDRAWN,
]


def _t(ar: str, en: str) -> dict[str, str]:
    return {"ar": ar, "en": en}


def _person(organisation: Organisation, *roles: str) -> User | None:
    membership = (
        Membership.objects.current().filter(organisation=organisation, role__in=roles).select_related("user").first()
    )
    return membership.user if membership else None


def _aqac(role: str) -> User | None:
    membership = Membership.objects.current().filter(role=role).select_related("user").order_by("user__email").first()
    return membership.user if membership else None


# The ESCO skills (English preferred labels) a demo micro-credential of each ISCED-F field teaches: its outcomes
# link them, so the national alignment dashboard has taught skills to set against employers' needs.
DEMO_SKILLS: dict[str, tuple[str, ...]] = {
    "0619": ("machine learning", "Python (computer programming)"),
    "0613": ("perform data analysis", "Python (computer programming)"),
    "0612": ("manage system security", "ICT network security risks"),
    "0414": ("marketing analytics",),
    "0413": ("Agile project management",),
    "0111": ("deliver online training",),
    "0811": ("maintain irrigation controllers",),
    "0713": ("design electrical systems",),
}


def _skill_uris(isced: str) -> list[str]:
    from wisam.frameworks.models import EscoSkill

    found = (EscoSkill.objects.filter(label__en=label).first() for label in DEMO_SKILLS.get(isced, ()))
    return [skill.uri for skill in found if skill is not None]


# Offers differ in size, mode and language, as a national register's do: (ECTS, notional hours, weeks, credit hours,
# mode, languages) by topic, so that the supply dashboard fills every band. Topics the pathways demo stacks keep the
# default (its pathways count on their credits).
DEFAULT_PROFILE: tuple[str, int, int, str, str, tuple[str, ...]] = ("5", 125, 8, "3", "blended", ("ar", "en"))
PROFILES: dict[str, tuple[str, int, int, str, str, tuple[str, ...]]] = {
    "MKTG": ("1.5", 40, 3, "1", "online", ("ar",)),
    "SOLAR": ("10", 250, 12, "7", "onsite", ("ar",)),
    "ACCT": ("5", 130, 8, "3", "onsite", ("ar",)),
    "IRRIG": ("3", 75, 5, "2", "onsite", ("ar", "en")),
    "HOSP": ("1.5", 40, 3, "1", "onsite", ("ar", "en")),
    "TOUR": ("3", 80, 6, "2", "online", ("ar", "en")),
    "ELEARN": ("3", 75, 5, "2", "online", ("ar",)),
    "ENG": ("5", 125, 10, "3", "online", ("en", "ar")),
    "ENTRE": ("10", 260, 14, "7", "blended", ("ar",)),
}


def _spec_data(ar: str, en: str, isced: str, eqf: int, organisation: Organisation, topic: str = "") -> dict[str, Any]:
    from wisam.design import vocab

    nqf = next((n for n, e in sorted(vocab.nqf_to_eqf_table().items()) if e == eqf), None)
    skills = _skill_uris(isced)
    data: dict[str, Any] = {
        "need": _t(
            f"طلب متزايد في سوق العمل الفلسطيني على مهارات {ar}.", f"Growing demand in Palestine for {en.lower()}."
        ),
        "need_evidence": _t("مسح أصحاب العمل 2025 وإعلانات الوظائف.", "Employer survey 2025 and job advertisements."),
        "target_group": _t(
            "الخريجون والعاملون الراغبون في تطوير مهاراتهم.", "Graduates and employees who want to upskill."
        ),
        "co_design_partners": _t("ممثلون عن أصحاب العمل في القطاع.", "Employer representatives from the sector."),
        "eqf_level": eqf,
        "nqf_level": nqf,
        "isced_code": isced,
        "notional_hours": 125,
        "ects": "5",
        "credit_hours": "3",
        "participation_mode": "blended",
        "learning_setting": "non_formal",
        "duration_weeks": 8,
        "languages": ["ar", "en"],
        "assessment_type": _t("مشروع تطبيقي واختبار عملي.", "An applied project and a practical test."),
        "grading_scheme": "pass_fail",
        "grading_description": _t("النجاح بتحقيق جميع النواتج.", "Pass by achieving every outcome."),
        "supervision": "supervised_with_id",
        "qa_type": _t("نظام ضمان الجودة الداخلي في المؤسسة.", "The institution's internal QA system."),
        "external_qa_body": _t("هيئة الاعتماد والجودة والنوعية", "AQAC"),
        "review_cycle_months": 12,
        "feedback_instruments": _t("استبانة المتعلمين وأصحاب العمل.", "Learner and employer surveys."),
        "stackability": "standalone",
        "prerequisites": _t("لا متطلبات سابقة.", "No prerequisites."),
        "awarding_body": dict(organisation.name),
        "credential_format": "elm_ob3",
        "validity_months": 36,
        "entry_requirements": _t("شهادة الثانوية العامة.", "Secondary school certificate."),
        "inclusion_support": _t("مواد متاحة وقاعات مهيأة.", "Accessible materials and rooms."),
        "guidance": _t("إرشاد قبل التسجيل وبعده.", "Guidance before and after enrolment."),
        "fee_amount": "450",
        "fee_currency": "ILS",
        "outcomes": [
            {
                "text": _t(
                    f"يطبّق مبادئ {ar} في مواقف عمل حقيقية.",
                    f"Apply the principles of {en.lower()} in real work situations.",
                )
            },
            {
                "text": _t(
                    f"يحلّل مشكلات {ar} باستخدام الأدوات المناسبة.",
                    f"Analyse problems in {en.lower()} using suitable tools.",
                )
            },
            {
                "text": _t(
                    f"يقيّم حلولاً في {ar} وفق معايير مهنية.",
                    f"Evaluate solutions in {en.lower()} against professional standards.",
                )
            },
        ],
    }
    for index, outcome in enumerate(data["outcomes"]):
        outcome["skills"] = [skills[index % len(skills)]] if skills else []
    ects, hours, weeks, credit_hours, mode, languages = PROFILES.get(topic, DEFAULT_PROFILE)
    data.update(
        ects=ects,
        notional_hours=hours,
        duration_weeks=weeks,
        credit_hours=credit_hours,
        participation_mode=mode,
        languages=list(languages),
        fee_amount=str(90 * max(1, round(float(ects)))),
    )
    return data


def _version(organisation: Organisation, code: str, topic: tuple[str, str, str, str, int]) -> Any:
    """A small, complete specification of `organisation`, released for accreditation (through the services)."""
    from wisam.design.models import MicroCredential
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )

    existing = MicroCredential.objects.filter(organisation=organisation, code=code).first()
    if existing is not None:
        return existing.versions.order_by("-number").first()
    _suffix, ar, en, isced, eqf = topic
    actor = _person(organisation, Role.MC_DESIGNER, Role.INSTITUTION_ADMIN)
    version = micro_credential_create(organisation=organisation, code=code, title=_t(ar, en), actor=actor)
    version = specification_version_load(
        version=version, data=_spec_data(ar, en, isced, eqf, organisation, _suffix), actor=actor
    )
    approver = _person(organisation, Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN)
    return specification_version_set_status(
        version=version, status="ready_for_accreditation", actor=approver, note="accreditation demo"
    )


class Runner:
    """Takes an application through the workflow to a target state with the demo's people."""

    def __init__(self) -> None:
        self.officer = _aqac(Role.AQAC_OFFICER)
        self.commission = _aqac(Role.COMMISSION_MEMBER)
        self.evaluators = list(Evaluator.objects.filter(is_active=True).select_related("user").order_by("user__email"))

    def run(self, version: Any, target: str) -> Application:
        from django.core.files.base import ContentFile
        from django.core.files.uploadedfile import SimpleUploadedFile

        organisation = version.micro_credential.organisation
        applicant = _person(organisation, Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN)
        application = services.application_create(version=version, actor=applicant)
        if target == S.DRAFT:
            return application
        for kind in ("cover_letter", "self_assessment", "approval"):
            upload = SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4\n% Wisam demo document\n")
            services.application_document_add(application=application, kind=kind, upload=upload, actor=applicant)
        _ = ContentFile
        application = self._step(application, "submit", applicant)
        if target == S.SCREENING:
            return application
        if target in (S.RETURNED, S.WITHDRAWN):
            application = self._step(
                application, "return", self.officer, "أرفقوا سير المدرّسين الذاتية. Attach the teachers' CVs."
            )
            if target == S.WITHDRAWN:
                application = self._step(application, "withdraw", applicant, "سنعيد تصميمها. We will redesign it.")
            return application
        application = self._step(application, "accept", self.officer)
        panel = [
            e for e in self.evaluators if not services.evaluator_conflicts(evaluator=e, organisation=organisation)
        ][:2]
        for position, evaluator in enumerate(panel):
            services.panel_assign(
                application=application,
                evaluator=evaluator,
                role="chair" if position == 0 else "member",
                actor=self.officer,
            )
        if target == S.PANEL or not panel:
            return application
        application.refresh_from_db()
        application = self._step(application, "start_evaluation", self.officer)
        if target == S.EVALUATION:
            return application
        from wisam.accreditation.models import GuidelineCriterion

        criteria = list(
            GuidelineCriterion.objects.filter(standard__guideline_id=application.guideline_id or 0).select_related(
                "standard"
            )
        )
        justification = "الأدلة في المواصفة والوثائق كافية. Evidence in the specification and documents is sufficient."
        for evaluator in panel:
            services.scores_record(
                application=application,
                evaluator=evaluator,
                scores=dict.fromkeys(criteria, ("met", justification)),
                actor=evaluator.user,
            )
        services.visit_record(
            application=application,
            kind="virtual",
            on=timezone.localdate(),
            participants="Panel, centre director, two learners",
            findings="Resources and learner support confirmed.",
            actor=panel[0].user,
        )
        services.report_write(
            application=application,
            summary="The panel finds the micro-credential sound and well aligned with the guideline.",
            recommendation="accredit",
            actor=panel[0].user,
        )
        application.refresh_from_db()
        application = self._step(application, "submit_report", panel[0].user)
        if target == S.DECISION:
            return application
        today = timezone.localdate()
        if target == S.CONDITIONS:
            return services.application_decide(
                application=application,
                decision="accredit_with_conditions",
                rationale="Accredited provided the appeals procedure for learners is published.",
                validity_months=36,
                conditions=[
                    ("Publish the learners' appeals procedure on the centre's website.", today + timedelta(days=60))
                ],
                actor=self.commission,
            )
        if target in (S.DEFERRED, S.APPEAL, S.CLOSED):
            application = services.application_decide(
                application=application,
                decision="defer",
                rationale="Revise the assessment rubrics.",
                actor=self.commission,
            )
            if target == S.APPEAL:
                services.appeal_lodge(
                    application=application, grounds="The rubrics were in annex 4 of the file.", actor=applicant
                )
            if target == S.CLOSED:
                Application.objects.filter(pk=application.pk).update(appeal_deadline=today - timedelta(days=1))
                application.refresh_from_db()
                application = self._step(application, "close", self.officer)
            application.refresh_from_db()
            return application
        if target == S.REFUSED:
            return services.application_decide(
                application=application,
                decision="refuse",
                rationale="The outcomes are not assessed.",
                actor=self.commission,
            )
        application = services.application_decide(
            application=application,
            decision="accredit",
            rationale="All criteria met.",
            validity_months=36,
            actor=self.commission,
        )
        if target == S.ACCREDITED:
            return application
        return self._step(application, "publish", self.officer)

    def _step(self, application: Application, transition: str, actor: Any, comment: str = "") -> Application:
        return services.application_transition(
            application=application, transition=transition, actor=actor, comment=comment
        )


def _evaluators() -> None:
    people = {
        "evaluator@aqac.example": (["06", "04"], [4, 5, 6, 7]),
        "evaluator2@aqac.example": (["09", "07", "08"], [4, 5, 6]),
    }
    for email, (fields, levels) in people.items():
        user = User.objects.filter(email=email).first()
        if user is not None and not Evaluator.objects.filter(user=user).exists():
            try:
                services.evaluator_register(
                    user=user, isced_codes=fields, levels=levels, actor=_aqac(Role.AQAC_OFFICER)
                )
            except Exception:  # a demo without the evaluator role: leave it out
                logger.warning("demo: %s cannot be an evaluator", email)
    third = User.objects.filter(email="commission@aqac.example").first()
    _ = third


@transaction.atomic
def _already_at_aqac(version: Any) -> bool:
    """Whether any version of this micro-credential has been to AQAC or was self-accredited. Later demos (the
    annual review, pathways) add versions after this one has run; a second run must leave them alone."""
    micro_credential = version.micro_credential
    return (
        Application.objects.filter(specification_version__micro_credential=micro_credential).exists()
        or Accreditation.objects.filter(specification_version__micro_credential=micro_credential).exists()
    )


def _age_in_flight_applications() -> None:
    """Applications the demo just moved along have spent a few days to a few weeks in their current stage, as real
    ones would (the AQAC dashboard's "time in stage" and the queues' ages). Only rows changed in the last hour move."""
    recent = timezone.now() - timedelta(hours=1)
    in_flight = Application.objects.filter(is_active=True, state_changed_at__gte=recent).order_by("id")
    for index, application in enumerate(in_flight):
        days = 3 + (index * 11) % 40
        moved = application.state_changed_at - timedelta(days=days)
        Application.objects.filter(pk=application.pk).update(
            state_changed_at=moved, started_at=min(application.started_at, moved)
        )


def _spread_over_time(accreditations: list[Accreditation], today: date) -> None:
    """Date the demo's fresh accreditations as if AQAC had granted them over the last two years (the first one three
    years ago, so that it is about to expire): the dashboards then show issuance over time and an expiring offer.

    Only accreditations granted today are moved, so running the demo again changes nothing.
    """
    fresh = [a for a in accreditations if a.valid_from == today and a.status == RegisterStatus.ACTIVE]
    for index, accreditation in enumerate(fresh):
        length = accreditation.valid_until - accreditation.valid_from
        # The first ends in two months ("expiring"); the others began two months to two years ago.
        start = today + timedelta(days=60) - length if index == 0 else today - timedelta(days=60 + (index * 53) % 640)
        until = start + length
        Accreditation.objects.filter(pk=accreditation.pk).update(valid_from=start, valid_until=until)
        entry = accreditation.entry
        if entry.accreditations.count() == 1:
            type(entry).objects.filter(pk=entry.pk).update(valid_from=start, valid_until=until, first_registered=start)
        AccreditationStatusChange.objects.filter(accreditation=accreditation).update(
            effective_at=timezone.make_aware(datetime.combine(start, time(9)))
        )
    if fresh:
        services.accreditations_refresh(today=today)


def load(context: dict[str, Any]) -> None:
    services.guidelines_load()
    _evaluators()
    organisations: dict[str, Organisation] = context.get("organisations") or {
        o.slug: o for o in Organisation.objects.all()
    }
    institutions = [o for o in organisations.values() if o.kind in HIGHER_EDUCATION_KINDS]
    institutions.sort(key=lambda o: o.slug)
    if not institutions or _aqac(Role.AQAC_OFFICER) is None or _aqac(Role.COMMISSION_MEMBER) is None:
        logger.warning("demo: no institutions or no AQAC people; accreditation demo skipped")
        return
    runner = Runner()
    if len(runner.evaluators) < 1:
        logger.warning("demo: no evaluators; accreditation demo skipped")
        return
    topic = 0
    # Two accredited micro-credentials per institution, each through the whole workflow.
    for organisation in institutions:
        for n in (1, 2):
            code = f"AQAC-DEMO-{n}"
            version = _version(organisation, code, TOPICS[topic % len(TOPICS)])
            topic += 1
            if not _already_at_aqac(version):
                runner.run(version, S.PUBLISHED)
    # Applications in every other state, spread over the institutions.
    for index, state in enumerate(STATES):
        organisation = institutions[index % len(institutions)]
        code = f"AQAC-STATE-{state.upper()}"[:40]
        version = _version(organisation, code, TOPICS[(index + 5) % len(TOPICS)])
        if not _already_at_aqac(version):
            runner.run(version, state)
    _age_in_flight_applications()
    # The version internal QA released in its own demo goes to AQAC too (and waits for screening).
    from wisam.design.models import SpecificationVersion

    for version in SpecificationVersion.objects.filter(status="ready_for_accreditation").exclude(
        micro_credential__code__startswith="AQAC-"
    ):
        if not _already_at_aqac(version):
            runner.run(version, S.SCREENING)
    # Al-Karmil may self-accredit in ICT and business up to EQF level 6, and registered one micro-credential so.
    karmil = organisations.get("karmil") or institutions[0]
    today = timezone.localdate()
    if not SelfAccreditation.objects.filter(organisation=karmil).exists():
        services.self_accreditation_grant(
            organisation=karmil,
            isced_codes=["06", "04"],
            max_eqf_level=6,
            valid_from=date(today.year, 1, 1),
            valid_until=date(today.year + 4, 12, 31),
            actor=runner.commission,
        )
    notified = _version(karmil, "AQAC-SELF-1", TOPICS[13])
    if not Accreditation.objects.filter(specification_version=notified).exists():
        services.self_accreditation_notify(version=notified, actor=_person(karmil, Role.INSTITUTIONAL_APPROVER))
    # One accreditation has expired and one is suspended.
    published = list(
        Accreditation.objects.filter(route="panel", application__isnull=False).order_by("organisation__slug", "id")
    )
    if published and not Accreditation.objects.filter(status=RegisterStatus.EXPIRED).exists():
        expired = published[-1]
        start = today - timedelta(days=3 * 365 + 30)
        Accreditation.objects.filter(pk=expired.pk).update(valid_from=start, valid_until=today - timedelta(days=30))
        type(expired.entry).objects.filter(pk=expired.entry_id).update(
            valid_from=start, valid_until=today - timedelta(days=30), first_registered=start
        )
        services.accreditations_refresh(today=today)
    _spread_over_time(published[:-2], today)
    if len(published) > 1 and not Accreditation.objects.filter(status=RegisterStatus.SUSPENDED).exists():
        # It ran for half a year before AQAC suspended it, so the credentials demo can show a credential issued
        # while it was in force: still "accredited on the date of issue", with a note that it is suspended now.
        suspended = published[-2]
        start = today - timedelta(days=180)
        Accreditation.objects.filter(pk=suspended.pk).update(valid_from=start)
        type(suspended.entry).objects.filter(pk=suspended.entry_id).update(valid_from=start, first_registered=start)
        AccreditationStatusChange.objects.filter(accreditation=suspended).update(
            effective_at=timezone.make_aware(datetime.combine(start, time(9)))
        )
        suspended.refresh_from_db()
        services.accreditation_suspend(
            accreditation=suspended,
            reason="تعليق مؤقت لحين مراجعة شكاوى المتعلمين. Suspended pending a review of learners' complaints.",
            actor=runner.officer,
        )
    # DIDs for the trust list (the credentials app will publish real ones).
    from django.conf import settings

    host = settings.SITE_URL.split("://", 1)[-1].replace(":", "%3A")
    for organisation in institutions:
        if Accreditation.objects.filter(organisation=organisation).exists():
            did = f"did:web:{host}:organisations:{organisation.slug}"
            from wisam.accreditation.models import IssuerDid

            if not IssuerDid.objects.filter(organisation=organisation, did=did).exists():
                services.issuer_did_add(organisation=organisation, did=did, actor=None)
    context["accreditation"] = {
        "applications": Application.objects.count(),
        "states": sorted(set(Application.objects.values_list("state", flat=True))),
        "register_entries": Accreditation.objects.values("entry").distinct().count(),
    }
