"""Background work: issuing a cohort (each credential in its own transaction; a re-run resumes where it stopped)."""

from __future__ import annotations

from django.tasks import task

from wisam.credentials.models import IssuanceBatch


@task()
def issue_batch(batch_id: str, actor_id: int | None = None) -> dict[str, int]:
    from wisam.credentials.services import batch_run
    from wisam.institutions.models import User

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    batch = batch_run(batch_id=batch_id, actor=actor)
    return {"issued": batch.issued, "skipped": batch.skipped, "failed": batch.failed}


def batch_enqueue(batch: IssuanceBatch, actor_id: int | None) -> None:
    """Queue the batch (the worker of `wisam serve` runs it; the immediate backend runs it at once)."""
    IssuanceBatch.objects.filter(pk=batch.pk).update(status=IssuanceBatch.Status.QUEUED)
    result = issue_batch.enqueue(str(batch.pk), actor_id)
    IssuanceBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
