"""The demo's internal QA: checklists loaded, the design demo's specifications taken through the workflow.

Runs after wisam.design's demo. The specifications without blocking findings are moved, through the real workflow
(guards, permissions and events included), so that there is at least one version in each state: in internal review,
changes requested, awaiting approval, approved and ready for accreditation; the others (and the one full of findings)
stay drafts. Checklists are partly filled, with comments; co-design partners and an employer's endorsement are
recorded. Idempotent: a version that already has a review is left as it is.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from wisam.core.i18n import bilingual
from wisam.design.models import SpecificationVersion
from wisam.institutions.models import Membership, Organisation, User
from wisam.institutions.roles import Role
from wisam.quality.linting import blocking_findings
from wisam.quality.models import CoDesignPartner, Endorsement, Judgement, Review
from wisam.quality.services import (
    assessment_record,
    checklists_load,
    codesign_partner_add,
    comment_add,
    endorsement_create,
    review_start,
    review_transition,
)
from wisam.quality.workflow import ReviewState

logger = logging.getLogger(__name__)

# Where the clean demo versions go, in this order (the first clean version becomes ready for accreditation, ...).
TARGETS = (
    ReviewState.READY_FOR_ACCREDITATION,
    ReviewState.INTERNAL_REVIEW,
    ReviewState.CHANGES_REQUESTED,
    ReviewState.APPROVED,
    ReviewState.AWAITING_APPROVAL,
)
PARTIAL = {"EU-3", "ESG-1.3c", "ESG-1.6"}


def _person(organisation: Organisation, role: str) -> User | None:
    membership = (
        Membership.objects.current()
        .filter(organisation=organisation, role=role)
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    return membership.user if membership else None


def _judge(review: Review, qa: User, *, share: float = 1.0) -> None:
    assessments = list(review.assessments.select_related("item").order_by("item__checklist__key", "item__order"))
    for assessment in assessments[: max(1, round(len(assessments) * share))]:
        if assessment.item.code in PARTIAL:
            assessment_record(
                assessment=assessment,
                actor=qa,
                judgement=Judgement.PARTIALLY_MET,
                comment="الدليل موجود لكنه غير مكتمل؛ يُستكمل في المراجعة السنوية. Evidence exists but is incomplete.",
                evidence_url="https://example.org/qa/minutes-2026-03.pdf",
            )
        else:
            judgement = assessment.judgement or Judgement.MET
            assessment_record(
                assessment=assessment,
                actor=qa,
                judgement=judgement,
                comment=""
                if judgement == Judgement.MET
                else "يُستكمل في الإصدار القادم. To complete in the next version.",
            )


def _take(review: Review, to: str, people: dict[str, User]) -> None:
    designer, qa, approver = people["designer"], people["qa"], people["approver"]
    review_transition(
        review=review, transition="submit", actor=designer, comment="جاهز للمراجعة الداخلية. Ready for internal review."
    )
    if to == ReviewState.INTERNAL_REVIEW:
        _judge(review, qa, share=0.4)
        item = review.assessments.select_related("item").order_by("item__order").first()
        if item is not None:
            comment_add(
                review=review,
                actor=qa,
                item=item.item,
                body="هل يمكن إرفاق نتائج مسح أصحاب العمل؟ Could you attach the employer survey results?",
            )
        return
    if to == ReviewState.CHANGES_REQUESTED:
        _judge(review, qa, share=0.6)
        question = comment_add(
            review=review,
            actor=qa,
            body="النتاج الثاني يحتاج إلى سياق واضح. Learning outcome 2 needs a clear context.",
        )
        review_transition(
            review=review,
            transition="request_changes",
            actor=qa,
            comment="يرجى توضيح سياق النتاجات وربط التقييم بكل نتاج. Please add contexts and map each assessment.",
        )
        comment_add(
            review=review, actor=designer, parent=question, body="سنضيف السياق هذا الأسبوع. We will add it this week."
        )
        return
    _judge(review, qa)
    review_transition(review=review, transition="recommend", actor=qa, comment="مستوفٍ للمعايير. Meets the checklists.")
    if to == ReviewState.AWAITING_APPROVAL:
        return
    review_transition(review=review, transition="approve", actor=approver, comment="معتمد. Approved.")
    if to == ReviewState.READY_FOR_ACCREDITATION:
        review_transition(review=review, transition="release", actor=approver)


def _codesign(versions: list[SpecificationVersion]) -> None:
    employers = list(Organisation.objects.filter(kind__in=("employer", "professional_body")).order_by("slug"))
    if not employers:
        return
    for index, version in enumerate(versions[:4]):
        micro_credential = version.micro_credential
        if CoDesignPartner.objects.filter(micro_credential=micro_credential).exists():
            continue
        designer = _person(micro_credential.organisation, Role.MC_DESIGNER)
        employer = employers[index % len(employers)]
        codesign_partner_add(
            micro_credential=micro_credential,
            actor=designer,
            kind="professional_body" if employer.kind == "professional_body" else "employer",
            partner_organisation=employer,
            contribution=bilingual(
                "حدّد المهارات المطلوبة في سوق العمل وراجع نتاجات التعلم ومهمة التقييم العملية.",
                "Named the skills the labour market needs and reviewed the learning outcomes and the practical task.",
            ),
            contributed_on=date(2026, 2, 10 + index),
        )
        codesign_partner_add(
            micro_credential=micro_credential,
            actor=designer,
            kind="learners",
            name=bilingual("مجلس اتحاد الطلبة", "Student council"),
            contribution=bilingual(
                "طلب جلسات مسائية وخياراً مدمجاً للعاملين.", "Asked for evening sessions and a blended option."
            ),
            contributed_on=date(2026, 2, 20),
        )


def _endorse(versions: list[SpecificationVersion]) -> None:
    for version in versions:
        micro_credential = version.micro_credential
        partner = (
            CoDesignPartner.objects.filter(
                micro_credential=micro_credential, partner_organisation__kind__in=("employer", "professional_body")
            )
            .select_related("partner_organisation")
            .first()
        )
        if partner is None or partner.partner_organisation is None:
            continue
        representative = _person(partner.partner_organisation, Role.EMPLOYER_REPRESENTATIVE)
        if representative is None:
            continue
        if Endorsement.objects.filter(micro_credential=micro_credential, organisation=partner.partner_organisation):
            return
        endorsement_create(
            micro_credential=micro_credential,
            actor=representative,
            organisation=partner.partner_organisation,
            statement=(
                "شاركنا في تصميم هذه الشهادة، ونرحّب بتوظيف حامليها. "
                "We helped design this micro-credential and welcome its holders as applicants."
            ),
        )
        return


def load(context: dict[str, Any]) -> None:
    checklists_load()
    candidates = list(
        SpecificationVersion.objects.filter(status="draft", reviews__isnull=True)
        .select_related("micro_credential__organisation")
        .order_by("micro_credential__organisation__slug", "micro_credential__code", "number")
    )
    already = Review.objects.exists()
    clean: list[SpecificationVersion] = []
    for version in candidates:
        if not blocking_findings(version):
            clean.append(version)
    reached: dict[str, int] = {}
    if not already:
        for version, target in zip(clean, TARGETS, strict=False):
            organisation = version.micro_credential.organisation
            people = {
                "designer": _person(organisation, Role.MC_DESIGNER),
                "qa": _person(organisation, Role.QA_OFFICER),
                "approver": _person(organisation, Role.INSTITUTIONAL_APPROVER),
            }
            if not all(people.values()):
                logger.warning("demo: %s has no designer, QA officer and approver; left as a draft", organisation)
                continue
            review = review_start(version=version, actor=people["designer"])
            _take(review, target, people)  # type: ignore[arg-type]
            reached[target] = reached.get(target, 0) + 1
        if len(clean) < len(TARGETS):
            logger.warning(
                "demo: only %d specification(s) without blocking findings; some review states are not shown",
                len(clean),
            )
    # Co-design partners and an endorsement on the reviewed micro-credentials first (once: skipped when present).
    reviewed = [
        r.version for r in Review.objects.select_related("version__micro_credential__organisation").order_by("id")
    ]
    others = [
        v
        for v in SpecificationVersion.objects.select_related("micro_credential__organisation").order_by(
            "micro_credential__organisation__slug", "micro_credential__code", "number"
        )
        if v not in reviewed
    ]
    if not CoDesignPartner.objects.exists():
        _codesign(reviewed + others)
    if not Endorsement.objects.exists():
        _endorse(reviewed + others)
    context["quality"] = {"reviews": Review.objects.count(), "states": reached}


# ------------------------------------------------------------------------------------------ the feedback loop

# Learners' free-text remarks and scores for the showcase micro-credential (seven responses: details visible).
LEARNER_REMARKS = (
    (5, "المشروع العملي ربطني بعملي مباشرة.", "More cases from local companies, please."),
    (4, "The mentor's feedback on my project was excellent.", "الوقت المخصص للمشروع النهائي قصير."),
    (4, "الورشات الأسبوعية كانت منظمة وواضحة.", "Add a session on data privacy law."),
    (3, "Good balance of theory and practice.", "التقييم النهائي احتاج إلى معايير أوضح."),
    (5, "تعلمت أدوات أستخدمها كل يوم الآن.", ""),
    (4, "", "More practice with real company data."),
    (2, "The online material was easy to reach.", "الحمل الدراسي أكبر من الساعات المعلنة."),
)
BENEFITS = ("performance", "new_job", "performance", "further_study", "promotion", "not_yet", "performance")
EMPLOYER_SCORES = (5, 4, 4, 3, 5)
EMPLOYER_REMARKS = (
    "Reporting clearly to managers.",
    "مهارات العرض والتواصل مع الإدارة.",
    "Basics of data protection.",
    "",
    "Using the software in Arabic.",
)


def _showcase_micro_credentials() -> list[Any]:
    """The demo institution's (Al-Karmil's) registered micro-credentials, by code."""
    from wisam.accreditation.models import RegisterEntry
    from wisam.design.models import MicroCredential

    registered = RegisterEntry.objects.filter(institution_slug="karmil", micro_credential__isnull=False).values_list(
        "micro_credential_id", flat=True
    )
    return list(MicroCredential.objects.filter(pk__in=list(registered)).order_by("code"))


def _enrol_credential_holders() -> int:
    """An enrolment (passed, linked) for every issued demo credential, started six to ten weeks before its issue."""
    from datetime import timedelta

    from django.utils import timezone

    from wisam.credentials.models import IssuedCredential
    from wisam.quality.models import Enrolment, EnrolmentStatus

    linked = set(Enrolment.objects.filter(credential__isnull=False).values_list("credential_id", flat=True))
    rows = []
    for index, credential in enumerate(
        IssuedCredential.objects.exclude(pk__in=linked).select_related("specification_version").order_by("issued_at")
    ):
        issued_on = timezone.localtime(credential.issued_at).date()
        rows.append(
            Enrolment(
                organisation_id=credential.organisation_id,
                micro_credential_id=credential.specification_version.micro_credential_id,
                specification_version_id=credential.specification_version_id,
                learner_id=credential.learner_id,
                learner_email=credential.learner_email,
                status=EnrolmentStatus.PASSED,
                enrolled_on=issued_on - timedelta(days=42 + 7 * (index % 5)),
                finished_on=issued_on,
                credential=credential,
            )
        )
    Enrolment.objects.bulk_create(rows, ignore_conflicts=True)
    _unfinished_enrolments()
    return len(rows)


def _unfinished_enrolments() -> None:
    """Beside the learners who passed, those who failed or withdrew (no accounts: enrolled before Wisam), in
    different proportions per institution, so that completion and pass rates differ and have a national median."""
    from datetime import timedelta

    from wisam.quality.models import Enrolment, EnrolmentStatus

    if Enrolment.objects.filter(learner_email__startswith="unfinished-").exists():
        return
    passed = (
        Enrolment.objects.filter(status=EnrolmentStatus.PASSED, credential__isnull=False)
        .order_by("organisation_id", "micro_credential_id", "enrolled_on", "id")
        .select_related("specification_version")
    )
    by_micro_credential: dict[int, list[Any]] = {}
    for enrolment in passed:
        by_micro_credential.setdefault(enrolment.micro_credential_id, []).append(enrolment)
    rows = []
    for index, (micro_credential_id, enrolments) in enumerate(sorted(by_micro_credential.items())):
        failed = (len(enrolments) * (index % 4)) // 10  # 0 to 30 % of the passes
        withdrawn = (len(enrolments) * (1 + index % 3)) // 12  # 8 to 25 %
        for n in range(failed + withdrawn):
            model = enrolments[n % len(enrolments)]
            status = EnrolmentStatus.FAILED if n < failed else EnrolmentStatus.WITHDRAWN
            rows.append(
                Enrolment(
                    organisation_id=model.organisation_id,
                    micro_credential_id=micro_credential_id,
                    specification_version_id=model.specification_version_id,
                    learner_email=f"unfinished-{micro_credential_id}-{n + 1:02d}@learner.example",
                    status=status,
                    enrolled_on=model.enrolled_on,
                    finished_on=model.enrolled_on + timedelta(days=21 if status == EnrolmentStatus.WITHDRAWN else 56),
                )
            )
    Enrolment.objects.bulk_create(rows, ignore_conflicts=True)


def _cohort(micro_credential: Any, size: int, year: int) -> None:
    """A cohort without accounts (learners enrolled before Wisam): passed, failed, withdrawn and still enrolled."""
    from datetime import date, timedelta

    from wisam.quality.models import Enrolment, EnrolmentStatus
    from wisam.quality.services import _enrolment_version

    prefix = f"cohort-{micro_credential.code.lower()}-"
    if Enrolment.objects.filter(micro_credential=micro_credential, learner_email__startswith=prefix).exists():
        return
    pattern = [EnrolmentStatus.PASSED] * 6 + [
        EnrolmentStatus.FAILED,
        EnrolmentStatus.WITHDRAWN,
        EnrolmentStatus.ENROLLED,
    ]
    start = date(year, 2, 1)
    version = _enrolment_version(micro_credential)
    rows = []
    for n in range(size):
        status = pattern[n % len(pattern)]
        rows.append(
            Enrolment(
                organisation_id=micro_credential.organisation_id,
                micro_credential=micro_credential,
                specification_version=version,
                learner_email=f"{prefix}{n + 1:02d}@learner.example",
                status=status,
                enrolled_on=start + timedelta(days=7 * (n % 4)),
                finished_on=None if status == EnrolmentStatus.ENROLLED else start + timedelta(days=70 + 7 * (n % 4)),
            )
        )
    Enrolment.objects.bulk_create(rows, ignore_conflicts=True)


def _learner_responses(micro_credential: Any, count: int, year: int) -> None:
    """Anonymous learner responses (no receipt: these learners answered on paper, before Wisam)."""
    from django.utils import timezone

    from wisam.quality import surveys
    from wisam.quality.models import SurveyResponse
    from wisam.quality.selectors import survey_instrument_current

    if SurveyResponse.objects.filter(micro_credential=micro_credential, audience="learner", year=year).exists():
        return
    instrument = survey_instrument_current(code=surveys.LEARNER_INSTRUMENT)
    assert instrument is not None
    rows = []
    for n in range(count):
        score, worked, improve = LEARNER_REMARKS[n % len(LEARNER_REMARKS)]
        raw: dict[str, Any] = {
            q["id"]: max(1, min(5, score + (n + i) % 3 - 1))
            for i, q in enumerate(instrument.questions)
            if q["type"] == "likert5"
        }
        raw["overall_satisfied"] = score
        raw["benefit"] = BENEFITS[n % len(BENEFITS)]
        raw["worked_well"], raw["to_improve"] = worked, improve
        answers, overall = surveys.answers_clean(instrument.questions, raw)
        rows.append(
            SurveyResponse(
                instrument=instrument,
                organisation_id=micro_credential.organisation_id,
                micro_credential=micro_credential,
                audience="learner",
                year=year,
                submitted_at=timezone.now(),
                overall=overall,
                answers=answers,
            )
        )
    SurveyResponse.objects.bulk_create(rows)


def _employer_responses(micro_credential: Any, count: int, year: int) -> None:
    """Employers' answers through the service (one per organisation and year, with the receipt)."""
    from django.core.exceptions import ValidationError

    from wisam.quality.models import SurveyReceipt
    from wisam.quality.services import survey_answer_employer

    employers = Organisation.objects.filter(kind__in=("employer", "professional_body")).order_by("slug")
    done = 0
    for n, organisation in enumerate(employers):
        if done >= count:
            break
        representative = _person(organisation, Role.EMPLOYER_REPRESENTATIVE)
        if representative is None:
            continue
        done += 1
        if SurveyReceipt.objects.filter(
            respondent_organisation=organisation, micro_credential=micro_credential, year=year
        ).exists():
            continue
        score = EMPLOYER_SCORES[n % len(EMPLOYER_SCORES)]
        answers = {
            "relationship": ("employ", "co_designed", "endorsed", "interviewed", "employ")[n % 5],
            "skills_applied": score,
            "content_relevant": min(5, score + 1),
            "work_ready": max(1, score - 1),
            "overall_satisfied": score,
            "prefer_holders": score,
            "missing_skills": EMPLOYER_REMARKS[n % len(EMPLOYER_REMARKS)],
        }
        try:
            survey_answer_employer(
                micro_credential=micro_credential,
                actor=representative,
                organisation=organisation,
                answers=answers,
                year=year,
            )
        except ValidationError as error:  # pragma: no cover - demo data is valid
            logger.warning("demo employer answer refused: %s", error)


def _annual_review(micro_credential: Any, year: int) -> Any:
    """A completed annual review that carried its changes into a new, released specification version."""
    from wisam.design.services import specification_version_set_status, specification_version_update
    from wisam.quality.models import AnnualReview
    from wisam.quality.services import (
        annual_review_carry_changes,
        annual_review_complete,
        annual_review_record_decision,
        annual_review_start,
    )

    existing = AnnualReview.objects.filter(micro_credential=micro_credential, year=year).first()
    if existing is not None:
        return existing
    if micro_credential.versions.filter(status__in=("draft", "changes_requested")).exists():
        return None  # someone is editing it: no new version can be started
    qa = _person(micro_credential.organisation, Role.QA_OFFICER)
    approver = _person(micro_credential.organisation, Role.INSTITUTIONAL_APPROVER)
    review = annual_review_start(micro_credential=micro_credential, year=year, actor=qa)
    annual_review_record_decision(
        review=review,
        decision="revise",
        notes=(
            "Learners find the final project short and the workload above the stated hours; employers ask for "
            "data-privacy basics. Revise: a longer project, a privacy session, clearer assessment criteria."
        ),
        actor=qa,
    )
    version = annual_review_carry_changes(
        review=review,
        change_summary=bilingual(
            "مشروع نهائي أطول، وجلسة جديدة عن حماية البيانات، ومعايير تقييم أوضح، استجابةً لآراء المتعلمين وأصحاب العمل.",
            "A longer final project, a new session on data protection and clearer assessment criteria, "
            "in response to learners' and employers' feedback.",
        ),
        actor=qa,
    )
    weeks = (version.duration_weeks or 8) + 2
    specification_version_update(
        version=version,
        actor=qa,
        fields={
            "duration_weeks": weeks,
            "guidance": bilingual(
                "مرشد لكل مجموعة، وجلسة عن حماية البيانات الشخصية قبل المشروع النهائي.",
                "An adviser for each cohort, and a session on personal-data protection before the final project.",
            ),
        },
    )
    for status in ("in_review", "approved", "ready_for_accreditation"):
        specification_version_set_status(
            version=version, status=status, actor=approver, note="Demo: the annual review's revision, approved."
        )
    return annual_review_complete(review=review, actor=qa)


def load_late(context: dict[str, Any]) -> None:
    """The feedback loop, once credentials are issued: enrolments, survey answers, KPIs and an annual review."""
    from django.utils import timezone

    from wisam.quality.services import survey_instruments_load

    survey_instruments_load()
    enrolled = _enrol_credential_holders()
    year = timezone.localdate().year
    showcase = _showcase_micro_credentials()
    if not showcase:
        context["quality_loop"] = {"note": "no registered micro-credential at Al-Karmil: no feedback demo"}
        return
    primary = showcase[0]
    _cohort(primary, 18, year)
    _learner_responses(primary, 7, year)  # seven: details and free texts are shown
    _employer_responses(primary, 5, year)
    for other in showcase[1:3]:
        _cohort(other, 9, year)
        _learner_responses(other, 3, year)  # three: "fewer than five — hidden"
        _employer_responses(other, 2, year)
    review = _annual_review(primary, year)
    context["quality_loop"] = {
        "enrolments_linked": enrolled,
        "showcase": primary.code,
        "annual_review": review.pk if review else None,
    }
