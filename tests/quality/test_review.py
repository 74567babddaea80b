"""The internal QA workflow of a specification version: guards, permissions, pre-fill, judgements and comments."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.policy_matrix import Personas
from tests.quality.conftest import FakeLinter
from wisam.core.events import events_verify_chain
from wisam.core.models import DomainEvent
from wisam.core.workflow import TransitionRefused, workflow_history, workflow_options
from wisam.institutions.roles import Role
from wisam.quality.models import ChecklistItem, ItemAssessment, Judgement, JudgementSource, Review
from wisam.quality.selectors import review_for_version, review_queues, review_threads
from wisam.quality.services import (
    assessment_record,
    comment_add,
    review_start,
    review_submit,
    review_transition,
)
from wisam.quality.workflow import REVIEW_WORKFLOW


def judge_all(review: Review, officer: Any, judgement: str = Judgement.MET) -> None:
    for assessment in review.assessments.all():
        assessment_record(assessment=assessment, actor=officer, judgement=judgement, comment="ok")


def test_the_definition_reaches_every_state() -> None:
    assert REVIEW_WORKFLOW.reachable() == {s.name for s in REVIEW_WORKFLOW.states}


def test_submission_is_refused_while_the_linter_has_blocking_findings(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    # given a draft with two blocking findings and a warning
    fake_lint.report("LO_VAGUE_VERB")
    fake_lint.report("VOLUME_ECTS_RANGE", block="level")
    fake_lint.report("NEED_EVIDENCE", severity="warning", block="need")
    # when the designer submits, then it is refused with every blocking finding listed
    with pytest.raises(TransitionRefused) as refused:
        review_submit(version=version, actor=personas.people["designer"])
    assert refused.value.code == "guard"
    text = " ".join(refused.value.reasons)
    assert "2 blocking" in text
    assert "LO_VAGUE_VERB" in text
    assert "VOLUME_ECTS_RANGE" in text
    assert "NEED_EVIDENCE" not in text
    # and nothing changed: no review, the version is still an editable draft
    version.refresh_from_db()
    assert version.status == "draft"
    assert not Review.objects.exists()


def test_submission_freezes_the_version_and_prefills_from_the_linter(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    fake_lint.report("LO_NO_CONTEXT", severity="warning")
    review = review_submit(version=version, actor=personas.people["designer"], comment="Ready for you")
    version.refresh_from_db()
    assert review.state == "internal_review"
    assert version.status == "in_review"
    assert version.frozen_at is not None
    assert review.submitted_by == personas.people["designer"]
    by_code = {a.item.code: a for a in review.assessments.select_related("item")}
    assert len(by_code) == ChecklistItem.objects.count()
    # an item whose linter codes found a warning is "partially met", one with no findings "met", manual ones blank
    assert (by_code["ESG-1.2a"].judgement, by_code["ESG-1.2a"].source) == ("partially_met", JudgementSource.LINTER)
    assert by_code["ESG-1.2a"].linter_findings[0]["code"] == "LO_NO_CONTEXT"
    assert by_code["EU-6"].judgement == "met"
    assert by_code["ESG-1.3c"].judgement == ""
    actions = [e.action for e in workflow_history(review)]
    assert actions == ["quality.review.started", "quality.review.submit"]
    assert workflow_history(review).last().payload["comment"] == "Ready for you"  # type: ignore[union-attr]


def test_the_whole_path_to_ready_for_accreditation(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    designer, qa, approver = (personas.people[p] for p in ("designer", "qa", "approver"))
    review = review_submit(version=version, actor=designer)
    # the QA officer asks for changes (a comment is required)
    with pytest.raises(TransitionRefused, match="comment is required"):
        review_transition(review=review, transition="request_changes", actor=qa)
    review_transition(review=review, transition="request_changes", actor=qa, comment="Add a context to LO 2")
    version.refresh_from_db()
    assert version.status == "changes_requested"
    assert version.is_frozen is False
    assert [r.pk for r in review_queues(user=designer)[2].reviews] == [review.pk]
    # the designer resubmits; the QA officer judges every item and recommends
    review_transition(review=review, transition="submit", actor=designer)
    assert [r.pk for r in review_queues(user=qa)[0].reviews] == [review.pk]
    with pytest.raises(TransitionRefused, match="Judge every checklist item"):
        review_transition(review=review, transition="recommend", actor=qa)
    judge_all(review, qa)
    review_transition(review=review, transition="recommend", actor=qa)
    assert [r.pk for r in review_queues(user=approver)[1].reviews] == [review.pk]
    # the approver approves and releases for accreditation
    review_transition(review=review, transition="approve", actor=approver)
    version.refresh_from_db()
    assert version.status == "approved"
    review_transition(review=review, transition="release", actor=approver)
    version.refresh_from_db()
    review.refresh_from_db()
    assert version.status == "ready_for_accreditation"
    assert review.state == "ready_for_accreditation"
    assert review.is_active is False
    assert review.decided_by == approver
    transitions = [e.payload["transition"] for e in workflow_history(review) if "transition" in e.payload]
    assert transitions == ["submit", "request_changes", "submit", "recommend", "approve", "release"]
    assert DomainEvent.objects.filter(action="quality.judgement.recorded").count() == ChecklistItem.objects.count()
    assert events_verify_chain().ok


def test_each_role_takes_only_its_own_steps(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter, make_person: Any
) -> None:
    designer, qa, approver = (personas.people[p] for p in ("designer", "qa", "approver"))
    review = review_start(version=version, actor=designer)
    for person in ("qa", "approver", "admin", "aqac_officer", "employer"):
        with pytest.raises(TransitionRefused) as refused:
            review_transition(review=review, transition="submit", actor=personas.people[person])
        assert refused.value.code == "forbidden"
    outsider = make_person("designer@other.test", personas.other, Role.MC_DESIGNER)
    with pytest.raises(TransitionRefused):
        review_transition(review=review, transition="submit", actor=outsider)
    review_transition(review=review, transition="submit", actor=designer)
    with pytest.raises(TransitionRefused):
        review_transition(review=review, transition="recommend", actor=approver)
    judge_all(review, qa)
    review_transition(review=review, transition="recommend", actor=qa)
    with pytest.raises(TransitionRefused):
        review_transition(review=review, transition="approve", actor=qa)
    assert [o.name for o in workflow_options(subject_state=review, actor=approver)] == [
        "send_back",
        "return_to_qa",
        "approve",
    ]
    assert workflow_options(subject_state=review, actor=designer) == []


def test_illegal_jumps_are_refused(personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter) -> None:
    review = review_start(version=version, actor=personas.people["designer"])
    with pytest.raises(TransitionRefused) as refused:
        review_transition(review=review, transition="approve", actor=personas.people["approver"])
    assert refused.value.code == "illegal"
    assert "Awaiting institutional approval" in str(refused.value)


def test_recommending_is_refused_while_items_are_not_met_or_blocking_findings_appear(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    qa = personas.people["qa"]
    review = review_submit(version=version, actor=personas.people["designer"])
    judge_all(review, qa)
    first = review.assessments.first()
    assert first is not None
    assessment_record(assessment=first, actor=qa, judgement=Judgement.NOT_MET, comment="No evidence")
    with pytest.raises(TransitionRefused, match="not met"):
        review_transition(review=review, transition="recommend", actor=qa)
    assessment_record(assessment=first, actor=qa, judgement=Judgement.MET)
    fake_lint.report("ALIGN_UNASSESSED_OUTCOME")
    with pytest.raises(TransitionRefused, match="ALIGN_UNASSESSED_OUTCOME"):
        review_transition(review=review, transition="recommend", actor=qa)


def test_one_active_review_per_version(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    first = review_start(version=version, actor=personas.people["designer"])
    assert review_start(version=version, actor=personas.people["designer"]) == first
    assert review_for_version(version=version) == first
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            version=version,
            organisation=personas.home,
            workflow_name="quality.review",
            workflow_version=1,
            state="draft",
        )


def test_prefill_keeps_the_officers_judgements(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    qa, designer = personas.people["qa"], personas.people["designer"]
    review = review_submit(version=version, actor=designer)
    eu6 = review.assessments.get(item__code="EU-6")
    assessment_record(assessment=eu6, actor=qa, judgement=Judgement.PARTIALLY_MET, comment="ECTS look high")
    review_transition(review=review, transition="request_changes", actor=qa, comment="See EU-6")
    fake_lint.report("LEVEL_BLOOM_TOO_LOW", severity="warning", block="level")
    review_transition(review=review, transition="submit", actor=designer)
    eu6.refresh_from_db()
    assert (eu6.judgement, eu6.source) == (Judgement.PARTIALLY_MET, JudgementSource.OFFICER)
    assert eu6.linter_suggestion == "partially_met"
    assert review.assessments.get(item__code="ESG-1.2b").judgement == "partially_met"


@pytest.fixture
def in_review(personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter) -> Review:
    return review_submit(version=version, actor=personas.people["designer"])


def test_judgement_validation_names_the_field(in_review: Review, personas: Personas) -> None:
    qa = personas.people["qa"]
    assessment = in_review.assessments.first()
    assert assessment is not None
    cases = [
        ({"judgement": "excellent"}, "judgement"),
        ({"judgement": "not_met", "comment": ""}, "comment"),
        ({"judgement": "met", "evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"judgement": "met", "evidence_url": "ftp://files.example/x"}, "evidence_url"),
        ({"judgement": "met", "evidence_url": "https://" + "a" * 500 + ".example"}, "evidence_url"),
    ]
    for kwargs, field_name in cases:
        with pytest.raises(ValidationError) as error:
            assessment_record(assessment=assessment, actor=qa, **kwargs)
        assert field_name in error.value.message_dict, kwargs


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("minutes.pdf", b"%PDF-1.7\n...", True),
        ("photo.PNG", b"\x89PNG\r\n\x1a\n....", True),
        ("notes.txt", "محضر الاجتماع".encode(), True),
        ("report.docx", b"PK\x03\x04....", True),
        ("fake.pdf", b"MZ\x90\x00 an executable", False),
        ("script.html", b"<script>alert(1)</script>", False),
        ("binary.txt", b"\x00\x01\x02", False),
        ("empty.pdf", b"", False),
    ],
)
def test_evidence_files_are_checked_and_stored_under_safe_names(
    in_review: Review, personas: Personas, settings: Any, tmp_path: Path, name: str, content: bytes, ok: bool
) -> None:
    settings.MEDIA_ROOT = tmp_path
    assessment = in_review.assessments.first()
    assert assessment is not None
    upload = SimpleUploadedFile(name, content)
    if not ok:
        with pytest.raises(ValidationError) as error:
            assessment_record(assessment=assessment, actor=personas.people["qa"], judgement="met", evidence_file=upload)
        assert "evidence_file" in error.value.message_dict
        return
    saved = assessment_record(assessment=assessment, actor=personas.people["qa"], judgement="met", evidence_file=upload)
    stored = Path(saved.evidence_file.path)
    assert stored.is_relative_to(tmp_path / "quality" / "evidence")
    assert stored.read_bytes() == content
    assert stored.suffix == Path(name).suffix.lower()
    assert name.split(".")[0] not in stored.name  # the stored name is random; the original is kept for display
    assert saved.evidence_name == name


def test_evidence_files_have_a_size_limit(in_review: Review, personas: Personas, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    assessment = in_review.assessments.first()
    assert assessment is not None
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError, match="at most 5 MB"):
        assessment_record(assessment=assessment, actor=personas.people["qa"], judgement="met", evidence_file=big)


def test_judgements_only_while_in_internal_review(in_review: Review, personas: Personas) -> None:
    review_transition(review=in_review, transition="withdraw", actor=personas.people["designer"])
    assessment = in_review.assessments.first()
    assert assessment is not None
    with pytest.raises(ValidationError, match="only while"):
        assessment_record(assessment=assessment, actor=personas.people["qa"], judgement="met")


def test_comments_are_threaded_per_review_and_item(in_review: Review, personas: Personas, make_version: Any) -> None:
    qa, designer = personas.people["qa"], personas.people["designer"]
    item = ChecklistItem.objects.get(code="EU-3")
    general = comment_add(review=in_review, actor=qa, body="Overall well designed.")
    on_item = comment_add(review=in_review, actor=qa, body="أين دليل الحاجة؟", item=item)
    reply = comment_add(review=in_review, actor=designer, body="Added the employer survey.", parent=on_item)
    assert reply.item == item
    threads = review_threads(review=in_review)
    assert [t.comment for t in threads[None]] == [general]
    assert [(t.comment, t.replies) for t in threads[item.pk]] == [(on_item, [reply])]
    with pytest.raises(ValidationError) as error:
        comment_add(review=in_review, actor=qa, body="   ")
    assert "body" in error.value.message_dict
    other_review = review_start(version=make_version("OTHER-01"), actor=designer)
    with pytest.raises(ValidationError) as error:
        comment_add(review=other_review, actor=qa, body="reply", parent=on_item)
    assert "parent" in error.value.message_dict
    assert DomainEvent.objects.filter(action="quality.comment.added").count() == 3


def test_a_refused_status_change_in_design_refuses_the_transition(
    in_review: Review, personas: Personas, fake_lint: FakeLinter
) -> None:
    # given a newer draft of the same micro-credential (only one version may be editable at a time)
    from wisam.design.models import SpecificationVersion

    version = in_review.version
    SpecificationVersion.objects.create(micro_credential=version.micro_credential, number=2, status="draft")
    # when the QA officer requests changes on version 1, the design app refuses to reopen it, and so does the workflow
    with pytest.raises(TransitionRefused, match="already being edited"):
        review_transition(review=in_review, transition="request_changes", actor=personas.people["qa"], comment="x")
    in_review.refresh_from_db()
    assert in_review.state == "internal_review"


def test_assessments_list_the_item_state(in_review: Review) -> None:
    assert ItemAssessment.objects.filter(review=in_review).count() == ChecklistItem.objects.count()
    assert timezone.now() - in_review.state_changed_at < timedelta(minutes=1)
