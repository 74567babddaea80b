"""Accreditation fixtures: the guideline in force, a ready specification version, evaluators and a helper world."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.policy_matrix import Personas
from tests.quality.factories import make_clean_version
from wisam.accreditation import services
from wisam.accreditation.models import Application, DocumentKind, Evaluator
from wisam.institutions.roles import Role


@pytest.fixture(autouse=True)
def _english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _tasks_and_mail(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def guideline(db: Any) -> Any:
    services.guidelines_load()
    found = services.guideline_in_force()
    assert found is not None
    return found


def pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n% Wisam test document\n", content_type="application/pdf")


@pytest.fixture
def make_ready_version(personas: Personas) -> Any:
    from wisam.design.services import specification_version_set_status

    def make(code: str = "DATA-OK-01", organisation: Any = None, **fields: Any) -> Any:
        organisation = organisation or personas.home
        actor = personas.people["designer"] if organisation == personas.home else None
        version = make_clean_version(organisation=organisation, actor=actor, code=code)
        if fields:
            from wisam.design.services import specification_version_update

            version = specification_version_update(version=version, actor=actor, fields=fields)
        return specification_version_set_status(version=version, status="ready_for_accreditation", actor=actor)

    return make


@dataclass
class World:
    personas: Personas
    people: dict[str, Any]
    guideline: Any
    evaluator: Evaluator
    second: Evaluator
    make_ready_version: Any

    def application(self, code: str = "DATA-OK-01") -> Application:
        version = self.make_ready_version(code)
        return services.application_create(version=version, actor=self.people["approver"])

    def submitted(self, code: str = "DATA-OK-01") -> Application:
        application = self.application(code)
        for kind in (DocumentKind.COVER_LETTER, DocumentKind.SELF_ASSESSMENT, DocumentKind.APPROVAL):
            services.application_document_add(
                application=application, kind=kind, upload=pdf(f"{kind}.pdf"), actor=self.people["approver"]
            )
        application.refresh_from_db()
        return services.application_transition(
            application=application, transition="submit", actor=self.people["approver"]
        )

    def in_evaluation(self, code: str = "DATA-OK-01") -> Application:
        application = self.submitted(code)
        officer = self.people["aqac_officer"]
        services.application_transition(application=application, transition="accept", actor=officer)
        services.panel_assign(application=application, evaluator=self.evaluator, role="chair", actor=officer)
        services.panel_assign(application=application, evaluator=self.second, actor=officer)
        application.refresh_from_db()
        return services.application_transition(application=application, transition="start_evaluation", actor=officer)

    def score_all(self, application: Application, score: str = "met") -> None:
        criteria = list(self.guideline.standards.all().prefetch_related("criteria"))
        for evaluator in (self.evaluator, self.second):
            for standard in criteria:
                for criterion in standard.criteria.all():
                    services.score_record(
                        application=application,
                        evaluator=evaluator,
                        criterion=criterion,
                        score=score,
                        justification="Seen in the specification and the documents.",
                        actor=evaluator.user,
                    )

    def at_decision(self, code: str = "DATA-OK-01") -> Application:
        application = self.in_evaluation(code)
        self.score_all(application)
        services.report_write(
            application=application,
            summary="The panel finds the micro-credential sound.",
            recommendation="accredit",
            actor=self.evaluator.user,
        )
        application.refresh_from_db()
        return services.application_transition(
            application=application, transition="submit_report", actor=self.evaluator.user
        )


@pytest.fixture
def world(personas: Personas, guideline: Any, make_person: Any, make_ready_version: Any) -> World:
    people = personas.people
    evaluator = services.evaluator_register(
        user=people["evaluator"], isced_codes=["0613"], levels=[5, 6], actor=people["aqac_officer"]
    )
    second_user = make_person("evaluator2@aqac.test", personas.aqac, Role.AQAC_EVALUATOR)
    second = services.evaluator_register(
        user=second_user, isced_codes=["06"], levels=[4, 5], actor=people["aqac_officer"]
    )
    people["evaluator2"] = second_user
    return World(personas, people, guideline, evaluator, second, make_ready_version)
