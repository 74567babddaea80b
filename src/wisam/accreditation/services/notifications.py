"""In-app notifications (e-mailed after commit) and the people of an institution or of AQAC to tell."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from wisam.accreditation.models import (
    Notification,
)
from wisam.accreditation.services.common import logger
from wisam.institutions.models import Membership


def notify(*, user: Any, subject: str, body: str = "", url: str = "") -> Notification | None:
    """Put a message in `user`'s inbox and e-mail it after the transaction commits (a background task)."""
    if user is None or not getattr(user, "pk", None):
        return None
    notification = Notification.objects.create(user=user, subject=subject[:200], body=body, url=url[:300])

    def enqueue() -> None:
        from wisam.accreditation.tasks import send_notification_email

        try:
            send_notification_email.enqueue(notification.pk)
        except Exception:  # the inbox has it anyway; a broken task backend must not break the request
            logger.exception("could not enqueue the e-mail of notification %s", notification.pk)

    transaction.on_commit(enqueue)
    return notification


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())


def _people(organisation: Any, roles: Iterable[str]) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.current()
        .filter(organisation=organisation, role__in=list(roles))
        .select_related("user")
    ]


def _aqac_people(roles: Iterable[str]) -> list[Any]:
    seen: dict[int, Any] = {}
    for m in Membership.objects.current().filter(role__in=list(roles)).select_related("user"):
        seen.setdefault(m.user_id, m.user)
    return list(seen.values())


def _notify_many(users: Iterable[Any], subject: str, body: str, url: str) -> None:
    for user in {u.pk: u for u in users}.values():
        notify(user=user, subject=subject, body=body, url=url)
