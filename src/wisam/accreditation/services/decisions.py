"""The commission's decision, the conditions that follow it and appeals against it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Appeal,
    Application,
    Condition,
    ConditionStatus,
    Decision,
)
from wisam.accreditation.services.common import _lock, _record, _stale, _touch, _user
from wisam.accreditation.workflow import ApplicationState as S
from wisam.core.workflow import workflow_transition

APPEAL_DAYS = 30  # ESG 2.7: a set period in which the institution may appeal


def application_decide(
    *,
    application: Application,
    decision: str,
    actor: Any,
    rationale: str,
    validity_months: int | None = None,
    conditions: Sequence[tuple[str, date]] = (),
    expected_lock_version: int | None = None,
) -> Application:
    """The commission's decision, with its validity and conditions, and the workflow step — in one transaction.

    Of two commission members deciding at once, the second is refused as stale (the row is locked and re-read).
    """
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    with transaction.atomic():
        locked = _lock(application, expected_lock_version=expected_lock_version)
        if locked.state != application.state:
            raise _stale(application, locked)
        if locked.state != S.DECISION:
            raise ValidationError(
                _("This cannot be done while the application is “%(state)s”.") % {"state": locked.state_label}
            )
        today = timezone.localdate()
        if decision in (Decision.ACCREDIT, Decision.ACCREDIT_WITH_CONDITIONS):
            if not validity_months or not 1 <= int(validity_months) <= 120:
                raise ValidationError({"validity_months": _("Give a validity of 1 to 120 months.")})
        else:
            validity_months = None
        clean_conditions = [(text.strip(), deadline) for text, deadline in conditions if text and text.strip()]
        if decision == Decision.ACCREDIT_WITH_CONDITIONS:
            if not clean_conditions:
                raise ValidationError({"conditions": _("Give at least one condition with its deadline.")})
            if any(deadline is None or deadline <= today for _text, deadline in clean_conditions):
                raise ValidationError({"conditions": _("Each condition needs a deadline in the future.")})
        locked.decision = decision
        locked.decision_rationale = rationale.strip()
        locked.validity_months = validity_months
        locked.decided_at = timezone.now()
        locked.decided_by = _user(actor)
        locked.appeal_deadline = (
            today + timedelta(days=APPEAL_DAYS) if decision in (Decision.DEFER, Decision.REFUSE) else None
        )
        locked.save(
            update_fields=[
                "decision",
                "decision_rationale",
                "validity_months",
                "decided_at",
                "decided_by",
                "appeal_deadline",
            ]
        )
        locked.conditions.all().delete()
        for text, deadline in clean_conditions if decision == Decision.ACCREDIT_WITH_CONDITIONS else []:
            Condition.objects.create(application=locked, text=text, deadline=deadline)
        result = workflow_transition(subject_state=locked, transition=decision, actor=actor, comment=rationale)
    application.refresh_from_db()
    return result


@transaction.atomic
def condition_respond(*, condition: Condition, response: str, actor: Any) -> Condition:
    locked = _lock(condition.application, states=(S.CONDITIONS,))
    if not (response or "").strip():
        raise ValidationError({"response": _("Say how the institution met the condition.")})
    condition = Condition.objects.select_for_update().get(pk=condition.pk)
    condition.response = response.strip()
    condition.responded_at = timezone.now()
    condition.status = ConditionStatus.RESPONDED
    condition.save(update_fields=["response", "responded_at", "status"])
    _touch(locked)
    _record(
        "condition_responded",
        locked,
        actor,
        {"condition": condition.pk, "late": timezone.localdate() > condition.deadline},
    )
    return condition


@transaction.atomic
def condition_judge(*, condition: Condition, fulfilled: bool, actor: Any) -> Condition:
    locked = _lock(condition.application, states=(S.CONDITIONS,))
    condition = Condition.objects.select_for_update().get(pk=condition.pk)
    if condition.status == ConditionStatus.OPEN and fulfilled:
        raise ValidationError(_("The institution has not responded to this condition yet."))
    condition.status = ConditionStatus.FULFILLED if fulfilled else ConditionStatus.NOT_FULFILLED
    condition.save(update_fields=["status"])
    _touch(locked)
    _record("condition_judged", locked, actor, {"condition": condition.pk, "status": condition.status})
    return condition


def appeal_lodge(*, application: Application, grounds: str, actor: Any) -> Appeal:
    """The institution appeals a deferral or refusal within the appeal period (ESG 2.7)."""
    if not (grounds or "").strip():
        raise ValidationError({"grounds": _("State the grounds of the appeal.")})
    with transaction.atomic():
        locked = _lock(application, states=(S.DEFERRED, S.REFUSED))
        if locked.appeal_deadline is None or timezone.localdate() > locked.appeal_deadline:
            raise ValidationError(_("The period for an appeal has ended."), code="appeal_late")
        appeal = Appeal.objects.create(application=locked, grounds=grounds.strip(), lodged_by=_user(actor))
        workflow_transition(subject_state=locked, transition="appeal", actor=actor, comment=grounds)
    application.refresh_from_db()
    return appeal


def appeal_decide(*, application: Application, upheld: bool, reasons: str, actor: Any) -> Application:
    with transaction.atomic():
        locked = _lock(application, states=(S.APPEAL,))
        appeal = locked.appeals.filter(outcome="").select_for_update().latest("lodged_at")
        appeal.outcome = "upheld" if upheld else "dismissed"
        appeal.outcome_reasons = reasons
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["outcome", "outcome_reasons", "decided_at"])
        if upheld:
            locked.decision = ""
            locked.appeal_deadline = None
            locked.save(update_fields=["decision", "appeal_deadline"])
        result = workflow_transition(
            subject_state=locked,
            transition="uphold_appeal" if upheld else "dismiss_appeal",
            actor=actor,
            comment=reasons,
        )
    application.refresh_from_db()
    return result
