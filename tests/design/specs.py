"""Sample specifications as plain data: a lint-clean one, and ways to spoil it (shared by linter and service tests)."""

from __future__ import annotations

import copy
from typing import Any

SKILL_PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SKILL_DATA = "http://data.europa.eu/esco/skill/2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"
SKILL_VISUAL = "http://data.europa.eu/esco/skill/348b74cd-49ce-4844-8bdf-ec188b497213"


def good() -> dict[str, Any]:
    """A complete, lint-clean specification (EQF 6, 3 ECTS, 80 hours)."""
    return copy.deepcopy(
        {
            "title": {"ar": "تحليل البيانات باستخدام بايثون", "en": "Data analysis with Python"},
            "awarding_body": {"ar": "جامعة الكرمل", "en": "Al-Karmil University"},
            "awarding_country": "PS",
            "need": {"ar": "يحتاج قطاع التكنولوجيا إلى محللي بيانات.", "en": "The ICT sector needs data analysts."},
            "need_evidence": {"ar": "مسح أصحاب العمل 2025.", "en": "Employer survey 2025."},
            "target_group": {"ar": "الخريجون والموظفون.", "en": "Graduates and employees."},
            "co_design_partners": {"ar": "شركة زيتونة للبرمجيات.", "en": "Zaytouna Software."},
            "eqf_level": 6,
            "nqf_level": 2,
            "isced_code": "0613",
            "notional_hours": 80,
            "ects": "3",
            "credit_hours": "2",
            "participation_mode": "blended",
            "learning_setting": "non_formal",
            "duration_weeks": 6,
            "languages": ["ar", "en"],
            "assessment_type": {"ar": "مشروع تطبيقي واختبار عملي.", "en": "Applied project and practical test."},
            "grading_scheme": "percentage",
            "grading_description": {"ar": "النجاح 60%.", "en": "Pass mark 60%."},
            "supervision": "supervised_with_id",
            "qa_type": {"ar": "نظام الجودة الداخلي للجامعة.", "en": "The university's internal QA system."},
            "external_qa_body": {"ar": "هيئة الاعتماد والجودة", "en": "AQAC"},
            "review_cycle_months": 12,
            "feedback_instruments": {"ar": "استبانة المتعلمين.", "en": "Learner survey."},
            "stackability": "integrated",
            "stackable_towards": {"ar": "دبلوم علم البيانات.", "en": "Diploma in data science."},
            "prerequisites": {"ar": "أساسيات البرمجة.", "en": "Basic programming."},
            "credential_format": "elm_ob3",
            "further_information": {"ar": "www.karmil.example", "en": "www.karmil.example"},
            "entry_requirements": {"ar": "شهادة الثانوية العامة.", "en": "Secondary school certificate."},
            "inclusion_support": {"ar": "مواد ميسّرة.", "en": "Accessible materials."},
            "guidance": {"ar": "مرشد أكاديمي.", "en": "An academic adviser."},
            "fee_amount": "450",
            "fee_currency": "ILS",
            "next_review_date": "2030-01-31",
            "outcomes": [
                {
                    "key": "o1",
                    "text": {
                        "en": "Clean and transform raw business data using the pandas library in Jupyter notebooks.",
                        "ar": "أن ينظّف البيانات التجارية الخام ويحوّلها باستخدام مكتبة pandas في دفاتر Jupyter.",
                    },
                    "skills": [SKILL_PYTHON],
                },
                {
                    "key": "o2",
                    "text": {
                        "en": "Analyse sales data with descriptive statistics to answer a given business question.",
                        "ar": "أن يحلّل بيانات المبيعات بالإحصاء الوصفي للإجابة عن سؤال عمل محدد.",
                    },
                    "skills": [SKILL_DATA],
                },
                {
                    "key": "o3",
                    "text": {
                        "en": "Design clear visualisations of findings for non-specialist managers.",
                        "ar": "أن يصمّم رسوماً بيانية واضحة للنتائج موجّهة للمديرين غير المتخصصين.",
                    },
                    "skills": [SKILL_VISUAL],
                },
                {
                    "key": "o4",
                    "text": {
                        "en": "Evaluate the quality of a dataset against documented completeness criteria.",
                        "ar": "أن يقيّم جودة مجموعة بيانات وفق معايير اكتمال موثّقة.",
                    },
                    "skills": [SKILL_DATA],
                },
            ],
            "activities": [
                {"title": {"ar": "ورش عمل", "en": "Workshops"}, "hours": 30, "outcomes": ["o1", "o2"]},
                {"title": {"ar": "مشروع", "en": "Project"}, "hours": 40, "outcomes": ["o3", "o4"]},
            ],
            "assessments": [
                {
                    "title": {"ar": "اختبار عملي", "en": "Practical test"},
                    "method": "practical",
                    "weighting": 40,
                    "criteria": {"ar": "دقة النتائج.", "en": "Accuracy of results."},
                    "outcomes": ["o1", "o2"],
                },
                {
                    "title": {"ar": "مشروع", "en": "Project"},
                    "method": "project",
                    "weighting": 60,
                    "criteria": {"ar": "سلّم تقدير.", "en": "Rubric."},
                    "outcomes": ["o2", "o3", "o4"],
                },
            ],
            "kpis": [{"name": {"ar": "نسبة الإتمام", "en": "Completion rate"}, "target": {"ar": "80%", "en": "80%"}}],
        }
    )
