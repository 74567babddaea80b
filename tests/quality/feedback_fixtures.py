"""Helpers for the feedback-loop tests: an accredited micro-credential at `home`, credentials, survey answers."""

from __future__ import annotations

from typing import Any

from tests.credentials.conftest import accredit
from tests.design.specs import good
from wisam.credentials.compose import Learner

LIKERT_IDS = (
    "outcomes_clear",
    "activities_helped",
    "assessment_fair",
    "feedback_useful",
    "workload_matched",
    "overall_satisfied",
    "would_recommend",
)


def released_version(organisation: Any, code: str = "LOOP-1", *, accredited: bool = True) -> Any:
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )

    data = good()
    version = micro_credential_create(organisation=organisation, code=code, title=data["title"], actor=None)
    version = specification_version_load(version=version, data=data, actor=None)
    version = specification_version_set_status(version=version, status="approved", actor=None)
    if accredited:
        accredit(version)
    return version


def issue(version: Any, email: str, *, name: str = "Learner", user: Any = None) -> Any:
    from wisam.credentials.services import credential_issue

    credential = credential_issue(
        organisation=version.micro_credential.organisation,
        version=version,
        learner=Learner(email=email, name={"ar": name, "en": name}),
        actor=None,
        notify=False,
    ).credential
    if user is not None and credential.learner_id != user.pk:
        type(credential).objects.filter(pk=credential.pk).update(learner=user)
        credential.refresh_from_db()
    return credential


def learner_answers(score: int = 4, **extra: Any) -> dict[str, Any]:
    answers: dict[str, Any] = dict.fromkeys(LIKERT_IDS, score)
    answers["benefit"] = "performance"
    answers.update(extra)
    return answers


def employer_answers(score: int = 4, **extra: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "relationship": "employ",
        "skills_applied": score,
        "content_relevant": score,
        "work_ready": score,
        "overall_satisfied": score,
        "prefer_holders": score,
    }
    answers.update(extra)
    return answers
