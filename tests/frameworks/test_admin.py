"""The admin pages AQAC staff use to edit frameworks and vocabularies render, list and search."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wisam.frameworks.models import EscoSkill, QualificationFramework

pytestmark = pytest.mark.django_db

MODELS = [
    "qualificationframework",
    "frameworklevel",
    "levelmapping",
    "creditsystem",
    "creditconversion",
    "iscedfield",
    "language",
    "escoskill",
    "vocabulary",
    "vocabularyconcept",
    "datarelease",
]


@pytest.fixture
def staff_client(client: Any, make_person: Any) -> Any:
    user = make_person("aqac-admin@wisam.test", None)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelists_render(frameworks: Any, staff_client: Any, model: str) -> None:
    response = staff_client.get(reverse(f"admin:frameworks_{model}_changelist"))
    assert response.status_code == 200


def test_skill_search_in_the_admin_normalises_arabic(frameworks: Any, staff_client: Any) -> None:
    response = staff_client.get(reverse("admin:frameworks_escoskill_changelist"), {"q": "التفكير النقدي"})
    assert response.status_code == 200
    assert "think critically" in response.content.decode()


def test_change_forms_render(frameworks: Any, staff_client: Any) -> None:
    framework = QualificationFramework.objects.get(code="PS-NQF")
    skill = EscoSkill.objects.first()
    assert skill is not None
    for url in (
        reverse("admin:frameworks_qualificationframework_change", args=[framework.pk]),
        reverse("admin:frameworks_escoskill_change", args=[skill.pk]),
    ):
        assert staff_client.get(url).status_code == 200


def test_make_default_action_switches_the_national_framework(frameworks: Any, staff_client: Any) -> None:
    alternative = QualificationFramework.objects.get(code="PS-NQF-8")
    response = staff_client.post(
        reverse("admin:frameworks_qualificationframework_changelist"),
        {"action": "make_default", "_selected_action": [alternative.pk]},
    )
    assert response.status_code == 302
    assert list(QualificationFramework.objects.filter(is_default=True)) == [alternative]
