"""Background work of accreditation (Django's tasks framework): e-mails and the periodic reminders.

`wisam accreditation_reminders` enqueues `run_reminders`; run it daily from cron or a systemd timer (see
docs/accreditation.md). The task worker started by `wisam serve` executes them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail an in-app notification to its recipient (console backend in development)."""
    from wisam.accreditation.models import Notification

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.user.email:
        return False
    link = f"{settings.SITE_URL}{notification.url}" if notification.url.startswith("/") else notification.url
    body = "\n\n".join(part for part in (notification.body, link) if part)
    send_mail(notification.subject, body, None, [notification.user.email], fail_silently=False)
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@task()
def run_reminders() -> dict[str, Any]:
    """Send due reminders (conditions, appeals, evaluations, screening) and move accreditations to expiring/expired."""
    from wisam.accreditation.services import reminders_run

    return reminders_run()
