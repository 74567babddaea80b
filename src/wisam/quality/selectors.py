"""Reads for internal QA: reviews, queues per role, checklist judgements, discussions, co-design and endorsements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from wisam.core.events import events_for
from wisam.core.models import DomainEvent
from wisam.core.policy import scope
from wisam.design.models import MicroCredential, SpecificationVersion
from wisam.institutions.models import Organisation
from wisam.quality.models import (
    AnnualReview,
    Checklist,
    ChecklistItem,
    CoDesignPartner,
    Comment,
    Endorsement,
    Enrolment,
    ItemAssessment,
    Judgement,
    Review,
    SurveyInstrument,
    SurveyReceipt,
    SurveyResponse,
)
from wisam.quality.rules import APPROVED_STATUSES
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


# ------------------------------------------------------------------------------------------ the feedback loop

ANONYMITY_THRESHOLD = 5  # fewer responses than this for an instrument and year: no details, no aggregates
LEARNER_SURVEY_OPEN_DAYS = 365  # a learner may answer within a year of the credential's issue


def survey_instrument_current(*, code: str) -> SurveyInstrument | None:
    """The latest published version of an instrument; loads the shipped files on first use if they are missing."""
    instrument = SurveyInstrument.objects.filter(code=code, published=True).order_by("-version").first()
    if instrument is None:
        from wisam.quality.services import survey_instruments_load

        survey_instruments_load()
        instrument = SurveyInstrument.objects.filter(code=code, published=True).order_by("-version").first()
    return instrument


def survey_instruments(*, user: Any) -> QuerySet[SurveyInstrument]:
    return scope(user, "survey_instrument.view", SurveyInstrument.objects.all()).order_by("code", "-version")


def survey_open_for(*, credential: Any) -> bool:
    """A learner's survey is open from the credential's issue for a year, unless the credential was revoked."""
    from datetime import timedelta

    from django.utils import timezone

    if credential.state == "revoked":
        return False
    return timezone.now() - credential.issued_at <= timedelta(days=LEARNER_SURVEY_OPEN_DAYS)


def survey_answered(*, credential: Any) -> bool:
    return SurveyReceipt.objects.filter(credential=credential).exists()


def employer_survey_candidates(*, user: Any, query: str = "") -> QuerySet[MicroCredential]:
    """Micro-credentials an employer may rate: those with a released version, searchable by title or code."""
    queryset = scope(user, "survey.answer_employer", MicroCredential.objects.all()).select_related("organisation")
    query = query.strip()
    if query:
        queryset = queryset.filter(
            Q(code__icontains=query)
            | Q(versions__title__en__icontains=query)
            | Q(versions__title__ar__icontains=query)
            | Q(organisation__name__en__icontains=query)
            | Q(organisation__name__ar__icontains=query)
        ).distinct()
    return queryset.order_by("organisation__slug", "code")


def employer_answered(*, organisations: list[Any], micro_credential: Any, year: int) -> bool:
    return SurveyReceipt.objects.filter(
        audience="employer", respondent_organisation__in=organisations, micro_credential=micro_credential, year=year
    ).exists()


@dataclass
class QuestionSummary:
    """One question's answers: counts per value (likert 1–5 or choice), the mean (likert) and the free texts."""

    id: str
    type: str
    label: dict[str, str]
    counts: list[tuple[str, dict[str, str] | str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class FeedbackSummary:
    """What staff may see of one audience's responses for a micro-credential and year.

    `hidden` is true below the anonymity threshold: then only `responses` (the count) is given.
    """

    audience: str
    year: int
    responses: int
    hidden: bool
    overall: float | None = None
    questions: list[QuestionSummary] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "audience": self.audience,
            "year": self.year,
            "responses": self.responses,
            "hidden": self.hidden,
            "overall": self.overall,
            "questions": [
                {
                    "id": q.id,
                    "type": q.type,
                    "label": q.label,
                    "counts": [{"value": v, "label": label, "count": c} for v, label, c in q.counts],
                    "mean": q.mean,
                    "texts": q.texts,
                }
                for q in self.questions
            ],
        }


def feedback_summary(*, micro_credential: Any, audience: str, year: int) -> FeedbackSummary:
    """Per-question distributions, means and free texts — only from five responses on (anonymity)."""
    from wisam.quality import surveys

    responses = list(
        SurveyResponse.objects.filter(micro_credential=micro_credential, audience=audience, year=year).only(
            "answers", "overall"
        )
    )
    count = len(responses)
    if count < ANONYMITY_THRESHOLD:
        return FeedbackSummary(audience=audience, year=year, responses=count, hidden=True)
    code = surveys.LEARNER_INSTRUMENT if audience == "learner" else surveys.EMPLOYER_INSTRUMENT
    instrument = survey_instrument_current(code=code)
    overall = [r.overall for r in responses if r.overall is not None]
    summary = FeedbackSummary(
        audience=audience,
        year=year,
        responses=count,
        hidden=False,
        overall=round(sum(overall) / len(overall), 2) if overall else None,
    )
    for question in instrument.questions if instrument else []:
        qid = question["id"]
        values = [r.answers[qid] for r in responses if qid in r.answers]
        item = QuestionSummary(id=qid, type=question["type"], label=question["label"])
        if question["type"] == "likert5":
            scores = [int(v) for v in values]
            item.counts = [(str(n), str(n), scores.count(n)) for n in range(1, 6)]
            item.mean = round(sum(scores) / len(scores), 2) if scores else None
        elif question["type"] == "choice":
            item.counts = [(o["value"], o["label"], values.count(o["value"])) for o in question.get("options", [])]
        else:
            # Shuffled into a stable but meaningless order (sorted text), never the order they were written in.
            item.texts = sorted(str(v) for v in values if str(v).strip())
        summary.questions.append(item)
    return summary


def enrolments_for(*, user: Any, organisation: Any = None) -> QuerySet[Enrolment]:
    queryset = Enrolment.objects.select_related("micro_credential", "specification_version", "credential")
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return scope(user, "enrolment.view", queryset)


def organisations_where(*, user: Any, action: str) -> list[Organisation]:
    """The institutions on which the user may do an organisation-level action (e.g. record enrolments)."""
    return list(scope(user, action, Organisation.objects.all()).order_by("slug"))


def annual_reviews_visible(*, user: Any) -> QuerySet[AnnualReview]:
    return scope(user, "annual_review.view", AnnualReview.objects.all()).select_related(
        "micro_credential", "organisation", "new_version"
    )


def released_micro_credentials(*, organisation: Any) -> QuerySet[MicroCredential]:
    """The institution's micro-credentials with a version approved or released (those that run and have feedback)."""
    return (
        MicroCredential.objects.filter(organisation=organisation, versions__status__in=APPROVED_STATUSES)
        .distinct()
        .order_by("code")
    )


# ----------------------------------------------------------------------------------------- the public change log


@dataclass
class ChangeLogEntry:
    """One published edition: its number and date, what changed (the annual review's summary or the version's change
    note) and the fields that differ from the edition before."""

    number: int
    date: Any
    summary: dict[str, str]
    changed: list[str]
    review_year: int | None = None


def _published_versions(micro_credential: Any) -> list[SpecificationVersion]:
    """Versions the public may see: released for accreditation by the institution, or in an accreditation."""
    from wisam.accreditation.models import Accreditation

    accredited = set(
        Accreditation.objects.filter(specification_version__micro_credential=micro_credential).values_list(
            "specification_version_id", flat=True
        )
    )
    return [
        version
        for version in micro_credential.versions.order_by("number")
        if version.status == "ready_for_accreditation" or version.pk in accredited
    ]


def change_log_for(*, micro_credential: Any) -> list[ChangeLogEntry]:
    """ "What changed since the last edition", newest first, for the register entry page (public)."""
    from wisam.design.selectors import specification_versions_compare

    if micro_credential is None:
        return []
    versions = _published_versions(micro_credential)
    reviews = {
        review.new_version_id: review
        for review in AnnualReview.objects.filter(micro_credential=micro_credential, new_version__isnull=False)
    }
    entries: list[ChangeLogEntry] = []
    previous: SpecificationVersion | None = None
    for version in versions:
        review = reviews.get(version.pk)
        summary = dict(review.change_summary) if review and any(review.change_summary.values()) else {}
        summary = summary or dict(version.change_log or {})
        changed: list[str] = []
        if previous is not None:
            labels = [
                d.label for d in specification_versions_compare(previous, version).differences if d.path != "change_log"
            ]
            changed = list(dict.fromkeys(labels))
        entries.append(
            ChangeLogEntry(
                number=version.number,
                date=(version.frozen_at or version.created_at).date(),
                summary=summary,
                changed=changed,
                review_year=review.year if review else None,
            )
        )
        previous = version
    return list(reversed(entries))
