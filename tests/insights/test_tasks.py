"""The quality dashboard's linter rows follow a version's status changes without anyone pressing "Rebuild"."""

from __future__ import annotations

from typing import Any

import pytest
from tests.insights.conftest import _version

from wisam.design.services import specification_version_set_status
from wisam.insights.models import LintFinding

pytestmark = pytest.mark.django_db


def test_a_status_change_refreshes_the_linter_rows(personas: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    version = _version(personas.home, "LINT-1")
    LintFinding.objects.all().delete()
    specification_version_set_status(version=version, status="in_review", actor=None)
    rows = LintFinding.objects.filter(version=version)
    assert rows.exists()  # an almost empty specification has findings, now on the dashboard
    assert {row.organisation_id for row in rows} == {personas.home.pk}


def test_an_autosave_does_not_queue_a_refresh(personas: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    version = _version(personas.home, "LINT-2")
    LintFinding.objects.all().delete()
    version.save(update_fields=["updated_at"])
    assert not LintFinding.objects.exists()
