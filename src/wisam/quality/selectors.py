"""Reads for internal QA: reviews, queues per role, checklist judgements, discussions, co-design and endorsements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from wisam.core.events import events_for
from wisam.core.models import DomainEvent
from wisam.core.policy import scope
from wisam.design.models import MicroCredential
from wisam.quality.models import (
    Checklist,
    ChecklistItem,
    CoDesignPartner,
    Comment,
    Endorsement,
    ItemAssessment,
    Judgement,
    Review,
)
from wisam.quality.workflow import APPROVE, ASSESS, SUBMIT, ReviewState


def review_for_version(*, version: Any) -> Review | None:
    """The version's active review, or its most recent one (a version ready for accreditation has a closed one)."""
    return (
        Review.objects.filter(version=version).order_by("-is_active", "-started_at", "-id").first()
        if version.pk
        else None
    )


def reviews_visible(*, user: Any) -> QuerySet[Review]:
    return scope(user, "review.view", Review.objects.all()).select_related("version__micro_credential", "organisation")


@dataclass
class Queue:
    """One role's to-do list: `key` names the role's queue, `reviews` the versions waiting for them."""

    key: str
    title: str
    reviews: list[Review] = field(default_factory=list)


def review_queues(*, user: Any) -> list[Queue]:
    """What waits for this person: QA officers — versions to review; approvers — to approve or release;
    designers — versions with changes requested."""
    from django.utils.translation import gettext as _

    def listed(action: str, states: list[str]) -> list[Review]:
        queryset = scope(user, action, Review.objects.filter(state__in=states, is_active=True))
        return list(queryset.select_related("version__micro_credential", "organisation").order_by("state_changed_at"))

    queues = [
        Queue("assess", _("Versions awaiting your review"), listed(ASSESS, [ReviewState.INTERNAL_REVIEW])),
        Queue(
            "approve",
            _("Versions awaiting your approval"),
            listed(APPROVE, [ReviewState.AWAITING_APPROVAL, ReviewState.APPROVED]),
        ),
        Queue("revise", _("Versions with changes requested"), listed(SUBMIT, [ReviewState.CHANGES_REQUESTED])),
    ]
    return queues


def review_assessments(*, review: Review) -> QuerySet[ItemAssessment]:
    return review.assessments.select_related("item__checklist", "judged_by").order_by(
        "item__checklist__key", "item__order", "item_id"
    )


@dataclass
class ChecklistSection:
    checklist: Checklist
    assessments: list[ItemAssessment]

    @property
    def judged(self) -> int:
        return sum(1 for a in self.assessments if a.judgement)


def review_checklist_sections(*, review: Review) -> list[ChecklistSection]:
    by_checklist: dict[int, list[ItemAssessment]] = defaultdict(list)
    checklists: dict[int, Checklist] = {}
    for assessment in review_assessments(review=review):
        by_checklist[assessment.item.checklist_id].append(assessment)
        checklists[assessment.item.checklist_id] = assessment.item.checklist
    return [ChecklistSection(checklists[pk], items) for pk, items in sorted(by_checklist.items())]


def review_unjudged_items(*, review: Review) -> list[ChecklistItem]:
    return [a.item for a in review_assessments(review=review).filter(judgement="")]


def review_items_not_met(*, review: Review) -> list[ItemAssessment]:
    return list(review_assessments(review=review).filter(judgement=Judgement.NOT_MET))


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]


def review_threads(*, review: Review) -> dict[int | None, list[Thread]]:
    """The discussion, threaded: for each checklist item id (None: the review as a whole), its top-level comments
    with their replies, oldest first."""
    comments = list(review.comments.select_related("author", "item").order_by("created_at", "id"))
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
    threads: dict[int | None, list[Thread]] = defaultdict(list)
    for comment in comments:
        if not comment.parent_id:
            threads[comment.item_id].append(Thread(comment, _flatten(comment.pk, replies)))
    return dict(threads)


def _flatten(root: int, replies: dict[int, list[Comment]]) -> list[Comment]:
    out: list[Comment] = []
    for reply in replies.get(root, []):
        out.append(reply)
        out.extend(_flatten(reply.pk, replies))
    return out


def review_timeline(*, review: Review) -> QuerySet[DomainEvent]:
    """Everything that happened in this review, from the event log, oldest first."""
    return events_for(review).select_related("actor")


def version_timeline(*, version: Any) -> list[DomainEvent]:
    """Every review event of every review of the version, oldest first."""
    events: list[DomainEvent] = []
    for review in Review.objects.filter(version=version).order_by("started_at"):
        events.extend(review_timeline(review=review))
    return sorted(events, key=lambda e: e.sequence)


def codesign_partners(*, micro_credential: Any) -> QuerySet[CoDesignPartner]:
    return CoDesignPartner.objects.filter(micro_credential=micro_credential).select_related("partner_organisation")


def endorsements_for(*, micro_credential: Any, user: Any) -> QuerySet[Endorsement]:
    """The active endorsements of a micro-credential the user may see (for the specification page)."""
    return scope(
        user,
        "endorsement.view",
        Endorsement.objects.filter(micro_credential=micro_credential, withdrawn_at__isnull=True),
    ).select_related("organisation", "endorsed_by", "version")


def endorsable_micro_credentials(*, user: Any) -> QuerySet[MicroCredential]:
    return scope(user, "endorsement.create", MicroCredential.objects.all()).select_related("organisation")


def endorsements_by(*, user: Any) -> QuerySet[Endorsement]:
    """Endorsements given by the organisations this person represents."""
    return scope(user, "endorsement.withdraw", Endorsement.objects.filter(withdrawn_at__isnull=True)).select_related(
        "micro_credential__organisation", "organisation"
    )


def checklists_current() -> QuerySet[Checklist]:
    return Checklist.objects.filter(is_current=True).prefetch_related("items")


def reviews_in_state(*, user: Any, state: str | None = None) -> QuerySet[Review]:
    queryset = reviews_visible(user=user)
    return queryset.filter(Q(state=state)) if state else queryset
