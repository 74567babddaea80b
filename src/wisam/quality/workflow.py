"""The internal QA workflow of a specification version, as data (wisam.core.workflow; ADR 0008).

    draft ──submit──▶ internal review ──recommend──▶ awaiting approval ──approve──▶ approved ──release──▶ ready
      ▲                 │    ▲     │                   │     │                                   for accreditation
      │◀──withdraw──────┘    │     └─request changes─▶ changes requested ◀──send back──┘     │
      │◀──────reopen─────────┼──────────────────────────────┘   │                            │
                             └──────────────submit──────────────┘◀───return to QA───────────┘

Designers submit, withdraw and reopen; QA officers request changes or recommend for approval; approvers approve,
send back, return to QA and release for accreditation. Submitting, recommending, approving and releasing are
refused while the linter has blocking findings. Each transition moves the design version's status through
`wisam.design.services.specification_version_set_status` in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wisam.core.workflow import State, Transition, TransitionRefused, Workflow, workflow_register


class ReviewState:
    DRAFT = "draft"
    INTERNAL_REVIEW = "internal_review"
    CHANGES_REQUESTED = "changes_requested"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    READY_FOR_ACCREDITATION = "ready_for_accreditation"


# The design version's status (wisam.design.models.VersionStatus values) for each review state.
VERSION_STATUS_FOR_STATE = {
    ReviewState.DRAFT: "draft",
    ReviewState.INTERNAL_REVIEW: "in_review",
    ReviewState.CHANGES_REQUESTED: "changes_requested",
    ReviewState.AWAITING_APPROVAL: "in_review",
    ReviewState.APPROVED: "approved",
    ReviewState.READY_FOR_ACCREDITATION: "ready_for_accreditation",
}


# Guards: each returns the reasons to refuse (empty: no objection).


def no_blocking_findings(review: Any, actor: Any) -> list[str]:
    """The quality linter must have no blocking finding; each one is listed, with its block and how to fix it."""
    from wisam.quality.linting import blocking_findings

    findings = blocking_findings(review.version)
    if not findings:
        return []
    reasons = [
        gettext("The quality linter has %(count)d blocking finding(s); fix them first:") % {"count": len(findings)}
    ]
    reasons.extend(f"• {finding.block_label}: {finding.text} [{finding.code}]" for finding in findings)
    return reasons


def every_item_judged(review: Any, actor: Any) -> list[str]:
    from wisam.quality.selectors import review_unjudged_items

    missing = review_unjudged_items(review=review)
    if not missing:
        return []
    return [
        gettext("Judge every checklist item first; still open: %(codes)s.")
        % {"codes": ", ".join(item.code for item in missing)}
    ]


def no_item_not_met(review: Any, actor: Any) -> list[str]:
    from wisam.quality.selectors import review_items_not_met

    not_met = review_items_not_met(review=review)
    if not not_met:
        return []
    return [
        gettext("Items judged “not met” call for changes, not approval: %(codes)s.")
        % {"codes": ", ".join(a.item.code for a in not_met)}
    ]


# Effects: run after the state changed, in the same transaction.


def sync_version_status(review: Any, actor: Any, transition: Transition) -> None:
    """Move the design version's status along (only wisam.design writes design models)."""
    from wisam.design.services import specification_version_set_status

    status = VERSION_STATUS_FOR_STATE[review.state]
    if review.version.status == status:
        return
    try:
        updated = specification_version_set_status(
            version=review.version, status=status, actor=actor, note=f"quality.review.{transition.name}"
        )
    except ValidationError as error:
        raise TransitionRefused(
            transition=str(transition.label), state=review.state, code="guard", reasons=error.messages
        ) from error
    review.version.status = updated.status
    review.version.frozen_at = updated.frozen_at


def remember_submission(review: Any, actor: Any, transition: Transition) -> None:
    review.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_by", "submitted_at"])


def prefill_from_linter(review: Any, actor: Any, transition: Transition) -> None:
    from wisam.quality.services import review_prefill

    review_prefill(review=review)


def remember_decision(review: Any, actor: Any, transition: Transition) -> None:
    review.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    review.save(update_fields=["decided_by"])


S = ReviewState
SUBMIT = "review.submit"
ASSESS = "review.assess"
APPROVE = "review.approve"

REVIEW_WORKFLOW = workflow_register(
    Workflow(
        name="quality.review",
        version=1,
        label=_("Internal quality review"),
        event_prefix="quality.review",
        initial=S.DRAFT,
        states=(
            State(S.DRAFT, _("Draft"), description=_("The designers are writing the specification.")),
            State(S.INTERNAL_REVIEW, _("In internal review"), description=_("The QA officer reviews it.")),
            State(
                S.CHANGES_REQUESTED,
                _("Changes requested"),
                description=_("The designers answer the review's comments."),
            ),
            State(
                S.AWAITING_APPROVAL,
                _("Awaiting institutional approval"),
                description=_("The QA officer recommends it; the approver decides."),
            ),
            State(S.APPROVED, _("Approved by the institution")),
            State(
                S.READY_FOR_ACCREDITATION,
                _("Ready for accreditation"),
                terminal=True,
                description=_("The institution may submit it to AQAC."),
            ),
        ),
        transitions=(
            Transition(
                "submit",
                _("Submit for internal review"),
                {S.DRAFT, S.CHANGES_REQUESTED},
                S.INTERNAL_REVIEW,
                SUBMIT,
                guards=(no_blocking_findings,),
                effects=(sync_version_status, remember_submission, prefill_from_linter),
                confirm=_("The version will be frozen while it is reviewed."),
            ),
            Transition(
                "withdraw",
                _("Withdraw from review"),
                {S.INTERNAL_REVIEW},
                S.DRAFT,
                SUBMIT,
                effects=(sync_version_status,),
                style="secondary",
            ),
            Transition(
                "reopen",
                _("Reopen as a draft"),
                {S.CHANGES_REQUESTED},
                S.DRAFT,
                SUBMIT,
                effects=(sync_version_status,),
                style="secondary",
            ),
            Transition(
                "request_changes",
                _("Request changes"),
                {S.INTERNAL_REVIEW},
                S.CHANGES_REQUESTED,
                ASSESS,
                comment_required=True,
                effects=(sync_version_status,),
                style="danger",
            ),
            Transition(
                "recommend",
                _("Recommend for approval"),
                {S.INTERNAL_REVIEW},
                S.AWAITING_APPROVAL,
                ASSESS,
                guards=(no_blocking_findings, every_item_judged, no_item_not_met),
                effects=(sync_version_status,),
                confirm=_("The approver will be asked to approve this version."),
            ),
            Transition(
                "send_back",
                _("Send back for changes"),
                {S.AWAITING_APPROVAL},
                S.CHANGES_REQUESTED,
                APPROVE,
                comment_required=True,
                effects=(sync_version_status,),
                style="danger",
            ),
            Transition(
                "return_to_qa",
                _("Return to the QA officer"),
                {S.AWAITING_APPROVAL},
                S.INTERNAL_REVIEW,
                APPROVE,
                comment_required=True,
                effects=(sync_version_status,),
                style="secondary",
            ),
            Transition(
                "approve",
                _("Approve for the institution"),
                {S.AWAITING_APPROVAL},
                S.APPROVED,
                APPROVE,
                guards=(no_blocking_findings,),
                effects=(sync_version_status, remember_decision),
                confirm=_("You approve this version on behalf of the institution."),
            ),
            Transition(
                "release",
                _("Mark ready for accreditation"),
                {S.APPROVED},
                S.READY_FOR_ACCREDITATION,
                APPROVE,
                guards=(no_blocking_findings,),
                effects=(sync_version_status,),
                confirm=_("The version becomes visible to AQAC for accreditation."),
            ),
        ),
    )
)
