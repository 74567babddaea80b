"""Periodic reminders (each sent once) and the refresh of accreditation statuses."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Application,
    Condition,
    ConditionStatus,
    ReminderSent,
)
from wisam.accreditation.services.monitoring import accreditations_refresh
from wisam.accreditation.services.notifications import _aqac_people, _notify_many, _people
from wisam.accreditation.workflow import ApplicationState as S
from wisam.institutions.roles import Role


def _remind_once(key: str) -> bool:
    """True the first time `key` is seen (and remembers it)."""
    _row, created = ReminderSent.objects.get_or_create(key=key[:200])
    return created


def reminders_run(*, today: date | None = None) -> dict[str, int]:
    """Send the reminders that are due (each once) and refresh accreditation statuses. Run periodically."""
    from django.urls import reverse

    today = today or timezone.localdate()
    sent = Counter[str]()
    with transaction.atomic():
        for condition in Condition.objects.filter(
            status=ConditionStatus.OPEN, application__state=S.CONDITIONS
        ).select_related("application__organisation"):
            days = (condition.deadline - today).days
            application = condition.application
            url = reverse("accreditation:application", kwargs={"pk": application.pk})
            # The nearest notice only (30, 7 or 1 day before): one reminder per notice, however often this runs.
            threshold = next((t for t in (1, 7, 30) if 0 <= days <= t), None)
            if threshold is not None and _remind_once(f"condition:{condition.pk}:{threshold}"):
                _notify_many(
                    _people(application.organisation, [Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN]),
                    _("Condition due on %(date)s: %(ref)s")
                    % {"date": condition.deadline, "ref": application.reference},
                    condition.text,
                    url,
                )
                sent["condition_due"] += 1
            if days < 0 and _remind_once(f"condition:{condition.pk}:overdue"):
                _notify_many(
                    _aqac_people([Role.AQAC_OFFICER, Role.COMMISSION_MEMBER]),
                    _("A condition is overdue: %(ref)s") % {"ref": application.reference},
                    condition.text,
                    url,
                )
                sent["condition_overdue"] += 1
        for application in Application.objects.filter(state__in=[S.DEFERRED, S.REFUSED], appeal_deadline__isnull=False):
            days = (application.appeal_deadline - today).days if application.appeal_deadline else -1
            if 0 <= days <= 7 and _remind_once(f"appeal:{application.pk}:7"):
                _notify_many(
                    _people(application.organisation, [Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN]),
                    _("The appeal period on %(ref)s ends on %(date)s")
                    % {"ref": application.reference, "date": application.appeal_deadline},
                    "",
                    reverse("accreditation:application", kwargs={"pk": application.pk}),
                )
                sent["appeal_deadline"] += 1
        for application in Application.objects.filter(state=S.EVALUATION, evaluation_due__isnull=False):
            days = (application.evaluation_due - today).days if application.evaluation_due else 99
            if days <= 7 and _remind_once(f"evaluation:{application.pk}:{application.evaluation_due}"):
                _notify_many(
                    [m.evaluator.user for m in application.panel.select_related("evaluator__user")],
                    _("Evaluation of %(ref)s is due on %(date)s")
                    % {"ref": application.reference, "date": application.evaluation_due},
                    "",
                    reverse("accreditation:application", kwargs={"pk": application.pk}),
                )
                sent["evaluation_due"] += 1
        for application in Application.objects.filter(state=S.SCREENING, screening_due__lt=today):
            if _remind_once(f"screening:{application.pk}:{application.screening_due}"):
                _notify_many(
                    _aqac_people([Role.AQAC_OFFICER]),
                    _("Screening of %(ref)s is overdue") % {"ref": application.reference},
                    "",
                    reverse("accreditation:application", kwargs={"pk": application.pk}),
                )
                sent["screening_overdue"] += 1
    changed = accreditations_refresh(today=today)
    return {**sent, **{f"accreditations_{k}": v for k, v in changed.items()}}
