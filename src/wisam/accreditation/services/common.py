"""Helpers shared by the accreditation services: the actor, month arithmetic, the application row lock, events."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Application,
)
from wisam.core.events import event_record
from wisam.core.workflow import TransitionRefused

# One logger for every services module, named as before the split so log configuration and filters still match.
logger = logging.getLogger("wisam.accreditation.services")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError("unreachable")


def _next_reference(prefix: str, model: Any, field: str) -> int:
    last = model.objects.filter(**{f"{field}__startswith": prefix}).aggregate(last=Max(field)).get("last")
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return number


def _stale(application: Application, locked: Application) -> TransitionRefused:
    return TransitionRefused(
        transition=_("Save"),
        state=locked.state,
        code="stale",
        reasons=[
            _(
                "Someone else changed this application while you were looking at it (it is now “%(state)s”); "
                "reload the page and try again."
            )
            % {"state": locked.state_label}
        ],
    )


def _lock(
    application: Application, *, states: Iterable[str] | None = None, expected_lock_version: int | None = None
) -> Application:
    """Lock the application row; refuse if it changed since the caller read it, or is in the wrong state."""
    locked = Application.objects.select_for_update().select_related("specification_version").get(pk=application.pk)
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise _stale(application, locked)
    if states is not None and locked.state not in set(states):
        raise ValidationError(
            _("This cannot be done while the application is “%(state)s”.") % {"state": locked.state_label},
            code="state",
        )
    return locked


def _touch(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(lock_version=application.lock_version + 1)
    application.lock_version += 1


def _record(action: str, application: Application, actor: Any, payload: Mapping[str, Any] | None = None) -> None:
    event_record(
        action=f"accreditation.application.{action}",
        subject=application,
        actor=actor,
        organisation=application.organisation,
        payload={"reference": application.reference, **dict(payload or {})},
    )
