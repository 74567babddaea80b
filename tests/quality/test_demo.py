"""The quality demo takes clean specifications through the real workflow to every state, once."""

from __future__ import annotations

from typing import Any

from tests.quality.factories import make_clean_version
from wisam.core.events import events_verify_chain
from wisam.design.models import SpecificationVersion
from wisam.institutions import demo as institutions_demo
from wisam.institutions.models import Organisation, User
from wisam.quality import demo
from wisam.quality.models import CoDesignPartner, Endorsement, ItemAssessment, Review
from wisam.quality.workflow import ReviewState


def test_demo_reaches_every_state_and_is_idempotent(db: Any) -> None:
    institutions_demo.load({})
    karmil = Organisation.objects.get(slug="karmil")
    designer = User.objects.get(email="designer@karmil.example")
    for index in range(6):
        make_clean_version(organisation=karmil, actor=designer, code=f"DEMO-{index}")
    context: dict[str, Any] = {}
    demo.load(context)
    states = set(Review.objects.values_list("state", flat=True))
    assert states >= {
        ReviewState.INTERNAL_REVIEW,
        ReviewState.CHANGES_REQUESTED,
        ReviewState.AWAITING_APPROVAL,
        ReviewState.APPROVED,
        ReviewState.READY_FOR_ACCREDITATION,
    }
    statuses = set(SpecificationVersion.objects.values_list("status", flat=True))
    assert statuses == {"draft", "in_review", "changes_requested", "approved", "ready_for_accreditation"}
    assert ItemAssessment.objects.filter(source="officer").exists()
    assert ItemAssessment.objects.filter(judgement="").exists()  # partly filled
    assert CoDesignPartner.objects.exists()
    assert Endorsement.objects.count() == 1
    counts = (Review.objects.count(), ItemAssessment.objects.count(), CoDesignPartner.objects.count())
    demo.load({})
    assert (Review.objects.count(), ItemAssessment.objects.count(), CoDesignPartner.objects.count()) == counts
    assert Endorsement.objects.count() == 1
    assert events_verify_chain().ok
