"""The two workflows of the pathways app, as data (wisam.core.workflow; ADR 0008).

A pathway version:

    draft ──submit──▶ in review ──recommend──▶ recommended ──publish──▶ published ──retire──▶ retired
      ▲                  │                          │
      └────return────────┴───────send back──────────┘

Designers draft and submit, the QA officer reviews (returns or recommends), the approver publishes (or sends back)
and retires. Publishing retires the version published before it (`services.pathway_version_transition` does that
first, in the same transaction). Submitting and publishing are refused while the
rules do not parse (the engine's problems, each naming its field, are the reasons).

A recognition request:

    submitted ──take──▶ under review ──decide──▶ decided ──appeal──▶ appealed ──decide appeal──▶ appeal decided
        │                                           │
        └─────────withdraw──▶ withdrawn             └──accept──▶ closed

The learner submits, may withdraw before review, and may appeal a decision once; the receiving institution's
recognition officer takes and decides; its approver — never the person who decided first — decides the appeal.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wisam.core.workflow import State, Transition, Workflow, workflow_register


class VersionState:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RECOMMENDED = "recommended"
    PUBLISHED = "published"
    RETIRED = "retired"


class RequestState:
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    DECIDED = "decided"
    APPEALED = "appealed"
    APPEAL_DECIDED = "appeal_decided"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


# Once decided, a full or partial recognition counts in the learner's record (an appeal does not suspend it).
COUNTING_STATES = (RequestState.DECIDED, RequestState.APPEALED, RequestState.APPEAL_DECIDED, RequestState.CLOSED)


# Guards: each returns the reasons to refuse (empty: no objection).


def rules_parse(version: Any, actor: Any) -> list[str]:
    """The rules must be a valid pathway definition; every problem names its place in the rules."""
    from wisam.pathways.services import pathway_rules_problems

    problems = pathway_rules_problems(version.rules)
    if not problems:
        return []
    return [gettext("The rules have problems; fix them first:"), *(f"• {p}" for p in problems)]


def has_rules(version: Any, actor: Any) -> list[str]:
    if (version.rules or {}).get("rules"):
        return []
    return [gettext("Add at least one rule before submitting the pathway.")]


def decision_recorded(request: Any, actor: Any) -> list[str]:
    if request.outcome:
        return []
    return [gettext("Record the decision (full, partial or refused) first.")]


def appeal_by_someone_else(request: Any, actor: Any) -> list[str]:
    """Whoever decided first may not decide the appeal (a second look, by someone else)."""
    if request.decided_by_id and getattr(actor, "pk", None) == request.decided_by_id:
        return [gettext("You decided this request; another person must decide the appeal.")]
    return []


def not_appealed_before(request: Any, actor: Any) -> list[str]:
    if request.appealed_at is None:
        return []
    return [gettext("A decision can be appealed only once.")]


# Effects: after the state changed, in the same transaction.


def remember_publication(version: Any, actor: Any, transition: Transition) -> None:
    from django.utils import timezone

    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.save(update_fields=["published_at", "published_by"])


V = VersionState
R = RequestState

VERSION_WORKFLOW = workflow_register(
    Workflow(
        name="pathways.version",
        version=1,
        label=_("Pathway review and publication"),
        event_prefix="pathway_version",
        initial=V.DRAFT,
        states=(
            State(V.DRAFT, _("Draft"), description=_("The designers are writing the rules.")),
            State(V.IN_REVIEW, _("In review"), description=_("The QA officer reviews the pathway.")),
            State(V.RECOMMENDED, _("Recommended"), description=_("The approver decides whether to publish it.")),
            State(V.PUBLISHED, _("Published"), description=_("Learners can follow it.")),
            State(V.RETIRED, _("Retired"), terminal=True, description=_("Replaced or withdrawn; kept for the record.")),
        ),
        transitions=(
            Transition(
                "submit",
                _("Submit for review"),
                {V.DRAFT},
                V.IN_REVIEW,
                "pathway_version.submit",
                guards=(has_rules, rules_parse),
                confirm=_("The rules will be frozen while they are reviewed."),
            ),
            Transition(
                "return",
                _("Return to the designers"),
                {V.IN_REVIEW},
                V.DRAFT,
                "pathway_version.review",
                comment_required=True,
                style="danger",
            ),
            Transition(
                "recommend",
                _("Recommend for publication"),
                {V.IN_REVIEW},
                V.RECOMMENDED,
                "pathway_version.review",
                guards=(rules_parse,),
            ),
            Transition(
                "send_back",
                _("Send back for changes"),
                {V.RECOMMENDED},
                V.DRAFT,
                "pathway_version.publish",
                comment_required=True,
                style="danger",
            ),
            Transition(
                "publish",
                _("Publish"),
                {V.RECOMMENDED},
                V.PUBLISHED,
                "pathway_version.publish",
                guards=(rules_parse,),
                effects=(remember_publication,),
                confirm=_("Learners will see this version; a version published before it is retired."),
            ),
            Transition(
                "retire",
                _("Retire"),
                {V.PUBLISHED, V.DRAFT},
                V.RETIRED,
                "pathway_version.publish",
                comment_required=True,
                style="secondary",
            ),
        ),
    )
)

REQUEST_WORKFLOW = workflow_register(
    Workflow(
        name="pathways.recognition",
        version=1,
        label=_("Recognition request"),
        event_prefix="recognition_request",
        initial=R.SUBMITTED,
        states=(
            State(R.SUBMITTED, _("Submitted"), description=_("Waiting for the recognition officer.")),
            State(
                R.UNDER_REVIEW, _("Under review"), description=_("The recognition officer compares the credentials.")
            ),
            State(R.DECIDED, _("Decided"), description=_("The learner may accept the decision or appeal once.")),
            State(R.APPEALED, _("Appealed"), description=_("The institution's approver examines the appeal.")),
            State(R.APPEAL_DECIDED, _("Appeal decided"), terminal=True),
            State(R.CLOSED, _("Closed"), terminal=True, description=_("The learner accepted the decision.")),
            State(R.WITHDRAWN, _("Withdrawn"), terminal=True),
        ),
        transitions=(
            Transition(
                "take",
                _("Start the review"),
                {R.SUBMITTED},
                R.UNDER_REVIEW,
                "recognition_request.review",
            ),
            Transition(
                "decide",
                _("Record the decision"),
                {R.UNDER_REVIEW},
                R.DECIDED,
                "recognition_request.review",
                guards=(decision_recorded,),
            ),
            Transition(
                "appeal",
                _("Appeal"),
                {R.DECIDED},
                R.APPEALED,
                "recognition_request.appeal",
                guards=(not_appealed_before,),
                comment_required=True,
                style="secondary",
            ),
            Transition(
                "accept",
                _("Accept the decision"),
                {R.DECIDED},
                R.CLOSED,
                "recognition_request.appeal",
                style="secondary",
            ),
            Transition(
                "decide_appeal",
                _("Decide the appeal"),
                {R.APPEALED},
                R.APPEAL_DECIDED,
                "recognition_request.decide_appeal",
                guards=(appeal_by_someone_else,),
            ),
            Transition(
                "withdraw",
                _("Withdraw the request"),
                {R.SUBMITTED},
                R.WITHDRAWN,
                "recognition_request.appeal",
                style="secondary",
            ),
        ),
    )
)
