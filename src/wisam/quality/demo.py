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
