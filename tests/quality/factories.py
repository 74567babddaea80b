"""A specification with no blocking finding (built through the design services), for workflow and demo tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wisam.design import vocab
from wisam.design.services import micro_credential_create, specification_item_add

SKILL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"

OUTCOMES = (
    (
        "ينظّف مجموعات بيانات حقيقية باستخدام مكتبة pandas في بيئة عمل مؤسسية",
        "Clean real-world datasets using pandas in an organisational setting",
    ),
    (
        "يحلّل اتجاهات المبيعات باستخدام الجداول المحورية لدعم قرارات الإدارة",
        "Analyse sales trends using pivot tables to support management decisions",
    ),
    (
        "يصمّم لوحة معلومات تفاعلية لعرض مؤشرات الأداء لأصحاب القرار",
        "Design an interactive dashboard presenting performance indicators for decision makers",
    ),
)


def make_clean_version(*, organisation: Any, actor: Any, code: str = "DATA-OK-01") -> Any:
    """A version the linter finds no blocking problem in (warnings allowed)."""
    t = lambda ar, en: {"ar": ar, "en": en}  # noqa: E731
    # Level and credit hours follow whatever mapping and conversion the frameworks hold (as the design demo does).
    nqf = next((n for n, e in sorted(vocab.nqf_to_eqf_table().items()) if e == 5), None)
    credit_hours = (Decimal(5) / vocab.credit_rules().ects_per_credit_hour).quantize(Decimal("0.1"))
    version = micro_credential_create(
        organisation=organisation,
        code=code,
        title=t("تحليل البيانات للأعمال", "Data analysis for business"),
        actor=actor,
        fields={
            "need": t("تحتاج الشركات المحلية إلى محللي بيانات.", "Local companies need data analysts."),
            "need_evidence": t("مسح غرفة التجارة 2025.", "Chamber of commerce survey 2025."),
            "target_group": t("موظفون وخريجون جدد.", "Employees and recent graduates."),
            "co_design_partners": t("شركة زيتونة للبرمجيات.", "Zaytouna Software."),
            "eqf_level": 5,
            "nqf_level": nqf,
            "isced_code": "0613",
            "notional_hours": 125,
            "ects": "5",
            "credit_hours": str(credit_hours),
            "participation_mode": "blended",
            "learning_setting": "non_formal",
            "duration_weeks": 8,
            "languages": ["ar", "en"],
            "assessment_type": t("مشروع عملي ولوحة معلومات.", "Practical project and a dashboard."),
            "grading_scheme": "pass_fail",
            "grading_description": t("النجاح بتحقيق كل النتاجات.", "Pass by achieving every outcome."),
            "supervision": "supervised_with_id",
            "qa_type": t("ضمان الجودة الداخلي في الجامعة.", "The university's internal QA."),
            "external_qa_body": t("هيئة الاعتماد والجودة", "AQAC"),
            "review_cycle_months": 12,
            "feedback_instruments": t("استبانة المتعلمين وأصحاب العمل.", "Learner and employer surveys."),
            "stackability": "standalone",
            "prerequisites": t("مهارات حاسوب أساسية.", "Basic computer skills."),
            "credential_format": "elm_ob3",
            "further_information": t("انظر موقع المركز.", "See the centre's website."),
            "entry_requirements": t("شهادة الثانوية العامة.", "Secondary school certificate."),
            "inclusion_support": t("قاعات مهيأة ودعم عن بعد.", "Accessible rooms and remote support."),
            "guidance": t("مرشد أكاديمي لكل مجموعة.", "An adviser for each cohort."),
            "fee_amount": "600",
            "fee_notes": t("إعفاء جزئي للعاطلين عن العمل.", "Partial waiver for the unemployed."),
            "next_review_date": timezone.localdate() + timedelta(days=365),
            "change_log": t("الإصدار الأول.", "First version."),
        },
    )
    outcomes = [
        specification_item_add(
            version=version, kind="outcome", actor=actor, fields={"text": t(ar, en), "skills": [SKILL]}
        )
        for ar, en in OUTCOMES
    ]
    for index, outcome in enumerate(outcomes, start=1):
        specification_item_add(
            version=version,
            kind="activity",
            actor=actor,
            fields={
                "title": t(f"ورشة {index}", f"Workshop {index}"),
                "kind": "workshop",
                "hours": 30,
                "outcomes": [outcome.pk],
            },
        )
    specification_item_add(
        version=version,
        kind="assessment",
        actor=actor,
        fields={
            "title": t("مشروع تحليل بيانات", "Data analysis project"),
            "method": "project",
            "purpose": "summative",
            "weighting": 100,
            "criteria": t("سلم تقدير من أربعة مستويات.", "A four-level rubric."),
            "outcomes": [o.pk for o in outcomes],
        },
    )
    specification_item_add(
        version=version,
        kind="kpi",
        actor=actor,
        fields={
            "name": t("نسبة الإتمام", "Completion rate"),
            "target": t("80٪", "80%"),
            "instrument": t("سجلات المركز", "Centre records"),
        },
    )
    version.refresh_from_db()
    return version
