"""A small national picture with hand-countable figures, for the insights aggregation, permission and export tests.

Institutions (higher education): `home` (traditional university, Ramallah), `other` (community college, Gaza), two
peers (Hebron and Nablus), so an institution always has three others for the national median.

Register (current): home E1 0613/EQF5/3 ECTS/online/ar+en teaches S1, home E2 0413/EQF6/6 ECTS/blended/ar teaches
S2, home E3 expired (never counted), other E4 0612/EQF5/1.5 ECTS/onsite/ar expiring in 90 days, peer1 E5
0613/EQF4/12 ECTS/online/en teaches S1.
Credentials: home 3 in January and 3 in February 2026 (5 to women born 2000, 1 to a man born 1980); other 2 in March
2026 without a learner profile. Applications: home 1 in screening and 1 accredited (decided); other 1 in screening and
1 in panel. Linter: home 2 blocking ASSESS_NONE + 1 warning KPI_NONE; other 1 warning KPI_NONE.
Skill needs: employer N1 (ICT, Ramallah, 10 people) S1 S2 S3; N2 (business, Gaza, 5 people) S3.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from tests.policy_matrix import Personas

from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role


@pytest.fixture(scope="session", autouse=True)
def _insights_catalogue() -> None:
    """Compile the insights app's Arabic catalogue (the .mo is not committed)."""
    from pathlib import Path

    from wisam.web.management.commands.compile_translations import compile_catalogue

    po = Path(__file__).resolve().parents[2] / "src/wisam/insights/locale/ar/LC_MESSAGES/django.po"
    if po.exists():
        compile_catalogue(po)


@dataclass
class World:
    personas: Personas
    home: Any
    other: Any
    peer1: Any
    peer2: Any
    employer: Any
    skills: list[Any]
    entries: dict[str, Any]
    needs: list[Any]

    @property
    def people(self) -> dict[str, Any]:
        return self.personas.people


def _version(organisation: Any, code: str, **fields: Any) -> Any:
    from wisam.design.models import LearningOutcome
    from wisam.design.services import micro_credential_create

    skills = fields.pop("skills", [])
    version = micro_credential_create(organisation=organisation, code=code, title=bilingual(code, code), actor=None)
    type(version).objects.filter(pk=version.pk).update(**fields)
    version.refresh_from_db()
    LearningOutcome.objects.create(version=version, text=bilingual("نتيجة", "Outcome"), skills=skills)
    return version


def _entry(version: Any, number: int, *, status: str = "active", valid_until: date | None = None, **fields: Any) -> Any:
    from wisam.accreditation.models import RegisterEntry

    organisation = version.micro_credential.organisation
    return RegisterEntry.objects.create(
        identifier=f"PS-TEST-{number:04d}",
        organisation=organisation,
        micro_credential=version.micro_credential,
        specification_version=version,
        title=version.title,
        institution_name=organisation.name,
        institution_slug=organisation.slug,
        isced_code=version.isced_code,
        eqf_level=version.eqf_level,
        ects=version.ects,
        first_registered=date(2025, 1, 1),
        valid_from=date(2025, 1, 1),
        valid_until=valid_until or date(2030, 1, 1),
        status=status,
        **fields,
    )


def _credentials(organisation: Any, version: Any, when: list[datetime], learners: list[Any]) -> None:
    from wisam.credentials.models import IssuedCredential, IssuerKey

    key = IssuerKey.objects.create(
        organisation=organisation, key_id="key-1", public_key_multibase="z" + organisation.slug, secret_encrypted="x"
    )
    for index, moment in enumerate(when):
        learner = learners[index] if index < len(learners) else None
        IssuedCredential.objects.create(
            organisation=organisation,
            specification_version=version,
            learner=learner,
            learner_name=bilingual("متعلم", "Learner"),
            learner_email=f"l{index}@{organisation.slug}.test",
            identity_hash="h",
            issued_at=moment,
            document="{}",
            key=key,
            status_index=index,
            idempotency_key=str(uuid.uuid4()),
        )


def _application(organisation: Any, version: Any, reference: str, state: str, **fields: Any) -> Any:
    from wisam.accreditation.models import Application

    return Application.objects.create(
        reference=reference,
        organisation=organisation,
        specification_version=version,
        workflow_name=Application.WORKFLOW.name,
        workflow_version=Application.WORKFLOW.version,
        state=state,
        **fields,
    )


def _learner(make_person: Any, email: str, gender: str, birth_year: int) -> Any:
    from wisam.institutions.models import LearnerProfile

    user = make_person(email, None, Role.LEARNER)
    LearnerProfile.objects.filter(user=user).update(gender=gender, birth_year=birth_year)
    return user


def aware(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10, 0))


@pytest.fixture
def world(personas: Personas, make_organisation: Any, make_person: Any) -> World:
    from wisam.frameworks.models import EscoSkill
    from wisam.insights.models import LintFinding
    from wisam.insights.services import skill_need_create
    from wisam.institutions.models import Organisation

    home, other, employer = personas.home, personas.other, personas.employer
    peer1 = make_organisation("peer-one", OrganisationKind.UNIVERSITY_COLLEGE)
    peer2 = make_organisation("peer-two", OrganisationKind.UNIVERSITY_TRADITIONAL)
    for organisation, region in ((home, "ramallah"), (other, "gaza"), (peer1, "hebron"), (peer2, "nablus")):
        Organisation.objects.filter(pk=organisation.pk).update(region=region)
        organisation.refresh_from_db()
    skills = list(EscoSkill.objects.order_by("uri")[:3])
    s1, s2, s3 = (s.uri for s in skills)
    v1 = _version(home, "E1", isced_code="0613", eqf_level=5, ects=Decimal("3"), skills=[s1])
    v2 = _version(home, "E2", isced_code="0413", eqf_level=6, ects=Decimal("6"), skills=[s2])
    v3 = _version(home, "E3", isced_code="0613", eqf_level=5, ects=Decimal("3"), skills=[s3])
    v4 = _version(other, "E4", isced_code="0612", eqf_level=5, ects=Decimal("1.5"))
    v5 = _version(peer1, "E5", isced_code="0613", eqf_level=4, ects=Decimal("12"), skills=[s1])
    today = timezone.localdate()
    entries = {
        "E1": _entry(v1, 1, mode="online", languages_key=",ar,en,"),
        "E2": _entry(v2, 2, mode="blended", languages_key=",ar,"),
        "E3": _entry(v3, 3, status="expired", valid_until=date(2025, 6, 1), mode="online", languages_key=",ar,"),
        "E4": _entry(
            v4, 4, status="expiring", valid_until=today + timedelta(days=90), mode="onsite", languages_key=",ar,"
        ),
        "E5": _entry(v5, 5, mode="online", languages_key=",en,"),
    }
    women = [_learner(make_person, f"w{i}@learner.test", "female", 2000) for i in range(5)]
    man = _learner(make_person, "m@learner.test", "male", 1980)
    _credentials(
        home,
        v1,
        [
            aware(2026, 1, 10),
            aware(2026, 1, 11),
            aware(2026, 1, 12),
            aware(2026, 2, 3),
            aware(2026, 2, 4),
            aware(2026, 2, 5),
        ],
        [*women, man],
    )
    _credentials(other, v4, [aware(2026, 3, 1), aware(2026, 3, 2)], [])
    _application(home, v2, "APP-H1", "screening")
    _application(home, v1, "APP-H2", "published", is_active=False, decision="accredit", decided_at=aware(2026, 1, 5))
    _application(other, v4, "APP-O1", "screening")
    _application(other, v3, "APP-O2", "panel")
    now = timezone.now()
    for organisation, version, code, severity in (
        (home, v1, "ASSESS_NONE", "blocking"),
        (home, v2, "ASSESS_NONE", "blocking"),
        (home, v1, "KPI_NONE", "warning"),
        (other, v4, "KPI_NONE", "warning"),
    ):
        LintFinding.objects.create(
            version=version, organisation=organisation, code=code, severity=severity, computed_at=now
        )
    rep = personas.people["employer"]
    needs = [
        skill_need_create(
            organisation=employer, skills=[s1, s2, s3], sector="ict", region="ramallah", people=10, actor=rep
        ),
        skill_need_create(organisation=employer, skills=[s3], sector="business", region="gaza", people=5, actor=rep),
    ]
    return World(personas, home, other, peer1, peer2, employer, skills, entries, needs)
