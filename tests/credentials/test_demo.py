"""The credentials demo issues to the demo learners: one revoked, one suspended, one expired; idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.credentials.conftest import accredit
from wisam.credentials import demo
from wisam.credentials.models import IssuedCredential
from wisam.credentials.verification import credential_verify


@pytest.mark.django_db
def test_demo_issues_revoked_suspended_and_expired(make_organisation: Any, make_version: Any) -> None:
    from wisam.institutions.demo import LEARNERS

    context: dict[str, Any] = {}
    demo.load(context)
    assert context["credentials"]["issued"] == 0
    home = make_organisation("karmil")
    version = make_version(home, accredited=False)
    accredit(version, start=date.today() - timedelta(days=400))
    demo.load(context)
    assert context["credentials"]["issued"] == len(LEARNERS)
    # Earlier cohorts: credentials issued over the accreditation's time to learners without demo logins.
    earlier = context["credentials"]["earlier_cohorts"]
    assert 6 <= earlier <= 24
    cohort = IssuedCredential.objects.filter(learner_email__endswith=demo.COHORT_DOMAIN)
    assert cohort.count() == earlier
    assert all(c.issued_at.date() < date.today() for c in cohort)
    assert len({c.issued_at.date() for c in cohort}) > 1
    demo.load(context)
    assert IssuedCredential.objects.count() == len(LEARNERS) + earlier
    states = {c.learner_email: c.state for c in IssuedCredential.objects.all()}
    assert states[LEARNERS[0].email] == "revoked"
    assert states[LEARNERS[1].email] == "suspended"
    expired = IssuedCredential.objects.get(learner_email=LEARNERS[2].email)
    assert expired.valid_until is not None
    assert expired.valid_until < timezone.now()
    codes = {line.check: line.code for line in credential_verify(expired.document).lines}
    assert codes["dates"] == "dates.expired"
    assert credential_verify(IssuedCredential.objects.get(learner_email=LEARNERS[3].email).document).verified
