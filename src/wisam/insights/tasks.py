"""Background work for insights: keep a micro-credential's linter findings on the quality dashboard up to date."""

from __future__ import annotations

from django.tasks import task


@task()
def lint_findings_refresh_task(micro_credential_id: int) -> int:
    from wisam.insights.services import lint_findings_refresh

    return lint_findings_refresh(micro_credentials=[micro_credential_id])
