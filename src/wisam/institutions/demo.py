"""The demo's national scenario: AQAC, two ministries, eight institutions, employers and one person per role.

Every name is fictional (the national bodies excepted). Loading is idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth.hashers import make_password

from wisam.core.i18n import bilingual
from wisam.institutions.models import Gender, Membership, Organisation, OrganisationUnit, Region, User
from wisam.institutions.roles import OrganisationKind as K
from wisam.institutions.roles import Role
from wisam.institutions.roles import UnitKind as U
from wisam.institutions.services import (
    learner_register,
    membership_grant,
    organisation_create,
    unit_create,
    user_create,
)

DEMO_PASSWORD = "wisam-demo-2026"  # noqa: S105 - published on purpose: it only opens the demo


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    kind: str
    ar: str
    en: str
    region: str
    city_ar: str
    city_en: str
    sector: str = ""
    units: tuple[tuple[str, str, str], ...] = ()


CE = U.CONTINUING_EDUCATION_CENTRE
ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "aqac",
        K.ACCREDITATION_BODY,
        "هيئة الاعتماد والجودة والنوعية للمؤسسات التعليمية",
        "Accreditation and Quality Assurance Commission (AQAC)",
        Region.RAMALLAH,
        "رام الله",
        "Ramallah",
    ),
    DemoOrganisation(
        "mohe",
        K.MINISTRY,
        "وزارة التعليم العالي والبحث العلمي",
        "Ministry of Higher Education and Scientific Research",
        Region.RAMALLAH,
        "رام الله",
        "Ramallah",
    ),
    DemoOrganisation("mol", K.MINISTRY, "وزارة العمل", "Ministry of Labour", Region.RAMALLAH, "رام الله", "Ramallah"),
    DemoOrganisation(
        "karmil",
        K.UNIVERSITY_TRADITIONAL,
        "جامعة الكرمل",
        "Al-Karmil University",
        Region.RAMALLAH,
        "رام الله",
        "Ramallah",
        units=(
            (U.FACULTY, "كلية تكنولوجيا المعلومات", "Faculty of Information Technology"),
            (U.FACULTY, "كلية الأعمال والاقتصاد", "Faculty of Business and Economics"),
            (CE, "مركز التعليم المستمر", "Centre for Continuing Education"),
            (U.QUALITY_UNIT, "دائرة ضمان الجودة", "Quality Assurance Department"),
        ),
    ),
    DemoOrganisation(
        "zaytoun",
        K.UNIVERSITY_TRADITIONAL,
        "جامعة الزيتون الوطنية",
        "Al-Zaytoun National University",
        Region.NABLUS,
        "نابلس",
        "Nablus",
        units=(
            (U.FACULTY, "كلية الطب والعلوم الصحية", "Faculty of Medicine and Health Sciences"),
            (U.FACULTY, "كلية الهندسة", "Faculty of Engineering"),
            (CE, "مركز التعليم المستمر وخدمة المجتمع", "Continuing Education and Community Service Centre"),
        ),
    ),
    DemoOrganisation(
        "nour-open",
        K.UNIVERSITY_OPEN,
        "جامعة النور المفتوحة",
        "Al-Nour Open University",
        Region.HEBRON,
        "الخليل",
        "Hebron",
        units=(
            (U.FACULTY, "كلية التربية", "Faculty of Education"),
            (CE, "مركز التعلم مدى الحياة", "Lifelong Learning Centre"),
        ),
    ),
    DemoOrganisation(
        "sahel-tech",
        K.UNIVERSITY_TECHNICAL,
        "جامعة الساحل التقنية",
        "Al-Sahel Technical University",
        Region.TULKARM,
        "طولكرم",
        "Tulkarm",
        units=(
            (U.FACULTY, "كلية الهندسة والتكنولوجيا", "Faculty of Engineering and Technology"),
            (CE, "مركز التدريب المهني المستمر", "Continuing Vocational Training Centre"),
        ),
    ),
    DemoOrganisation(
        "bahr-college",
        K.UNIVERSITY_COLLEGE,
        "كلية البحر الجامعية",
        "Al-Bahr University College",
        Region.GAZA,
        "غزة",
        "Gaza",
        units=(
            (U.DEPARTMENT, "قسم العلوم الإدارية والمالية", "Department of Administrative and Financial Sciences"),
            (CE, "مركز التعليم المستمر", "Centre for Continuing Education"),
        ),
    ),
    DemoOrganisation(
        "mahd-college",
        K.UNIVERSITY_COLLEGE,
        "كلية المهد الجامعية للعلوم التطبيقية",
        "Al-Mahd University College of Applied Sciences",
        Region.BETHLEHEM,
        "بيت لحم",
        "Bethlehem",
        units=(
            (U.DEPARTMENT, "قسم السياحة والآثار", "Department of Tourism and Heritage"),
            (CE, "مركز خدمة المجتمع والتعليم المستمر", "Community Service and Continuing Education Centre"),
        ),
    ),
    DemoOrganisation(
        "marj-cc",
        K.COMMUNITY_COLLEGE,
        "كلية مرج ابن عامر المجتمعية",
        "Marj Ibn Amer Community College",
        Region.JENIN,
        "جنين",
        "Jenin",
        units=(
            (U.DEPARTMENT, "قسم التكنولوجيا الزراعية", "Department of Agricultural Technology"),
            (CE, "وحدة التعليم المستمر", "Continuing Education Unit"),
        ),
    ),
    DemoOrganisation(
        "ariha-cc",
        K.COMMUNITY_COLLEGE,
        "كلية أريحا المجتمعية للسياحة والضيافة",
        "Jericho Community College for Tourism and Hospitality",
        Region.JERICHO,
        "أريحا",
        "Jericho",
        units=(
            (U.DEPARTMENT, "قسم الضيافة", "Department of Hospitality"),
            (CE, "مركز التدريب المستمر", "Continuing Training Centre"),
        ),
    ),
    DemoOrganisation(
        "zaytouna-soft",
        K.EMPLOYER,
        "شركة زيتونة للبرمجيات",
        "Zaytouna Software",
        Region.RAMALLAH,
        "رام الله",
        "Ramallah",
        sector="ict",
    ),
    DemoOrganisation(
        "amal-hospital",
        K.EMPLOYER,
        "مستشفى الأمل التخصصي",
        "Al-Amal Specialised Hospital",
        Region.HEBRON,
        "الخليل",
        "Hebron",
        sector="health",
    ),
    DemoOrganisation(
        "mahd-hotels",
        K.EMPLOYER,
        "مجموعة فنادق المهد",
        "Al-Mahd Hotels Group",
        Region.BETHLEHEM,
        "بيت لحم",
        "Bethlehem",
        sector="tourism",
    ),
    DemoOrganisation(
        "qalqilya-foods",
        K.EMPLOYER,
        "شركة قلقيلية للصناعات الغذائية",
        "Qalqilya Food Industries",
        Region.QALQILYA,
        "قلقيلية",
        "Qalqilya",
        sector="business",
    ),
    DemoOrganisation(
        "bina-contracting",
        K.EMPLOYER,
        "شركة البناء الحديث للمقاولات",
        "Modern Build Contracting",
        Region.GAZA,
        "غزة",
        "Gaza",
        sector="engineering",
    ),
    DemoOrganisation(
        "engineers-council",
        K.PROFESSIONAL_BODY,
        "مجلس المهن الهندسية",
        "Council of Engineering Professions",
        Region.RAMALLAH,
        "رام الله",
        "Ramallah",
        sector="engineering",
    ),
)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    ar: str
    en: str
    organisation: str
    roles: tuple[str, ...]
    language: str = "ar"


PEOPLE: tuple[DemoPerson, ...] = (
    # National bodies
    DemoPerson("officer@aqac.example", "سلمى الخطيب", "Salma Al-Khatib", "aqac", (Role.AQAC_OFFICER,)),
    DemoPerson("evaluator@aqac.example", "د. يوسف حمدان", "Dr Yousef Hamdan", "aqac", (Role.AQAC_EVALUATOR,), "en"),
    DemoPerson("evaluator2@aqac.example", "د. ريم عودة", "Dr Reem Odeh", "aqac", (Role.AQAC_EVALUATOR,)),
    DemoPerson("commission@aqac.example", "أ.د. خليل منصور", "Prof. Khalil Mansour", "aqac", (Role.COMMISSION_MEMBER,)),
    DemoPerson("admin@aqac.example", "نادر شحادة", "Nader Shehadeh", "aqac", (Role.INSTITUTION_ADMIN,)),
    DemoPerson("analyst@mohe.example", "هبة القاسم", "Hiba Al-Qasem", "mohe", (Role.MINISTRY_ANALYST,)),
    DemoPerson("analyst@mol.example", "عمر الرجوب", "Omar Al-Rjoub", "mol", (Role.MINISTRY_ANALYST,), "en"),
    # Al-Karmil University: the full team
    DemoPerson("admin@karmil.example", "لينا عبد الله", "Lina Abdullah", "karmil", (Role.INSTITUTION_ADMIN,)),
    DemoPerson("designer@karmil.example", "د. سامر ناصر", "Dr Samer Nasser", "karmil", (Role.MC_DESIGNER,)),
    DemoPerson("qa@karmil.example", "د. منى حداد", "Dr Mona Haddad", "karmil", (Role.QA_OFFICER,)),
    DemoPerson(
        "approver@karmil.example", "أ.د. فادي السعدي", "Prof. Fadi Al-Saadi", "karmil", (Role.INSTITUTIONAL_APPROVER,)
    ),
    DemoPerson("registrar@karmil.example", "رنا يعقوب", "Rana Yaqoub", "karmil", (Role.REGISTRAR,)),
    DemoPerson("recognition@karmil.example", "باسل عيسى", "Basel Issa", "karmil", (Role.RECOGNITION_OFFICER,), "en"),
    # Al-Zaytoun National University: a second full team
    DemoPerson("admin@zaytoun.example", "جميل شاهين", "Jamil Shaheen", "zaytoun", (Role.INSTITUTION_ADMIN,)),
    DemoPerson("designer@zaytoun.example", "د. نسرين جرار", "Dr Nisreen Jarrar", "zaytoun", (Role.MC_DESIGNER,)),
    DemoPerson("qa@zaytoun.example", "د. إياد طوقان", "Dr Iyad Touqan", "zaytoun", (Role.QA_OFFICER,)),
    DemoPerson(
        "approver@zaytoun.example", "أ.د. سهى المصري", "Prof. Suha Al-Masri", "zaytoun", (Role.INSTITUTIONAL_APPROVER,)
    ),
    DemoPerson("registrar@zaytoun.example", "ماهر دويكات", "Maher Dweikat", "zaytoun", (Role.REGISTRAR,)),
    DemoPerson("recognition@zaytoun.example", "أمل كنعان", "Amal Kanaan", "zaytoun", (Role.RECOGNITION_OFFICER,)),
    # The other institutions: an administrator who is also designer, and a registrar
    *(
        DemoPerson(
            f"admin@{slug}.example",
            ar,
            en,
            slug,
            (Role.INSTITUTION_ADMIN, Role.MC_DESIGNER, Role.QA_OFFICER, Role.INSTITUTIONAL_APPROVER),
        )
        for slug, ar, en in (
            ("nour-open", "ختام أبو شرخ", "Khitam Abu Sharkh"),
            ("sahel-tech", "وائل بدران", "Wael Badran"),
            ("bahr-college", "سناء الحلو", "Sanaa Al-Helou"),
            ("mahd-college", "جورج قمصية", "George Qumsiyeh"),
            ("marj-cc", "عبير زيد", "Abeer Zeid"),
            ("ariha-cc", "طارق الأعرج", "Tareq Al-Araj"),
        )
    ),
    *(
        DemoPerson(f"registrar@{slug}.example", ar, en, slug, (Role.REGISTRAR, Role.RECOGNITION_OFFICER))
        for slug, ar, en in (
            ("nour-open", "دعاء التميمي", "Duaa Al-Tamimi"),
            ("sahel-tech", "حسام قعدان", "Hussam Qadan"),
            ("bahr-college", "محمود أبو ندى", "Mahmoud Abu Nada"),
            ("mahd-college", "ميرا صليبا", "Mira Saliba"),
            ("marj-cc", "عماد جرادات", "Imad Jaradat"),
            ("ariha-cc", "سوزان حجازي", "Suzan Hijazi"),
        )
    ),
    # Employers and the professional body
    DemoPerson(
        "hr@zaytouna-soft.example",
        "رامي الشريف",
        "Rami Al-Sharif",
        "zaytouna-soft",
        (Role.EMPLOYER_REPRESENTATIVE,),
        "en",
    ),
    DemoPerson(
        "hr@amal-hospital.example", "د. هالة سمارة", "Dr Hala Samara", "amal-hospital", (Role.EMPLOYER_REPRESENTATIVE,)
    ),
    DemoPerson(
        "hr@mahd-hotels.example", "إلياس زبانة", "Elias Zabaneh", "mahd-hotels", (Role.EMPLOYER_REPRESENTATIVE,)
    ),
    DemoPerson(
        "hr@qalqilya-foods.example", "نضال عمر", "Nidal Omar", "qalqilya-foods", (Role.EMPLOYER_REPRESENTATIVE,)
    ),
    DemoPerson(
        "hr@bina-contracting.example",
        "أحمد الغول",
        "Ahmad Al-Ghoul",
        "bina-contracting",
        (Role.EMPLOYER_REPRESENTATIVE,),
    ),
    DemoPerson(
        "council@engineers-council.example",
        "م. ديمة حنون",
        "Eng. Dima Hanoun",
        "engineers-council",
        (Role.EMPLOYER_REPRESENTATIVE,),
    ),
)


@dataclass(frozen=True)
class DemoLearner:
    email: str
    ar: str
    en: str
    gender: str
    birth_year: int
    region: str


LEARNERS: tuple[DemoLearner, ...] = (
    DemoLearner("huda@learner.example", "هدى سليمان", "Huda Suleiman", Gender.FEMALE, 2001, Region.RAMALLAH),
    DemoLearner("khaled@learner.example", "خالد العمري", "Khaled Al-Omari", Gender.MALE, 1996, Region.NABLUS),
    DemoLearner("noor@learner.example", "نور الهدى بركات", "Nour Al-Huda Barakat", Gender.FEMALE, 1988, Region.GAZA),
    DemoLearner("yazan@learner.example", "يزن الترك", "Yazan Al-Turk", Gender.MALE, 2003, Region.HEBRON),
    DemoLearner("mariam@learner.example", "مريم عابد", "Mariam Abed", Gender.FEMALE, 1999, Region.BETHLEHEM),
    DemoLearner("sami@learner.example", "سامي دراغمة", "Sami Daraghmeh", Gender.MALE, 1979, Region.TUBAS),
)

STAFF_EMAIL = "admin@wisam.example"

# (email, role, organisation slug) of every demo login, for the README, the command's summary and browser tests.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    (person.email, str(role), person.organisation) for person in PEOPLE for role in person.roles
] + [(learner.email, str(Role.LEARNER), "") for learner in LEARNERS]


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Argon2 is slow on purpose; every demo account shares one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _person(email: str, ar: str, en: str, language: str = "ar") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, full_name=bilingual(ar, en), preferred_language=language)
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def load(context: dict[str, Any]) -> None:
    """Create the organisations, units, people and memberships that are not there yet."""
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=spec.slug).first()
        if organisation is None:
            organisation = organisation_create(
                slug=spec.slug,
                kind=spec.kind,
                name=bilingual(spec.ar, spec.en),
                region=spec.region,
                city=bilingual(spec.city_ar, spec.city_en),
                sector=spec.sector,
                website=f"https://{spec.slug}.example",
                email=f"info@{spec.slug}.example",
            )
        for unit_kind, unit_ar, unit_en in spec.units:
            if not OrganisationUnit.objects.filter(organisation=organisation, name__en=unit_en).exists():
                unit_create(organisation=organisation, kind=unit_kind, name=bilingual(unit_ar, unit_en))
        organisations[spec.slug] = organisation

    for person in PEOPLE:
        user = _person(person.email, person.ar, person.en, person.language)
        organisation = organisations[person.organisation]
        for role in person.roles:
            if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
                unit = None
                if role in (Role.MC_DESIGNER, Role.REGISTRAR):
                    unit = organisation.units.filter(kind=CE).first()
                membership_grant(user=user, organisation=organisation, role=role, unit=unit)

    # An AQAC evaluator who also teaches at Al-Zaytoun: assignment must refuse them for Al-Zaytoun's applications.
    reem = User.objects.get(email="evaluator2@aqac.example")
    if not Membership.objects.filter(user=reem, organisation=organisations["zaytoun"]).exists():
        membership_grant(
            user=reem,
            organisation=organisations["zaytoun"],
            role=Role.MC_DESIGNER,
            title=bilingual("محاضرة غير متفرغة", "Part-time lecturer"),
        )

    for learner in LEARNERS:
        user = _person(learner.email, learner.ar, learner.en)
        if not hasattr(user, "learner_profile"):
            learner_register(user=user, gender=learner.gender, birth_year=learner.birth_year, region=learner.region)

    if not User.objects.filter(email=STAFF_EMAIL).exists():
        staff = user_create(
            email=STAFF_EMAIL,
            full_name=bilingual("مشرف المنصة", "Platform administrator"),
            preferred_language="en",
            is_staff=True,
            is_superuser=True,
        )
        staff.password = _demo_password_hash()
        staff.save(update_fields=["password"])
    context["organisations"] = organisations
