"""Writes for accreditation; each runs in one transaction and records its domain event (ADR 0002, 0006).

Applications move only through `wisam.core.workflow.workflow_transition` (row lock, stale check, guards, event);
the services here write the data a step needs (documents, panel, scores, report, decision, conditions, appeals) on
the locked application row. A caller that read an older `lock_version` is refused with a "stale" message.
Permissions are asked by views and API endpoints (wisam.core.policy) before calling a service; the services enforce
the domain's own rules (conflicts of interest, self-accreditation limits, deadlines, states).

The services are split by topic into the modules of this package (guidelines, applications, evaluators, evaluation,
decisions, publication, monitoring, provider_route, trust_list, notifications, reminders, status_history; shared
helpers in common); every public name is re-exported here, so `from wisam.accreditation.services import X` is the
import path to use. Every change of an accreditation's status also writes an `AccreditationStatusChange` row.
"""

from __future__ import annotations

from wisam.accreditation.services.applications import (
    DOCUMENT_TYPES,
    EVALUATION_DAYS,
    MAX_DOCUMENT_BYTES,
    SCREENING_DAYS,
    application_create,
    application_document_add,
    application_document_remove,
    application_on_start_evaluation,
    application_on_submit,
    application_on_transition,
    application_transition,
)
from wisam.accreditation.services.decisions import (
    APPEAL_DAYS,
    appeal_decide,
    appeal_lodge,
    application_decide,
    condition_judge,
    condition_respond,
)
from wisam.accreditation.services.evaluation import (
    linter_prefill,
    report_write,
    score_record,
    scores_consolidate,
    scores_prefill,
    scores_record,
    visit_record,
)
from wisam.accreditation.services.evaluators import (
    conflict_declare,
    evaluator_conflicts,
    evaluator_register,
    panel_assign,
    panel_remove,
)
from wisam.accreditation.services.guidelines import (
    DATA_DIR,
    DEFAULT_GUIDELINE,
    guideline_in_force,
    guideline_load,
    guideline_publish,
    guidelines_load,
)
from wisam.accreditation.services.monitoring import (
    accreditation_reinstate,
    accreditation_renew,
    accreditation_suspend,
    accreditation_withdraw,
    accreditations_refresh,
)
from wisam.accreditation.services.notifications import notification_mark_read, notify
from wisam.accreditation.services.provider_route import (
    self_accreditation_check,
    self_accreditation_grant,
    self_accreditation_notify,
)
from wisam.accreditation.services.publication import EXPIRY_NOTICE_DAYS, application_on_publish, register_entry_save
from wisam.accreditation.services.reminders import reminders_run
from wisam.accreditation.services.status_history import accreditation_status_record
from wisam.accreditation.services.trust_list import issuer_did_add

__all__ = [
    "APPEAL_DAYS",
    "DATA_DIR",
    "DEFAULT_GUIDELINE",
    "DOCUMENT_TYPES",
    "EVALUATION_DAYS",
    "EXPIRY_NOTICE_DAYS",
    "MAX_DOCUMENT_BYTES",
    "SCREENING_DAYS",
    "accreditation_reinstate",
    "accreditation_renew",
    "accreditation_status_record",
    "accreditation_suspend",
    "accreditation_withdraw",
    "accreditations_refresh",
    "appeal_decide",
    "appeal_lodge",
    "application_create",
    "application_decide",
    "application_document_add",
    "application_document_remove",
    "application_on_publish",
    "application_on_start_evaluation",
    "application_on_submit",
    "application_on_transition",
    "application_transition",
    "condition_judge",
    "condition_respond",
    "conflict_declare",
    "evaluator_conflicts",
    "evaluator_register",
    "guideline_in_force",
    "guideline_load",
    "guideline_publish",
    "guidelines_load",
    "issuer_did_add",
    "linter_prefill",
    "notification_mark_read",
    "notify",
    "panel_assign",
    "panel_remove",
    "register_entry_save",
    "reminders_run",
    "report_write",
    "score_record",
    "scores_consolidate",
    "scores_prefill",
    "scores_record",
    "self_accreditation_check",
    "self_accreditation_grant",
    "self_accreditation_notify",
    "visit_record",
]
