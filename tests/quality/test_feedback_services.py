"""The feedback loop's services: instruments as data, one answer per credential, enrolments from CSV, KPIs by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.policy_matrix import Personas
from tests.quality.feedback_fixtures import employer_answers, issue, learner_answers, released_version
from wisam.core.models import DomainEvent
from wisam.quality.kpis import kpis_for_micro_credential, kpis_for_organisation
from wisam.quality.models import Enrolment, SurveyInstrument, SurveyReceipt, SurveyResponse
from wisam.quality.selectors import feedback_summary, survey_instrument_current
from wisam.quality.services import (
    enrolment_create,
    enrolment_set_outcome,
    enrolments_import,
    survey_answer_employer,
    survey_answer_learner,
    survey_instruments_load,
)

pytestmark = pytest.mark.django_db


def test_default_instruments_are_shipped_bilingual_and_loaded_by_the_migration() -> None:
    codes = set(SurveyInstrument.objects.values_list("code", "audience"))
    assert {("learner-end-of-course", "learner"), ("employer", "employer")} <= codes
    for instrument in SurveyInstrument.objects.all():
        assert instrument.title["ar"]
        assert instrument.title["en"]
        assert instrument.overall_ids
        for question in instrument.questions:
            assert question["label"]["ar"]
            assert question["label"]["en"]
    assert survey_instruments_load() == []  # loading again changes nothing


def test_instruments_load_on_first_use_when_missing() -> None:
    SurveyInstrument.objects.all().delete()
    assert survey_instrument_current(code="employer") is not None


def test_a_new_instrument_version_leaves_answered_responses_alone(personas: Personas) -> None:
    version = released_version(personas.home)
    learner = personas.people["learner"]
    credential = issue(version, learner.email, user=learner)
    response = survey_answer_learner(credential=credential, actor=learner, answers=learner_answers(5))
    v1 = response.instrument
    v2 = SurveyInstrument.objects.create(
        code=v1.code, version=2, audience=v1.audience, title=v1.title, questions=v1.questions[:3], content_hash="x"
    )
    assert survey_instrument_current(code=v1.code) == v2
    response.refresh_from_db()
    assert response.instrument == v1
    assert len(response.answers) == len(learner_answers())


def test_learner_answers_once_per_credential_and_the_response_is_anonymous(personas: Personas) -> None:
    version = released_version(personas.home)
    learner = personas.people["learner"]
    credential = issue(version, learner.email, user=learner)
    response = survey_answer_learner(
        credential=credential, actor=learner, answers=learner_answers(4, overall_satisfied=5, to_improve="More labs")
    )
    assert response.overall == pytest.approx((4 * 5 + 5) / 6, abs=0.001)
    assert not {f.name for f in SurveyResponse._meta.get_fields()} & {"respondent", "credential", "learner"}
    receipt = SurveyReceipt.objects.get()
    assert receipt.credential == credential
    assert receipt.respondent == learner
    with pytest.raises(ValidationError, match="already answered"):
        survey_answer_learner(credential=credential, actor=learner, answers=learner_answers())
    assert SurveyResponse.objects.count() == 1


def test_validation_errors_name_the_question(personas: Personas) -> None:
    version = released_version(personas.home)
    learner = personas.people["learner"]
    credential = issue(version, learner.email, user=learner)
    answers = learner_answers(assessment_fair=9)
    del answers["benefit"]
    with pytest.raises(ValidationError) as error:
        survey_answer_learner(credential=credential, actor=learner, answers=answers)
    messages = error.value.message_dict
    assert "Question 3" in messages["assessment_fair"][0]
    assert "assessment was fair" in messages["assessment_fair"][0]
    assert "Question 8" in messages["benefit"][0]
    assert not SurveyReceipt.objects.exists()


def test_employer_answers_once_per_organisation_micro_credential_and_year(personas: Personas) -> None:
    version = released_version(personas.home)
    employer = personas.people["employer"]
    survey_answer_employer(micro_credential=version.micro_credential, actor=employer, answers=employer_answers(3))
    with pytest.raises(ValidationError, match="already answered"):
        survey_answer_employer(micro_credential=version.micro_credential, actor=employer, answers=employer_answers())
    survey_answer_employer(
        micro_credential=version.micro_credential, actor=employer, answers=employer_answers(), year=2025
    )
    assert SurveyResponse.objects.filter(audience="employer").count() == 2


@pytest.mark.parametrize(("responses", "hidden"), [(4, True), (5, False)])
def test_anonymity_threshold_in_the_summary_and_the_kpis(personas: Personas, responses: int, hidden: bool) -> None:
    version = released_version(personas.home)
    year = timezone.localdate().year
    for n in range(responses):
        credential = issue(version, f"l{n}@example.test")
        survey_answer_learner(credential=credential, actor=None, answers=learner_answers(4, to_improve=f"note {n}"))
    summary = feedback_summary(micro_credential=version.micro_credential, audience="learner", year=year)
    kpis = kpis_for_micro_credential(micro_credential=version.micro_credential, year=year)
    assert summary.responses == responses
    assert kpis.learner_responses == responses
    assert summary.hidden is hidden
    if hidden:
        assert summary.questions == []
        assert summary.overall is None
        assert kpis.learner_satisfaction is None
    else:
        assert summary.overall == 4.0
        assert kpis.learner_satisfaction == 4.0
        texts = next(q for q in summary.questions if q.id == "to_improve").texts
        assert sorted(texts) == [f"note {n}" for n in range(5)]


def test_enrolment_is_passed_and_linked_when_its_credential_is_issued(personas: Personas) -> None:
    version = released_version(personas.home)
    registrar = personas.people["registrar"]
    enrolment = enrolment_create(
        organisation=personas.home,
        micro_credential=version.micro_credential,
        learner_email="Rana@Example.test",
        enrolled_on=timezone.localdate() - timedelta(days=30),
        actor=registrar,
    )
    assert enrolment.status == "enrolled"
    credential = issue(version, "rana@example.test")
    enrolment.refresh_from_db()
    assert enrolment.status == "passed"
    assert enrolment.credential == credential
    assert enrolment.finished_on == timezone.localdate()
    assert DomainEvent.objects.filter(action="quality.enrolment.outcome").exists()


def test_csv_upload_reports_every_bad_row_by_number_and_writes_nothing(personas: Personas) -> None:
    version = released_version(personas.home)
    registrar = personas.people["registrar"]
    csv = (
        "email,enrolled_on,status,finished_on\n"
        "a@example.test,2026-01-10,,\n"
        "not-an-email,2026-01-10,,\n"
        "b@example.test,10/01/2026,passed,2026-03-01\n"
        "c@example.test,2026-01-10,graduated,\n"
        "a@example.test,2026-01-10,,\n"
    )
    with pytest.raises(ValidationError) as error:
        enrolments_import(
            organisation=personas.home, micro_credential=version.micro_credential, content=csv, actor=registrar
        )
    messages = error.value.message_dict["file"]
    assert any(m.startswith("Row 3:") and "e-mail" in m for m in messages)
    assert any(m.startswith("Row 4:") and "YYYY-MM-DD" in m for m in messages)
    assert any(m.startswith("Row 5:") and "graduated" in m for m in messages)
    assert any(m.startswith("Row 6:") and "row 2" in m for m in messages)
    assert not any(m.startswith("Row 2:") for m in messages)
    assert not Enrolment.objects.exists()
    good_csv = "email,enrolled_on,status,finished_on\na@example.test,2026-01-10,,\nb@example.test,2026-01-11,withdrawn,2026-02-01\n"
    created = enrolments_import(
        organisation=personas.home,
        micro_credential=version.micro_credential,
        content=good_csv.encode(),
        actor=registrar,
    )
    assert [e.status for e in created] == ["enrolled", "withdrawn"]


def test_kpis_match_hand_computed_figures(personas: Personas) -> None:
    version = released_version(personas.home)
    mc = version.micro_credential
    registrar = personas.people["registrar"]
    year = timezone.localdate().year
    start = date(year, 1, 5)
    # 10 enrolments this year: 2 still enrolled, 1 withdrawn, 2 failed, 5 passed (3 of them with a credential).
    outcomes = ["enrolled"] * 2 + ["withdrawn"] + ["failed"] * 2 + ["passed"] * 2
    for n, status in enumerate(outcomes):
        enrolment_create(
            organisation=personas.home,
            micro_credential=mc,
            learner_email=f"k{n}@example.test",
            enrolled_on=start,
            status=status,
            finished_on=None if status == "enrolled" else start + timedelta(days=20),
            actor=registrar,
        )
    for n in range(3):
        enrolment_create(
            organisation=personas.home,
            micro_credential=mc,
            learner_email=f"c{n}@example.test",
            enrolled_on=start,
            actor=registrar,
        )
    # Credentials "issued" 40, 50 and 90 days after enrolment → median 50.
    from wisam.credentials.models import IssuedCredential

    for n, days in enumerate((40, 50, 90)):
        credential = issue(version, f"c{n}@example.test")
        issued = timezone.make_aware(
            timezone.datetime.combine(start + timedelta(days=days), timezone.datetime.min.time()).replace(hour=12)
        )
        IssuedCredential.objects.filter(pk=credential.pk).update(issued_at=issued)
    # Enrolments last year do not count this year.
    enrolment_create(
        organisation=personas.home,
        micro_credential=mc,
        learner_email="old@example.test",
        enrolled_on=date(year - 1, 3, 1),
        actor=registrar,
    )
    # Learner satisfaction: 6 responses; employer rating: 2 responses (hidden, fewer than five).
    for n, score in enumerate((5, 4, 4, 3, 5, 3)):
        credential = issue(version, f"s{n}@example.test")
        survey_answer_learner(credential=credential, actor=None, answers=learner_answers(score))
    survey_answer_employer(micro_credential=mc, actor=personas.people["employer"], answers=employer_answers(5))

    kpis = kpis_for_micro_credential(micro_credential=mc, year=year)
    assert kpis.enrolments == 10
    assert (kpis.in_progress, kpis.withdrawn, kpis.failed, kpis.passed) == (2, 1, 2, 5)
    assert kpis.completion_rate == pytest.approx(7 / 8, abs=1e-4)
    assert kpis.pass_rate == pytest.approx(5 / 7, abs=1e-4)
    assert kpis.median_days_to_credential == 50
    assert kpis.learner_satisfaction == pytest.approx(4.0)
    assert kpis.learner_responses == 6
    assert kpis.employer_rating is None
    assert kpis.employer_responses == 1
    assert kpis.credentials_issued == 9  # 3 for enrolments + 6 for the survey respondents, all this year
    organisation = kpis_for_organisation(organisation=personas.home, year=year)
    assert organisation.enrolments == 10
    assert organisation.pass_rate == kpis.pass_rate
    assert kpis_for_micro_credential(micro_credential=mc, year=year - 1).enrolments == 1
    other = kpis_for_micro_credential(micro_credential=mc, year=year - 5)
    assert other.completion_rate is None
    assert other.pass_rate is None
    assert other.median_days_to_credential is None


def test_outcome_can_be_recorded_with_a_finish_date(personas: Personas) -> None:
    version = released_version(personas.home)
    registrar = personas.people["registrar"]
    enrolment = enrolment_create(
        organisation=personas.home,
        micro_credential=version.micro_credential,
        learner_email="x@example.test",
        enrolled_on=date(2026, 1, 1),
        actor=registrar,
    )
    enrolment = enrolment_set_outcome(enrolment=enrolment, status="failed", finished_on="2026-02-01", actor=registrar)
    assert enrolment.status == "failed"
    assert enrolment.finished_on == date(2026, 2, 1)
    with pytest.raises(ValidationError, match="before enrolled_on"):
        enrolment_set_outcome(enrolment=enrolment, status="passed", finished_on="2025-12-01", actor=registrar)
