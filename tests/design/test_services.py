"""Services: creating, editing, freezing, versioning and comparing specifications; every change is an event."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.design.specs import good
from wisam.core.events import events_for
from wisam.design.linter import lint_specification
from wisam.design.models import SpecificationVersion, VersionStatus
from wisam.design.selectors import alignment_matrix, specification_versions_compare
from wisam.design.services import (
    SpecificationFrozenError,
    micro_credential_create,
    specification_item_add,
    specification_item_remove,
    specification_item_update,
    specification_version_create_next,
    specification_version_set_status,
    specification_version_update,
)


def test_create_records_event_and_defaults_awarding_body(home: Any, designer: Any) -> None:
    version = micro_credential_create(
        organisation=home, code="DA-1", title={"ar": "عنوان", "en": "Title"}, actor=designer
    )
    assert version.number == 1
    assert version.status == VersionStatus.DRAFT
    assert version.awarding_body == home.name
    assert version.awarding_country == "PS"
    assert [e.action for e in events_for(version)] == ["specification.created"]


def test_create_refuses_duplicate_code_and_non_institutions(home: Any, designer: Any, make_organisation: Any) -> None:
    micro_credential_create(organisation=home, code="DA-1", title="عنوان", actor=designer)
    with pytest.raises(ValidationError) as error:
        micro_credential_create(organisation=home, code="da-1", title="عنوان", actor=designer)
    assert "code" in error.value.message_dict
    employer = make_organisation("acme", "employer")
    with pytest.raises(ValidationError):
        micro_credential_create(organisation=employer, code="X", title="x", actor=designer)


def test_good_spec_loads_and_lints_clean(make_spec: Any) -> None:
    version = make_spec()
    assert version.outcomes.count() == 4
    assert version.activities.count() == 2
    assert version.assessments.count() == 2
    report = lint_specification(version)
    assert not report.findings, [f.code for f in report.findings]
    assert report.readiness == 100
    assert all(o.bloom_level for o in version.outcomes.all())


def test_update_validates_and_names_the_field(make_spec: Any, designer: Any) -> None:
    version = make_spec()
    with pytest.raises(ValidationError) as error:
        specification_version_update(version=version, actor=designer, fields={"eqf_level": 11, "notional_hours": "x"})
    assert set(error.value.message_dict) == {"eqf_level", "notional_hours"}
    with pytest.raises(ValidationError) as error:
        specification_version_update(version=version, actor=designer, fields={"status": "approved"})
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        specification_version_update(version=version, actor=designer, fields={"languages": ["xx"]})
    assert "languages" in error.value.message_dict


def test_partial_translated_update_keeps_the_other_language(make_spec: Any, designer: Any) -> None:
    version = make_spec()
    version = specification_version_update(version=version, actor=designer, fields={"title": {"en": "New title"}})
    assert version.title == {"ar": "تحليل البيانات باستخدام بايثون", "en": "New title"}
    assert events_for(version).filter(action="specification.updated").exists()


def test_frozen_version_refuses_every_edit(make_spec: Any, designer: Any) -> None:
    version = make_spec()
    version = specification_version_set_status(version=version, status=VersionStatus.IN_REVIEW, actor=designer)
    assert version.is_frozen
    assert version.frozen_at is not None
    outcome = version.outcomes.first()
    for attempt in (
        lambda: specification_version_update(version=version, actor=designer, fields={"ects": 4}),
        lambda: specification_item_add(version=version, kind="kpi", actor=designer, fields={}),
        lambda: specification_item_update(item=outcome, actor=designer, fields={"text": {"en": "x"}}),
        lambda: specification_item_remove(item=outcome, actor=designer),
    ):
        with pytest.raises(SpecificationFrozenError):
            attempt()
    # changes requested opens it again
    version = specification_version_set_status(version=version, status=VersionStatus.CHANGES_REQUESTED, actor=designer)
    specification_version_update(version=version, actor=designer, fields={"ects": "3.2"})
    actions = [e.action for e in events_for(version)]
    assert actions.count("specification.status_changed") == 2


def test_unknown_status_is_refused(make_spec: Any, designer: Any) -> None:
    with pytest.raises(ValidationError):
        specification_version_set_status(version=make_spec(), status="published", actor=designer)


def test_next_version_copies_everything_and_compare_finds_changes(make_spec: Any, designer: Any) -> None:
    v1 = make_spec()
    with pytest.raises(ValidationError):
        specification_version_create_next(version=v1, actor=designer)  # v1 is still a draft
    specification_version_set_status(version=v1, status=VersionStatus.APPROVED, actor=designer)
    v2 = specification_version_create_next(version=v1, actor=designer)
    assert (v2.number, v2.status, v2.created_from) == (2, VersionStatus.DRAFT, v1)
    assert specification_versions_compare(v1, v2).identical
    # links to outcomes point at the copies
    for assessment in v2.assessments.all():
        assert all(o.version_id == v2.pk for o in assessment.outcomes.all())
    assert lint_specification(v2).findings == ()
    # change a field, an outcome, links and add a KPI
    specification_version_update(version=v2, actor=designer, fields={"ects": "4", "notional_hours": 110})
    first = v2.outcomes.first()
    specification_item_update(
        item=first, actor=designer, fields={"text": {"en": "Apply pandas to clean data in notebooks."}}
    )
    specification_item_add(version=v2, kind="kpi", actor=designer, fields={"name": {"en": "Employer take-up"}})
    v2 = SpecificationVersion.objects.get(pk=v2.pk)
    paths = {d.path for d in specification_versions_compare(v1, v2).differences}
    assert {"ects", "notional_hours", "outcomes[1].text", "kpis[2]"} <= paths
    kinds = {d.path: d.kind for d in specification_versions_compare(v1, v2).differences}
    assert kinds["kpis[2]"] == "added"
    assert {d.block for d in specification_versions_compare(v1, v2).differences} >= {"level", "outcomes"}
    # v1 untouched
    assert v1.outcomes.first().text["en"].startswith("Clean")


def test_item_links_must_stay_within_the_version(make_spec: Any, designer: Any) -> None:
    a, b = make_spec(), make_spec()
    foreign = b.outcomes.first()
    with pytest.raises(ValidationError) as error:
        specification_item_add(version=a, kind="assessment", actor=designer, fields={"outcomes": [foreign.pk]})
    assert "outcomes" in error.value.message_dict


def test_outcome_bloom_level_is_derived(make_spec: Any, designer: Any) -> None:
    version = make_spec()
    outcome = specification_item_add(
        version=version, kind="outcome", actor=designer, fields={"text": {"ar": "أن يصمّم خطة تسويق لمنتج محلي"}}
    )
    assert outcome.bloom_level == 6
    outcome = specification_item_update(item=outcome, actor=designer, fields={"text": {"ar": "يعرف التسويق"}})
    assert outcome.bloom_level is None


def test_alignment_matrix(make_spec: Any) -> None:
    matrix = alignment_matrix(make_spec())
    assert len(matrix.rows) == 4
    assert len(matrix.activities) == 2
    assert len(matrix.assessments) == 2
    assert all(row.assessed and row.taught for row in matrix.rows)
    assert matrix.rows[0].assessments == (True, False)


def test_skills_must_be_esco_uris(make_spec: Any, designer: Any) -> None:
    version = make_spec()
    with pytest.raises(ValidationError) as error:
        specification_item_add(version=version, kind="outcome", actor=designer, fields={"skills": ["not-a-uri"]})
    assert "skills" in error.value.message_dict


def test_load_reports_child_errors_by_position(home: Any, designer: Any, make_spec: Any) -> None:
    data = good()
    data["assessments"][0]["weighting"] = 400
    with pytest.raises(ValidationError) as error:
        make_spec(data)
    assert "assessments[1]" in error.value.message_dict
