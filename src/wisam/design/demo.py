"""The design demo: seven micro-credential specifications across the demo institutions and fields.

Six are complete and free of blocking findings (the quality demo takes them through internal review); Marj Ibn
Amer's "smart irrigation" draft is written the way first drafts often are, and is full of findings. Levels and
credit hours are derived from the frameworks' mapping and conversion at load time, so the exemplary ones stay
clean whatever those tables say. Idempotent: a micro-credential whose code exists is left alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wisam.design import vocab
from wisam.design.models import MicroCredential
from wisam.design.services import micro_credential_create, specification_version_load
from wisam.institutions.models import Membership, Organisation
from wisam.institutions.roles import Role

AQAC = {
    "ar": "هيئة الاعتماد والجودة والنوعية للمؤسسات التعليمية",
    "en": "Accreditation and Quality Assurance Commission (AQAC)",
}


def _t(ar: str, en: str) -> dict[str, str]:
    return {"ar": ar, "en": en}


def _outcome(key: str, ar: str, en: str, search: str, *uris: str) -> dict[str, Any]:
    return {"key": key, "text": _t(ar, en), "search": search, "uris": list(uris)}


def _common(org_ar: str, org_en: str) -> dict[str, Any]:
    """What every demo institution says the same way: QA, access and evaluation defaults."""
    return {
        "awarding_body": _t(org_ar, org_en),
        "awarding_country": "PS",
        "qa_type": _t(
            "نظام ضمان الجودة الداخلي في المؤسسة: مراجعة المواصفة من دائرة الجودة واعتمادها من مجلس المؤسسة، ومراجعة "
            "سنوية لنتائج المتعلمين.",
            "The institution's internal QA system: the specification is reviewed by the QA unit and approved by the "
            "institution's council, with an annual review of learner results.",
        ),
        "external_qa_body": AQAC,
        "review_cycle_months": 12,
        "feedback_instruments": _t(
            "استبانة للمتعلمين في نهاية الشهادة، ومقابلات مع أصحاب العمل بعد ستة أشهر.",
            "A learner survey at the end, and interviews with employers six months later.",
        ),
        "credential_format": "elm_ob3",
        "validity_months": None,
        "learning_setting": "non_formal",
        "inclusion_support": _t(
            "مواد متاحة لذوي الإعاقة البصرية، وقاعات مهيأة، وإمكانية تمديد مدة التقييم عند الحاجة.",
            "Materials accessible to visually impaired learners, accessible rooms, and extra assessment time on "
            "request.",
        ),
        "guidance": _t(
            "يلتقي كل متعلم بمرشد من مركز التعليم المستمر قبل التسجيل وبعد إنهاء الشهادة.",
            "Each learner meets an adviser from the continuing-education centre before enrolling and on completion.",
        ),
        "fee_currency": "ILS",
        "next_review_date": "2027-06-30",
        "kpis": [
            {"name": _t("نسبة الإتمام", "Completion rate"), "target": _t("80% على الأقل", "at least 80%")},
            {"name": _t("رضا المتعلمين", "Learner satisfaction"), "target": _t("4 من 5", "4 out of 5")},
            {
                "name": _t("توظيف الخريجين أو ترقيتهم", "Holders employed or promoted"),
                "target": _t("50% خلال سنة", "50% within a year"),
            },
        ],
    }


SPECIFICATIONS: list[dict[str, Any]] = [
    {
        "organisation": "karmil",
        "unit": "Centre for Continuing Education",
        "code": "DATA-PY-01",
        "eqf": 6,
        **_common("جامعة الكرمل", "Al-Karmil University"),
        "title": _t("تحليل البيانات باستخدام بايثون", "Data analysis with Python"),
        "need": _t(
            "تحتاج شركات التكنولوجيا والبنوك والمنظمات الأهلية في فلسطين إلى موظفين قادرين على تحويل البيانات إلى "
            "قرارات، بينما يتخرج معظم الطلبة دون خبرة عملية في أدوات تحليل البيانات.",
            "ICT companies, banks and NGOs in Palestine need staff who can turn data into decisions, yet most "
            "graduates leave without hands-on experience of data-analysis tools.",
        ),
        "need_evidence": _t(
            "مسح أصحاب العمل في قطاع تكنولوجيا المعلومات (2025): 68% من الشركات تواجه صعوبة في توظيف محللي بيانات؛ "
            "إعلانات الوظائف على المنصات المحلية.",
            "ICT employer survey (2025): 68% of companies struggle to hire data analysts; local job-board "
            "advertisements.",
        ),
        "target_group": _t(
            "خريجو الجامعات والعاملون في القطاعين العام والخاص ممن لديهم معرفة أساسية بالبرمجة.",
            "University graduates and public- and private-sector employees with basic programming experience.",
        ),
        "co_design_partners": _t(
            "شركة زيتونة للبرمجيات: شاركت في صياغة النواتج وتوفير مجموعات بيانات حقيقية للمشروع.",
            "Zaytouna Software: helped write the outcomes and provides real datasets for the project.",
        ),
        "isced_code": "0613",
        "notional_hours": 125,
        "ects": "5",
        "participation_mode": "blended",
        "duration_weeks": 8,
        "languages": ["ar", "en"],
        "assessment_type": _t(
            "اختبار عملي على الحاسوب ومشروع تحليل بيانات يُعرض أمام لجنة تضم ممثلاً عن صاحب العمل.",
            "A practical computer-based test and a data-analysis project presented to a panel that includes an "
            "employer representative.",
        ),
        "grading_scheme": "percentage",
        "grading_description": _t(
            "علامة النجاح 60% في مجموع التقييمات، على ألا تقل علامة المشروع عن 50%.",
            "Pass mark 60% overall, with at least 50% in the project.",
        ),
        "supervision": "supervised_with_id",
        "stackability": "integrated",
        "stackable_towards": _t(
            "الدبلوم المهني في علم البيانات في جامعة الكرمل (تُحتسب 5 وحدات ECTS من أصل 30).",
            "Al-Karmil University's professional diploma in data science (5 of its 30 ECTS).",
        ),
        "prerequisites": _t("أساسيات البرمجة بأي لغة.", "Basic programming in any language."),
        "further_information": _t("https://karmil.example/ce/data-python", "https://karmil.example/ce/data-python"),
        "entry_requirements": _t(
            "درجة البكالوريوس أو سنتان من الخبرة العملية، واجتياز اختبار تحديد مستوى قصير في البرمجة.",
            "A bachelor's degree or two years of work experience, and a short programming placement test.",
        ),
        "fee_amount": "900",
        "fee_notes": _t("منح كاملة لعشرة متعلمين من قطاع غزة.", "Full grants for ten learners from Gaza."),
        "outcomes": [
            _outcome(
                "o1",
                "أن ينظّف مجموعات البيانات التجارية ويحوّلها باستخدام مكتبة pandas في دفاتر Jupyter.",
                "Clean and transform business datasets using the pandas library in Jupyter notebooks.",
                "Python",
                "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
            ),
            _outcome(
                "o2",
                "أن يحلّل بيانات المبيعات بأساليب الإحصاء الوصفي للإجابة عن سؤال عمل محدد.",
                "Analyse sales data with descriptive statistics to answer a defined business question.",
                "statistics",
                "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
            ),
            _outcome(
                "o3",
                "أن يصمّم رسوماً بيانية ولوحات معلومات واضحة لعرض النتائج على مديرين غير متخصصين.",
                "Design clear charts and dashboards to present findings to non-specialist managers.",
                "data visualisation",
                "http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a",
            ),
            _outcome(
                "o4",
                "أن يقيّم جودة مجموعة بيانات وفق معايير الاكتمال والدقة الموثقة في المؤسسة.",
                "Evaluate the quality of a dataset against the organisation's documented completeness and accuracy "
                "criteria.",
                "data quality",
                "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
            ),
        ],
        "activities": [
            {
                "title": _t("ورش عمل تطبيقية في المختبر", "Hands-on lab workshops"),
                "kind": "workshop",
                "hours": 36,
                "outcomes": ["o1", "o2"],
            },
            {
                "title": _t("تعلم ذاتي موجّه عبر المنصة", "Guided online self-study"),
                "kind": "online",
                "hours": 34,
                "outcomes": ["o1", "o4"],
            },
            {
                "title": _t("مشروع مع بيانات شريك من القطاع", "Project with an industry partner's data"),
                "kind": "project",
                "hours": 45,
                "outcomes": ["o2", "o3", "o4"],
            },
        ],
        "assessments": [
            {
                "title": _t("اختبار عملي على الحاسوب", "Practical computer-based test"),
                "method": "practical",
                "weighting": 40,
                "criteria": _t(
                    "صحة خطوات التنظيف والتحليل ودقة النتائج.", "Correct cleaning and analysis steps; accurate results."
                ),
                "outcomes": ["o1", "o2"],
            },
            {
                "title": _t("مشروع تحليل بيانات وعرضه", "Data-analysis project and presentation"),
                "method": "project",
                "weighting": 60,
                "criteria": _t(
                    "سلّم تقدير من أربعة مستويات: جودة البيانات، سلامة التحليل، وضوح العرض، الإجابة عن سؤال العمل.",
                    "Four-level rubric: data quality, sound analysis, clear presentation, answer to the business "
                    "question.",
                ),
                "outcomes": ["o2", "o3", "o4"],
            },
        ],
    },
    {
        "organisation": "zaytoun",
        "unit": "Faculty of Medicine and Health Sciences",
        "code": "IPC-CLIN-01",
        "eqf": 6,
        **_common("جامعة الزيتون الوطنية", "Al-Zaytoun National University"),
        "title": _t(
            "مكافحة العدوى والوقاية منها في الممارسة السريرية", "Infection prevention and control in clinical practice"
        ),
        "need": _t(
            "كشفت جائحة كوفيد-19 والاكتظاظ في المستشفيات عن فجوات في ممارسات مكافحة العدوى لدى الكوادر التمريضية "
            "والصحية المساندة.",
            "COVID-19 and overcrowded hospitals exposed gaps in infection-control practice among nursing and allied "
            "health staff.",
        ),
        "need_evidence": _t(
            "تقارير وزارة الصحة عن العدوى المكتسبة في المستشفيات (2024)، وطلب رسمي من مستشفى الأمل التخصصي.",
            "Ministry of Health reports on hospital-acquired infections (2024) and a formal request from Al-Amal "
            "Specialised Hospital.",
        ),
        "target_group": _t(
            "الممرضون والفنيون الصحيون العاملون في المستشفيات والمراكز الصحية.",
            "Nurses and health technicians working in hospitals and clinics.",
        ),
        "co_design_partners": _t(
            "مستشفى الأمل التخصصي (لجنة مكافحة العدوى) ونقابة التمريض.",
            "Al-Amal Specialised Hospital (infection-control committee) and the Nursing Association.",
        ),
        "isced_code": "0913",
        "notional_hours": 100,
        "ects": "4",
        "participation_mode": "blended",
        "duration_weeks": 6,
        "languages": ["ar"],
        "assessment_type": _t(
            "ملاحظة مباشرة في بيئة سريرية محاكاة، ودراسة حالة مكتوبة.",
            "Direct observation in a simulated clinical setting and a written case study.",
        ),
        "grading_scheme": "pass_fail",
        "supervision": "supervised_with_id",
        "stackability": "standalone",
        "prerequisites": _t("ترخيص مزاولة مهنة صحية ساري المفعول.", "A valid licence to practise a health profession."),
        "further_information": _t(
            "تُعقد الجلسات العملية في مختبر المحاكاة السريرية بالجامعة.",
            "Practical sessions take place in the university's clinical simulation lab.",
        ),
        "entry_requirements": _t(
            "سنة خبرة على الأقل في مؤسسة صحية.", "At least one year of experience in a health facility."
        ),
        "fee_amount": "600",
        "outcomes": [
            _outcome(
                "o1",
                "أن يطبّق إجراءات نظافة الأيدي والاحتياطات القياسية في الأقسام السريرية وفق إرشادات منظمة الصحة العالمية.",
                "Apply hand hygiene and standard precautions in clinical wards according to WHO guidelines.",
                "infection control",
            ),
            _outcome(
                "o2",
                "أن يختار معدات الوقاية الشخصية المناسبة ويرتديها ويخلعها بأمان حسب طريقة انتقال العدوى.",
                "Select, don and doff personal protective equipment safely according to the mode of transmission.",
                "protective equipment",
            ),
            _outcome(
                "o3",
                "أن يحلّل حالات العدوى المكتسبة في المستشفى لتحديد نقاط الخلل في سلسلة انتقال العدوى.",
                "Analyse hospital-acquired infection cases to identify breaks in the chain of transmission.",
                "infection",
            ),
            _outcome(
                "o4",
                "أن يقيّم التزام فريق القسم بممارسات مكافحة العدوى باستخدام أداة تدقيق معتمدة.",
                "Evaluate a ward team's compliance with infection-control practice using a validated audit tool.",
                "audit",
            ),
        ],
        "activities": [
            {
                "title": _t("محاضرات تفاعلية", "Interactive lectures"),
                "kind": "lecture",
                "hours": 20,
                "outcomes": ["o1", "o3"],
            },
            {
                "title": _t("تدريب في مختبر المحاكاة", "Simulation-lab practice"),
                "kind": "simulation",
                "hours": 30,
                "outcomes": ["o1", "o2"],
            },
            {
                "title": _t("تدقيق ميداني في قسم المستشفى", "Ward audit placement"),
                "kind": "placement",
                "hours": 40,
                "outcomes": ["o3", "o4"],
            },
        ],
        "assessments": [
            {
                "title": _t("ملاحظة مباشرة بقائمة رصد", "Observed practice with a checklist"),
                "method": "observation",
                "weighting": 60,
                "criteria": _t(
                    "أداء جميع خطوات قائمة الرصد دون أخطاء حرجة.",
                    "All checklist steps performed with no critical error.",
                ),
                "outcomes": ["o1", "o2"],
            },
            {
                "title": _t("دراسة حالة وتقرير تدقيق", "Case study and audit report"),
                "method": "case_study",
                "weighting": 40,
                "criteria": _t(
                    "تحليل سليم للحالة وتوصيات قابلة للتطبيق.", "Sound case analysis and practicable recommendations."
                ),
                "outcomes": ["o3", "o4"],
            },
        ],
    },
    {
        "organisation": "mahd-college",
        "unit": "Department of Tourism and Heritage",
        "code": "HERITAGE-GUIDE-01",
        "eqf": 5,
        **_common("كلية المهد الجامعية للعلوم التطبيقية", "Al-Mahd University College of Applied Sciences"),
        "title": _t("الإرشاد السياحي في مواقع التراث", "Heritage tour guiding"),
        "need": _t(
            "يستقبل بيت لحم ومحيطها مئات الآلاف من الزوار سنوياً، ويحتاج القطاع إلى مرشدين مؤهلين يروون تاريخ المواقع "
            "بدقة وبأكثر من لغة.",
            "Bethlehem and its surroundings receive hundreds of thousands of visitors a year; the sector needs "
            "qualified guides who tell the sites' history accurately and in more than one language.",
        ),
        "need_evidence": _t(
            "بيانات وزارة السياحة والآثار 2024، واستبانة لمجموعة فنادق المهد.",
            "Ministry of Tourism and Antiquities data (2024) and an Al-Mahd Hotels Group survey.",
        ),
        "target_group": _t(
            "خريجو التاريخ والآثار واللغات، والعاملون في السياحة دون ترخيص إرشاد.",
            "Graduates in history, archaeology and languages, and tourism workers without a guiding licence.",
        ),
        "co_design_partners": _t(
            "مجموعة فنادق المهد وجمعية الأدلاء السياحيين.", "Al-Mahd Hotels Group and the Tour Guides' Association."
        ),
        "isced_code": "1015",
        "notional_hours": 150,
        "ects": "6",
        "participation_mode": "onsite",
        "duration_weeks": 10,
        "languages": ["ar", "en"],
        "assessment_type": _t(
            "جولة إرشادية يقيّمها مرشد مرخّص، وملف إنجاز.", "A guided tour assessed by a licensed guide, and a portfolio."
        ),
        "grading_scheme": "descriptive",
        "grading_description": _t(
            "كفء / لم يصل إلى الكفاءة بعد، في كل معيار من معايير سلّم التقدير.",
            "Competent / not yet competent on each rubric criterion.",
        ),
        "supervision": "supervised_with_id",
        "stackability": "integrated",
        "stackable_towards": _t(
            "دبلوم السياحة والضيافة في الكلية (6 وحدات من أصل 60).",
            "The college's diploma in tourism and hospitality (6 of its 60 ECTS).",
        ),
        "prerequisites": _t("إتقان اللغة الإنجليزية بمستوى B1 على الأقل.", "English at B1 level or above."),
        "further_information": _t(
            "يؤهّل الاجتياز للتقدم لامتحان ترخيص الأدلاء في الوزارة.",
            "Holders may sit the ministry's guide-licensing examination.",
        ),
        "entry_requirements": _t(
            "شهادة الثانوية العامة وخبرة أو دراسة في التاريخ أو اللغات.",
            "Secondary school certificate and study or experience in history or languages.",
        ),
        "fee_amount": "750",
        "outcomes": [
            _outcome(
                "o1",
                "أن يشرح التطور التاريخي لمواقع التراث في بيت لحم للزوار بلغة واضحة ودقيقة.",
                "Explain the historical development of Bethlehem's heritage sites to visitors in clear and accurate language.",
                "cultural heritage",
            ),
            _outcome(
                "o2",
                "أن يخطّط مسار جولة سياحية آمنة ضمن وقت محدد يراعي احتياجات مجموعة الزوار.",
                "Plan a safe tour route within a set time that meets the needs of a visitor group.",
                "tour",
            ),
            _outcome(
                "o3",
                "أن يقود مجموعة من الزوار في موقع تراثي وفق قواعد السلامة وحماية الموقع.",
                "Lead a group of visitors through a heritage site following safety and site-protection rules.",
                "tour guide",
            ),
            _outcome(
                "o4",
                "أن يتعامل مع شكاوى الزوار والمواقف الطارئة أثناء الجولة باحترافية.",
                "Handle visitor complaints and emergencies during a tour in a professional manner.",
                "customer complaints",
            ),
        ],
        "activities": [
            {
                "title": _t("جلسات تاريخ المواقع", "Site-history sessions"),
                "kind": "lecture",
                "hours": 40,
                "outcomes": ["o1"],
            },
            {
                "title": _t("زيارات ميدانية موجهة", "Guided field visits"),
                "kind": "field",
                "hours": 60,
                "outcomes": ["o2", "o3"],
            },
            {
                "title": _t("محاكاة مواقف الجولات", "Tour-situation role plays"),
                "kind": "simulation",
                "hours": 30,
                "outcomes": ["o3", "o4"],
            },
        ],
        "assessments": [
            {
                "title": _t("جولة إرشادية مقيَّمة", "Assessed guided tour"),
                "method": "practical",
                "weighting": 70,
                "criteria": _t(
                    "دقة المعلومات، إدارة المجموعة، السلامة، التواصل.",
                    "Accurate content, group management, safety, communication.",
                ),
                "outcomes": ["o1", "o3", "o4"],
            },
            {
                "title": _t("ملف خطة الجولة", "Tour-plan portfolio"),
                "method": "portfolio",
                "weighting": 30,
                "criteria": _t(
                    "خطة واقعية ضمن الوقت وتراعي الفئة المستهدفة.", "A realistic, timed plan suited to its audience."
                ),
                "outcomes": ["o2"],
            },
        ],
    },
    {
        "organisation": "ariha-cc",
        "unit": "Department of Hospitality",
        "code": "FRONT-OFFICE-01",
        "eqf": 4,
        **_common("كلية أريحا المجتمعية للسياحة والضيافة", "Jericho Community College for Tourism and Hospitality"),
        "title": _t("عمليات المكتب الأمامي في الفنادق", "Hospitality front-office operations"),
        "need": _t(
            "تتوسع فنادق أريحا والبحر الميت وتحتاج إلى موظفي استقبال مدربين على أنظمة الحجز وخدمة النزلاء.",
            "Hotels in Jericho and by the Dead Sea are expanding and need reception staff trained in booking systems and guest service.",
        ),
        "need_evidence": _t(
            "طلبات توظيف من خمسة فنادق في أريحا (2025).", "Recruitment requests from five Jericho hotels (2025)."
        ),
        "target_group": _t(
            "الشباب الباحثون عن عمل وخريجو الثانوية العامة.", "Young job-seekers and secondary-school leavers."
        ),
        "co_design_partners": _t(
            "مجموعة فنادق المهد وفندقان في أريحا.", "Al-Mahd Hotels Group and two Jericho hotels."
        ),
        "isced_code": "1013",
        "notional_hours": 75,
        "ects": "3",
        "participation_mode": "onsite",
        "duration_weeks": 5,
        "languages": ["ar", "en"],
        "assessment_type": _t(
            "اختبار أداء عملي في مكتب استقبال تدريبي وتقييم أثناء التدريب الميداني.",
            "A practical test at a training front desk and on-the-job assessment.",
        ),
        "grading_scheme": "pass_fail",
        "supervision": "supervised_with_id",
        "stackability": "standalone",
        "prerequisites": _t("لا يوجد.", "None."),
        "further_information": _t(
            "يتضمن أسبوعاً من التدريب في فندق شريك.", "Includes a week's placement in a partner hotel."
        ),
        "entry_requirements": _t("شهادة الثانوية العامة أو ما يعادلها.", "Secondary school certificate or equivalent."),
        "fee_amount": "300",
        "outcomes": [
            _outcome(
                "o1",
                "أن يستقبل النزلاء ويسجّل وصولهم ومغادرتهم باستخدام نظام إدارة الفندق وفق معايير الخدمة.",
                "Check guests in and out using the hotel's property-management system according to service standards.",
                "reception",
            ),
            _outcome(
                "o2",
                "أن يعالج الحجوزات والتعديلات والإلغاءات عبر الهاتف والبريد الإلكتروني بدقة.",
                "Process reservations, changes and cancellations by phone and e-mail accurately.",
                "reservations",
            ),
            _outcome(
                "o3",
                "أن يتعامل مع شكاوى النزلاء في مكتب الاستقبال وفق سياسة الفندق.",
                "Handle guest complaints at the front desk following hotel policy.",
                "customer complaints",
            ),
            _outcome(
                "o4",
                "أن يعدّ فاتورة النزيل ويستلم الدفعات بالعملات المختلفة وفق إجراءات الصندوق.",
                "Prepare guest bills and receive payments in different currencies following cash-desk procedures.",
                "payments",
            ),
        ],
        "activities": [
            {
                "title": _t("تدريب على نظام إدارة الفندق", "Property-management system training"),
                "kind": "workshop",
                "hours": 25,
                "outcomes": ["o1", "o2", "o4"],
            },
            {
                "title": _t("لعب أدوار لخدمة النزلاء", "Guest-service role plays"),
                "kind": "simulation",
                "hours": 15,
                "outcomes": ["o3"],
            },
            {
                "title": _t("تدريب ميداني في فندق", "Hotel placement"),
                "kind": "placement",
                "hours": 30,
                "outcomes": ["o1", "o2", "o3", "o4"],
            },
        ],
        "assessments": [
            {
                "title": _t("اختبار أداء في مكتب تدريبي", "Practical test at a training desk"),
                "method": "practical",
                "weighting": 50,
                "criteria": _t(
                    "إنجاز سيناريوهات الوصول والمغادرة والحجز دون أخطاء.",
                    "Check-in, check-out and booking scenarios completed without errors.",
                ),
                "outcomes": ["o1", "o2", "o4"],
            },
            {
                "title": _t("تقييم المشرف أثناء التدريب", "Supervisor's placement assessment"),
                "method": "observation",
                "weighting": 50,
                "criteria": _t(
                    "قائمة رصد سلوكيات الخدمة والتعامل مع الشكاوى.",
                    "Checklist of service behaviours and complaint handling.",
                ),
                "outcomes": ["o1", "o3"],
            },
        ],
    },
    {
        "organisation": "sahel-tech",
        "unit": "Continuing Vocational Training Centre",
        "code": "SOLAR-PV-01",
        "eqf": 5,
        **_common("جامعة الساحل التقنية", "Al-Sahel Technical University"),
        "title": _t("تركيب أنظمة الطاقة الشمسية الكهروضوئية وصيانتها", "Solar PV installation and maintenance"),
        "need": _t(
            "يتزايد الاعتماد على الطاقة الشمسية لمواجهة انقطاع الكهرباء، ويحتاج السوق إلى فنيين مؤهلين يركّبون الأنظمة بأمان.",
            "Reliance on solar power is growing to cope with power cuts, and the market needs qualified technicians who install systems safely.",
        ),
        "need_evidence": _t(
            "دراسة سلطة الطاقة 2024 ومجلس المهن الهندسية حول حوادث التركيب غير الآمن.",
            "Energy Authority study (2024) and the Council of Engineering Professions' report on unsafe installations.",
        ),
        "target_group": _t(
            "خريجو الكهرباء المهنية والفنيون العاملون في قطاع الطاقة.",
            "Vocational electrical graduates and technicians in the energy sector.",
        ),
        "co_design_partners": _t(
            "مجلس المهن الهندسية وشركة البناء الحديث للمقاولات.",
            "The Council of Engineering Professions and Modern Build Contracting.",
        ),
        "isced_code": "0713",
        "notional_hours": 150,
        "ects": "6",
        "participation_mode": "blended",
        "duration_weeks": 8,
        "languages": ["ar"],
        "assessment_type": _t(
            "اختبار عملي لتركيب نظام وتشغيله، واختبار قصير في حسابات التصميم.",
            "A practical installation and commissioning test, and a short sizing-calculation test.",
        ),
        "grading_scheme": "percentage",
        "grading_description": _t(
            "النجاح 70%، ويجب اجتياز بنود السلامة كلها.", "Pass mark 70%, and every safety item must be passed."
        ),
        "supervision": "supervised_with_id",
        "stackability": "integrated",
        "stackable_towards": _t(
            "دبلوم الطاقة المتجددة في الجامعة (6 وحدات من أصل 60).",
            "The university's diploma in renewable energy (6 of its 60 ECTS).",
        ),
        "prerequisites": _t("أساسيات التمديدات الكهربائية.", "Basic electrical installation."),
        "further_information": _t(
            "يشمل التدريب على معدات الحماية من السقوط والعمل على الأسطح.",
            "Includes training in fall protection and roof work.",
        ),
        "entry_requirements": _t(
            "دبلوم مهني في الكهرباء أو خبرة سنتين.", "A vocational diploma in electrics or two years' experience."
        ),
        "fee_amount": "1100",
        "outcomes": [
            _outcome(
                "o1",
                "أن يحسب حجم نظام كهروضوئي منزلي بناءً على الاستهلاك اليومي وبيانات الإشعاع الشمسي.",
                "Calculate the size of a household PV system based on daily consumption and solar irradiation data.",
                "photovoltaic",
            ),
            _outcome(
                "o2",
                "أن يركّب الألواح والعاكس والبطاريات على الأسطح وفق الكود الكهربائي وتعليمات الشركة المصنّعة.",
                "Install panels, inverter and batteries on rooftops according to the electrical code and manufacturer instructions.",
                "solar panels",
            ),
            _outcome(
                "o3",
                "أن يشخّص أعطال الأنظمة الكهروضوئية باستخدام أجهزة القياس لتحديد سبب انخفاض الإنتاج.",
                "Diagnose faults in PV systems using measuring instruments to find the cause of low output.",
                "maintenance",
            ),
            _outcome(
                "o4",
                "أن يطبّق إجراءات السلامة للعمل على المرتفعات والتيار المستمر في مواقع التركيب.",
                "Apply safety procedures for work at height and with direct current on installation sites.",
                "safety",
            ),
        ],
        "activities": [
            {
                "title": _t("وحدات نظرية عبر الإنترنت", "Online theory modules"),
                "kind": "online",
                "hours": 40,
                "outcomes": ["o1", "o4"],
            },
            {
                "title": _t("ورش التركيب العملي", "Installation workshops"),
                "kind": "workshop",
                "hours": 60,
                "outcomes": ["o2", "o4"],
            },
            {
                "title": _t("صيانة أنظمة قائمة مع شريك", "Maintenance of live systems with a partner"),
                "kind": "placement",
                "hours": 40,
                "outcomes": ["o3"],
            },
        ],
        "assessments": [
            {
                "title": _t("اختبار التركيب والتشغيل", "Installation and commissioning test"),
                "method": "practical",
                "weighting": 60,
                "criteria": _t(
                    "تركيب مطابق للكود، وتشغيل ناجح، والالتزام بالسلامة.",
                    "Code-compliant installation, successful commissioning, safe work.",
                ),
                "outcomes": ["o2", "o3", "o4"],
            },
            {
                "title": _t("اختبار حسابات التصميم", "Sizing-calculation test"),
                "method": "written_exam",
                "weighting": 40,
                "criteria": _t(
                    "صحة الحسابات وتبرير اختيار المكونات.", "Correct calculations and justified component choice."
                ),
                "outcomes": ["o1"],
            },
        ],
    },
    {
        "organisation": "bahr-college",
        "unit": "Department of Administrative and Financial Sciences",
        "code": "BOOKKEEPING-01",
        "eqf": 4,
        **_common("كلية البحر الجامعية", "Al-Bahr University College"),
        "title": _t("مسك الدفاتر الرقمي للمنشآت الصغيرة", "Digital bookkeeping for small enterprises"),
        "need": _t(
            "تعتمد معظم المنشآت الصغيرة في غزة على دفاتر ورقية، مما يصعّب حصولها على التمويل والالتزام الضريبي.",
            "Most small businesses in Gaza keep paper books, which makes finance and tax compliance hard.",
        ),
        "need_evidence": _t(
            "مسح الغرفة التجارية 2025 لـ 300 منشأة صغيرة.", "Chamber of Commerce survey of 300 small businesses (2025)."
        ),
        "target_group": _t(
            "أصحاب المنشآت الصغيرة والعاملون في المحاسبة دون مؤهل جامعي، والنساء العاملات من المنزل.",
            "Small-business owners, bookkeepers without a degree, and women running home businesses.",
        ),
        "co_design_partners": _t(
            "شركة قلقيلية للصناعات الغذائية والغرفة التجارية.", "Qalqilya Food Industries and the Chamber of Commerce."
        ),
        "isced_code": "0411",
        "notional_hours": 75,
        "ects": "3",
        "participation_mode": "online",
        "duration_weeks": 6,
        "languages": ["ar"],
        "assessment_type": _t(
            "مهام عملية على برنامج محاسبة سحابي وملف إنجاز لمنشأة حقيقية.",
            "Practical tasks in cloud accounting software and a portfolio for a real business.",
        ),
        "grading_scheme": "pass_fail",
        "supervision": "supervised_no_id",
        "stackability": "standalone",
        "prerequisites": _t("مهارات أساسية في استخدام الحاسوب.", "Basic computer skills."),
        "further_information": _t(
            "تُقدَّم بالكامل عبر الإنترنت لتناسب ظروف التنقل.", "Delivered fully online to suit travel restrictions."
        ),
        "entry_requirements": _t(
            "شهادة الثانوية العامة أو إدارة منشأة قائمة.", "Secondary school certificate, or running a business."
        ),
        "fee_amount": "250",
        "fee_notes": _t(
            "إعفاء كامل للنساء صاحبات المشاريع المنزلية.", "Full waiver for women running home businesses."
        ),
        "outcomes": [
            _outcome(
                "o1",
                "أن يسجّل القيود اليومية للمبيعات والمشتريات في برنامج محاسبة سحابي وفق المبادئ المحاسبية.",
                "Record daily sales and purchase entries in cloud accounting software following accounting principles.",
                "bookkeeping",
            ),
            _outcome(
                "o2",
                "أن يعدّ تسوية بنكية شهرية لحساب المنشأة باستخدام كشف الحساب البنكي.",
                "Prepare a monthly bank reconciliation for the business using the bank statement.",
                "bank reconciliation",
            ),
            _outcome(
                "o3",
                "أن يعدّ قائمة الدخل والميزانية العمومية لمنشأة صغيرة في نهاية الفترة المحاسبية.",
                "Prepare the income statement and balance sheet of a small business at the end of the accounting period.",
                "financial statements",
            ),
            _outcome(
                "o4",
                "أن يستخدم تقارير البرنامج لمتابعة الذمم المدينة والدائنة في المنشأة.",
                "Use the software's reports to follow up the business's receivables and payables.",
                "accounting",
            ),
        ],
        "activities": [
            {
                "title": _t("دروس مصورة وتمارين", "Video lessons and exercises"),
                "kind": "online",
                "hours": 30,
                "outcomes": ["o1", "o2", "o3"],
            },
            {
                "title": _t("جلسات تطبيق مباشرة", "Live practice sessions"),
                "kind": "workshop",
                "hours": 20,
                "outcomes": ["o1", "o4"],
            },
            {
                "title": _t("مشروع لمنشأة حقيقية", "Project for a real business"),
                "kind": "project",
                "hours": 25,
                "outcomes": ["o2", "o3", "o4"],
            },
        ],
        "assessments": [
            {
                "title": _t("مهام عملية على البرنامج", "Practical software tasks"),
                "method": "practical",
                "weighting": 50,
                "criteria": _t("قيود صحيحة ومتوازنة.", "Correct, balanced entries."),
                "outcomes": ["o1", "o4"],
            },
            {
                "title": _t("ملف إنجاز لمنشأة حقيقية", "Portfolio for a real business"),
                "method": "portfolio",
                "weighting": 50,
                "criteria": _t("تسوية وقوائم مالية صحيحة ومكتملة.", "Correct, complete reconciliation and statements."),
                "outcomes": ["o2", "o3"],
            },
        ],
    },
    {
        # A first draft, written the way first drafts often are: the linter has a lot to say.
        "organisation": "marj-cc",
        "unit": "Department of Agricultural Technology",
        "code": "SMART-IRRIGATION-01",
        "eqf": None,
        "title": _t("أساسيات الري الذكي", ""),
        "need": _t("الري مهم للمزارعين.", ""),
        "notional_hours": 200,
        "ects": "3",
        "stackability": "integrated",
        "outcomes": [
            {"key": "o1", "text": _t("أن يعرف أنواع أنظمة الري", "Know the types of irrigation systems")},
            {"key": "o2", "text": _t("يفهم أهمية المياه", "Understand the importance of water")},
        ],
        "activities": [{"title": _t("محاضرات", "Lectures"), "hours": 20, "outcomes": []}],
        "assessments": [{"title": _t("امتحان نهائي", "Final exam"), "weighting": 80, "outcomes": ["o1"]}],
    },
]

_EXTRA_KEYS = ("organisation", "unit", "code", "eqf")


def _designer(organisation: Organisation) -> Any:
    membership = (
        Membership.objects.current()
        .filter(organisation=organisation, role=Role.MC_DESIGNER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _levels(eqf: int | None) -> dict[str, Any]:
    if eqf is None:
        return {}
    nqf = next((n for n, e in sorted(vocab.nqf_to_eqf_table().items()) if e == eqf), None)
    return {"eqf_level": eqf, "nqf_level": nqf}


def _skills(outcome: dict[str, Any]) -> list[str]:
    found = [uri for uri in outcome.get("uris", []) if vocab.skill_exists(uri)]
    if outcome.get("search"):
        for skill in vocab.search_skills(outcome["search"], limit=2):
            if skill.uri not in found:
                found.append(skill.uri)
                break
    return found


def _data(spec: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in spec.items() if k not in _EXTRA_KEYS}
    data.update(_levels(spec.get("eqf")))
    if data.get("ects") and spec.get("eqf") is not None:
        ratio = vocab.credit_rules().ects_per_credit_hour
        data["credit_hours"] = str((Decimal(data["ects"]) / ratio).quantize(Decimal("0.1")))
    data["outcomes"] = [
        {"key": o["key"], "text": o["text"], **({"skills": _skills(o)} if "search" in o or "uris" in o else {})}
        for o in spec.get("outcomes", [])
    ]
    return data


def load(context: dict[str, Any]) -> None:
    """Create the demo specifications that are not there yet (as drafts: the quality demo moves them on)."""
    organisations: dict[str, Organisation] = context.get("organisations") or {
        o.slug: o for o in Organisation.objects.all()
    }
    created = []
    for spec in SPECIFICATIONS:
        organisation = organisations.get(spec["organisation"])
        if (
            organisation is None
            or MicroCredential.objects.filter(organisation=organisation, code=spec["code"]).exists()
        ):
            continue
        actor = _designer(organisation)
        unit = organisation.units.filter(name__en=spec.get("unit", "")).first()
        version = micro_credential_create(
            organisation=organisation, code=spec["code"], title=spec["title"], unit=unit, actor=actor
        )
        specification_version_load(version=version, data=_data(spec), actor=actor)
        created.append(version.pk)
    context["design"] = {"specifications": MicroCredential.objects.count(), "created": created}
