"""The AQAC accreditation workflow of an application, as data (wisam.core.workflow; ADR 0008).

AQAC's steps (reference/domain.md §7): application and documents → completeness screening (return for missing
items) → panel assignment → evaluation (every evaluator scores every criterion) → optional visit → panel report →
commission decision (accredit, accredit with conditions, defer, refuse) → the institution's response to conditions
→ appeal within a set period (ESG 2.7) → publication in the register.

    draft ─submit─▶ screening ─accept─▶ panel ─start evaluation─▶ evaluation ─submit report─▶ decision
      ▲               │                                                                      │ │ │ │
      └──returned ◀───┘ (return for missing items; the institution resubmits)                │ │ │ │
    decision ─accredit──────────────────────────────────────────────▶ accredited ─publish─▶ published
    decision ─accredit with conditions─▶ conditions ─conditions met─▶ accredited
    decision ─defer─▶ deferred ─┬─appeal─▶ appeal ─uphold─▶ decision (decided again)
    decision ─refuse─▶ refused ─┘                 └─dismiss─▶ closed;  deferred/refused ─close─▶ closed

The decision's data (validity, conditions and deadlines) is written by `wisam.accreditation.services` in the same
transaction as the transition; the guards below refuse a transition whose data is missing.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wisam.core.workflow import State, Transition, Workflow, workflow_register


class ApplicationState:
    DRAFT = "draft"
    SCREENING = "screening"
    RETURNED = "returned"
    PANEL = "panel"
    EVALUATION = "evaluation"
    DECISION = "decision"
    CONDITIONS = "conditions"
    ACCREDITED = "accredited"
    DEFERRED = "deferred"
    REFUSED = "refused"
    APPEAL = "appeal"
    PUBLISHED = "published"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


S = ApplicationState
SUBMIT = "application.submit"
SCREEN = "application.screen"
REPORT = "application.report"
DECIDE = "application.decide"


# Guards: each returns the reasons to refuse (empty: no objection).


def version_ready(application: Any, actor: Any) -> list[str]:
    if application.specification_version.status != "ready_for_accreditation":
        return [gettext("The specification version is not “ready for accreditation” (internal QA must release it).")]
    return []


def documents_complete(application: Any, actor: Any) -> list[str]:
    from wisam.accreditation.selectors import application_missing_documents

    missing = application_missing_documents(application=application)
    if not missing:
        return []
    return [gettext("Attach the missing documents: %(kinds)s.") % {"kinds": ", ".join(str(m.label) for m in missing)}]


def panel_ready(application: Any, actor: Any) -> list[str]:
    members = list(application.panel.all())
    reasons = []
    if not members:
        reasons.append(gettext("Assign at least one evaluator to the panel."))
    elif not any(m.role == "chair" for m in members):
        reasons.append(gettext("Name a chair of the panel."))
    return reasons


def every_criterion_scored(application: Any, actor: Any) -> list[str]:
    from wisam.accreditation.selectors import application_unscored

    missing = application_unscored(application=application)
    if not missing:
        return []
    return [
        gettext("%(name)s has not yet scored, with a justification: %(codes)s.")
        % {"name": evaluator, "codes": ", ".join(codes)}
        for evaluator, codes in missing.items()
    ]


def report_written(application: Any, actor: Any) -> list[str]:
    from wisam.accreditation.models import PanelReport

    if not PanelReport.objects.filter(application=application).exists():
        return [gettext("Write the panel report (consolidated scores and a recommendation) first.")]
    return []


def _decision_is(expected: str) -> Any:
    def guard(application: Any, actor: Any) -> list[str]:
        reasons = []
        if application.decision != expected:
            reasons.append(gettext("Record the commission's decision first."))
        if expected in ("accredit", "accredit_with_conditions") and not application.validity_months:
            reasons.append(gettext("Give the validity period of the accreditation."))
        if expected == "accredit_with_conditions" and not application.conditions.exists():
            reasons.append(gettext("Accreditation with conditions needs at least one condition with a deadline."))
        return reasons

    guard.__name__ = f"decision_is_{expected}"
    return guard


def conditions_answered(application: Any, actor: Any) -> list[str]:
    pending = [c for c in application.conditions.all() if c.status != "fulfilled"]
    if not pending:
        return []
    return [
        gettext("%(count)d condition(s) are not yet judged fulfilled; the institution must respond first.")
        % {"count": len(pending)}
    ]


def within_appeal_period(application: Any, actor: Any) -> list[str]:
    today = timezone.localdate()
    if application.appeal_deadline is None or today > application.appeal_deadline:
        return [gettext("The period for an appeal has ended.")]
    if not application.appeals.filter(outcome="").exists():
        return [gettext("State the grounds of the appeal.")]
    return []


def appeal_period_over(application: Any, actor: Any) -> list[str]:
    if application.appeal_deadline is not None and timezone.localdate() <= application.appeal_deadline:
        return [gettext("The institution may still appeal until %(date)s.") % {"date": application.appeal_deadline}]
    return []


# Effects: run after the state changed, in the same transaction.


def on_submit(application: Any, actor: Any, transition: Transition) -> None:
    from wisam.accreditation.services import application_on_submit

    application_on_submit(application=application, actor=actor)


def on_start_evaluation(application: Any, actor: Any, transition: Transition) -> None:
    from wisam.accreditation.services import application_on_start_evaluation

    application_on_start_evaluation(application=application, actor=actor)


def on_publish(application: Any, actor: Any, transition: Transition) -> None:
    from wisam.accreditation.services import application_on_publish

    application_on_publish(application=application, actor=actor)


def on_any(application: Any, actor: Any, transition: Transition) -> None:
    from wisam.accreditation.services import application_on_transition

    application_on_transition(application=application, actor=actor, transition=transition.name)


APPLICATION_WORKFLOW = workflow_register(
    Workflow(
        name="accreditation.application",
        version=1,
        label=_("AQAC accreditation"),
        event_prefix="accreditation.application",
        initial=S.DRAFT,
        states=(
            State(S.DRAFT, _("Being prepared"), description=_("The institution attaches its documents.")),
            State(S.SCREENING, _("Completeness screening"), description=_("An AQAC officer checks the file.")),
            State(S.RETURNED, _("Returned for missing items"), description=_("The institution completes the file.")),
            State(S.PANEL, _("Panel assignment"), description=_("AQAC assigns the evaluation panel.")),
            State(S.EVALUATION, _("Panel evaluation"), description=_("Each evaluator scores every criterion.")),
            State(S.DECISION, _("Awaiting the commission's decision")),
            State(S.CONDITIONS, _("Accredited with conditions: awaiting the institution's response")),
            State(S.ACCREDITED, _("Accredited: awaiting publication")),
            State(S.DEFERRED, _("Deferred for changes")),
            State(S.REFUSED, _("Refused")),
            State(S.APPEAL, _("Under appeal")),
            State(S.PUBLISHED, _("Published in the register"), terminal=True),
            State(S.CLOSED, _("Closed"), terminal=True),
            State(S.WITHDRAWN, _("Withdrawn by the institution"), terminal=True),
        ),
        transitions=(
            Transition(
                "submit",
                _("Submit to AQAC"),
                {S.DRAFT, S.RETURNED},
                S.SCREENING,
                SUBMIT,
                guards=(version_ready, documents_complete),
                effects=(on_submit, on_any),
                confirm=_("AQAC will judge it against the guideline in force today."),
            ),
            Transition(
                "withdraw",
                _("Withdraw the application"),
                {S.DRAFT, S.RETURNED, S.SCREENING},
                S.WITHDRAWN,
                SUBMIT,
                comment_required=True,
                effects=(on_any,),
                style="danger",
            ),
            Transition(
                "return",
                _("Return for missing items"),
                {S.SCREENING},
                S.RETURNED,
                SCREEN,
                comment_required=True,
                effects=(on_any,),
                style="danger",
            ),
            Transition("accept", _("File complete: assign a panel"), {S.SCREENING}, S.PANEL, SCREEN, effects=(on_any,)),
            Transition(
                "start_evaluation",
                _("Start the evaluation"),
                {S.PANEL},
                S.EVALUATION,
                SCREEN,
                guards=(panel_ready,),
                effects=(on_start_evaluation, on_any),
            ),
            Transition(
                "submit_report",
                _("Send the panel report to the commission"),
                {S.EVALUATION},
                S.DECISION,
                REPORT,
                guards=(every_criterion_scored, report_written),
                effects=(on_any,),
            ),
            Transition(
                "accredit",
                _("Accredit"),
                {S.DECISION},
                S.ACCREDITED,
                DECIDE,
                guards=(_decision_is("accredit"),),
                effects=(on_any,),
            ),
            Transition(
                "accredit_with_conditions",
                _("Accredit with conditions"),
                {S.DECISION},
                S.CONDITIONS,
                DECIDE,
                guards=(_decision_is("accredit_with_conditions"),),
                effects=(on_any,),
            ),
            Transition(
                "defer",
                _("Defer for changes"),
                {S.DECISION},
                S.DEFERRED,
                DECIDE,
                guards=(_decision_is("defer"),),
                comment_required=True,
                effects=(on_any,),
                style="secondary",
            ),
            Transition(
                "refuse",
                _("Refuse"),
                {S.DECISION},
                S.REFUSED,
                DECIDE,
                guards=(_decision_is("refuse"),),
                comment_required=True,
                effects=(on_any,),
                style="danger",
            ),
            Transition(
                "conditions_met",
                _("Conditions met"),
                {S.CONDITIONS},
                S.ACCREDITED,
                DECIDE,
                guards=(conditions_answered,),
                effects=(on_any,),
            ),
            Transition(
                "conditions_unmet",
                _("Conditions not met: refuse"),
                {S.CONDITIONS},
                S.REFUSED,
                DECIDE,
                comment_required=True,
                effects=(on_any,),
                style="danger",
            ),
            Transition(
                "appeal",
                _("Appeal the decision"),
                {S.DEFERRED, S.REFUSED},
                S.APPEAL,
                SUBMIT,
                guards=(within_appeal_period,),
                effects=(on_any,),
            ),
            Transition(
                "uphold_appeal",
                _("Uphold the appeal: decide again"),
                {S.APPEAL},
                S.DECISION,
                DECIDE,
                comment_required=True,
                effects=(on_any,),
            ),
            Transition(
                "dismiss_appeal",
                _("Dismiss the appeal"),
                {S.APPEAL},
                S.CLOSED,
                DECIDE,
                comment_required=True,
                effects=(on_any,),
                style="danger",
            ),
            Transition(
                "publish",
                _("Publish in the register"),
                {S.ACCREDITED},
                S.PUBLISHED,
                SCREEN,
                effects=(on_publish, on_any),
            ),
            Transition(
                "close",
                _("Close the file"),
                {S.DEFERRED, S.REFUSED},
                S.CLOSED,
                SCREEN,
                guards=(appeal_period_over,),
                effects=(on_any,),
                style="secondary",
            ),
        ),
    )
)
