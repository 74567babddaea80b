"""The credentials demo: signed credentials for the demo learners, one revoked, one suspended, one expired.

Needs micro-credentials accredited (or self-accredited) in the accreditation demo; without any, it issues nothing
and says so in `context["credentials"]`. Idempotent: credentials are keyed by learner and version.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from wisam.credentials.compose import Learner
from wisam.credentials.models import CredentialState
from wisam.credentials.services import (
    IssuanceRefused,
    credential_issue,
    credential_revoke,
    credential_suspend,
    idempotency_key_for,
)
from wisam.institutions.models import User
from wisam.institutions.roles import Role


def _accredited_versions() -> list[Any]:
    from wisam.accreditation.models import Accreditation, RegisterStatus

    today = timezone.localdate()
    rows = (
        Accreditation.objects.filter(valid_from__lte=today, valid_until__gte=today, specification_version__isnull=False)
        .exclude(status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        .select_related("specification_version__micro_credential__organisation")
        .order_by("id")
    )
    return [
        row
        for row in rows
        if row.specification_version is not None
        and row.specification_version.micro_credential.organisation_id == row.organisation_id
    ]


def _past_accreditation() -> Any:
    """An accreditation whose period has ended: a credential issued during it has expired since."""
    from wisam.accreditation.models import Accreditation, RegisterStatus

    today = timezone.localdate()
    for row in (
        Accreditation.objects.filter(valid_until__lt=today - timedelta(days=1), specification_version__isnull=False)
        .exclude(status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        .select_related("specification_version__micro_credential", "organisation")
        .order_by("id")
    ):
        version = row.specification_version
        same_owner = version is not None and version.micro_credential.organisation_id == row.organisation_id
        if same_owner and row.valid_until > row.valid_from + timedelta(days=2):
            return row
    return None


def load(context: dict[str, Any]) -> None:
    from wisam.institutions.demo import LEARNERS

    accreditations = _accredited_versions()
    if not accreditations:
        context["credentials"] = {"issued": 0, "note": "no accredited micro-credential in the demo yet"}
        return
    issued = []
    now = timezone.now()
    for n, learner in enumerate(LEARNERS):
        accreditation = accreditations[n % len(accreditations)]
        expired = n == 2
        past = _past_accreditation() if expired else None
        if past is not None:
            accreditation = past
        version = accreditation.specification_version
        organisation = accreditation.organisation
        registrar = User.objects.filter(
            memberships__organisation=organisation, memberships__role=Role.REGISTRAR
        ).first()
        when = None
        valid_until = None
        if past is not None:
            # Issued while that accreditation ran, valid until it ended: expired now.
            when = timezone.make_aware(datetime.combine(past.valid_from + timedelta(days=1), time(9)))
            valid_until = timezone.make_aware(datetime.combine(past.valid_until, time(17)))
        elif expired:
            start = max(
                timezone.make_aware(datetime.combine(accreditation.valid_from, time(9))), now - timedelta(days=60)
            )
            if start + timedelta(days=1) < now:
                when, valid_until = start, start + timedelta(days=1)
        try:
            outcome = credential_issue(
                organisation=organisation,
                version=version,
                learner=Learner(
                    email=learner.email,
                    name={"ar": learner.ar, "en": learner.en},
                    grade=("85" if version.grading_scheme == "percentage" else ""),
                ),
                actor=registrar,
                idempotency_key=idempotency_key_for(version=version, email=learner.email),
                now=when,
                valid_until=valid_until,
                notify=False,
            )
        except IssuanceRefused:
            continue
        credential = outcome.credential
        if n == 0 and credential.state == CredentialState.ACTIVE:
            credential_revoke(
                credential=credential, actor=registrar, reason="Demo: the assessment record was found to be wrong."
            )
        if n == 1 and credential.state == CredentialState.ACTIVE:
            credential_suspend(
                credential=credential, actor=registrar, reason="Demo: suspended while an appeal is examined."
            )
        issued.append(str(credential.pk))
    before = _issued_before_suspension()
    if before is not None:
        issued.append(str(before.pk))
    history = _reach_history()
    context["credentials"] = {"issued": len(issued), "ids": issued, "earlier_cohorts": history}


def _issued_before_suspension() -> Any:
    """A credential issued while an accreditation AQAC has since suspended was in force: it still verifies as
    accredited on the date of issue, and the verification page notes the suspension."""
    from wisam.accreditation.models import Accreditation, RegisterStatus
    from wisam.institutions.demo import LEARNERS

    accreditation = (
        Accreditation.objects.filter(status=RegisterStatus.SUSPENDED, specification_version__isnull=False)
        .select_related("organisation", "specification_version")
        .order_by("id")
        .first()
    )
    if accreditation is None or accreditation.valid_from >= timezone.localdate() - timedelta(days=30):
        return None
    learner = LEARNERS[-1]
    version = accreditation.specification_version
    if version is None:
        return None
    when = timezone.make_aware(datetime.combine(accreditation.valid_from + timedelta(days=30), time(10)))
    try:
        return credential_issue(
            organisation=accreditation.organisation,
            version=version,
            learner=Learner(email=learner.email, name={"ar": learner.ar, "en": learner.en}),
            actor=User.objects.filter(
                memberships__organisation=accreditation.organisation, memberships__role=Role.REGISTRAR
            ).first(),
            idempotency_key=idempotency_key_for(version=version, email=learner.email),
            now=when,
            notify=False,
        ).credential
    except IssuanceRefused:
        return None


# Earlier cohorts: learners without demo logins whose credentials, issued over the last two years while each
# accreditation ran, give the reach dashboards, KPIs and wallets of a system in use. Deterministic (a fixed seed).
COHORT_DOMAIN = "@cohorts.learner.example"
COHORT_SIZE = 160
FIRST_NAMES = (
    ("female", "سارة", "Sara"),
    ("male", "أحمد", "Ahmad"),
    ("female", "رنا", "Rana"),
    ("male", "محمد", "Mohammad"),
    ("female", "ليان", "Layan"),
    ("male", "يوسف", "Yousef"),
    ("female", "دعاء", "Duaa"),
    ("male", "عمر", "Omar"),
    ("female", "آية", "Aya"),
    ("male", "إياد", "Iyad"),
    ("female", "مي", "May"),
    ("male", "طارق", "Tareq"),
    ("female", "ريم", "Reem"),
    ("female", "هبة", "Heba"),
)
FAMILY_NAMES = (
    ("الخطيب", "Al-Khatib"),
    ("عودة", "Odeh"),
    ("النتشة", "Al-Natsheh"),
    ("حمدان", "Hamdan"),
    ("الشريف", "Al-Sharif"),
    ("أبو غوش", "Abu Ghosh"),
    ("جرار", "Jarrar"),
    ("البرغوثي", "Al-Barghouthi"),
    ("صالح", "Saleh"),
    ("عيسى", "Issa"),
    ("مصلح", "Musleh"),
)
REGIONS = ("ramallah", "nablus", "hebron", "gaza", "bethlehem", "jenin", "tulkarm", "jerusalem", "khan_yunis")


def _cohort_learners(rng: Any) -> list[User]:
    from wisam.institutions.models import Region
    from wisam.institutions.services import learner_register, user_create

    regions = [r for r in REGIONS if r in Region.values] or [Region.RAMALLAH]
    people = []
    for n in range(COHORT_SIZE):
        gender, first_ar, first_en = FIRST_NAMES[n % len(FIRST_NAMES)]
        family_ar, family_en = FAMILY_NAMES[(n * 7) % len(FAMILY_NAMES)]
        user = user_create(
            email=f"cohort{n + 1:03d}{COHORT_DOMAIN}",
            full_name={"ar": f"{first_ar} {family_ar}", "en": f"{first_en} {family_en}"},
        )
        if n % 19 == 18:  # a few learners never gave a profile: "not recorded"
            people.append(user)
            continue
        # Most learners are young graduates; some are mid-career; a few prefer not to say their gender.
        birth_year = rng.choice((1972, 1979, 1985, 1988, 1991, 1994, 1996, 1998, 1999, 2000, 2001, 2002, 2003, 2005))
        learner_register(
            user=user,
            gender="undisclosed" if n % 23 == 22 else gender,
            birth_year=birth_year,
            region=regions[n % len(regions)],
        )
        people.append(user)
    return people


def _reach_history() -> int:
    import random

    rng = random.Random(2026)
    if User.objects.filter(email__endswith=COHORT_DOMAIN).exists():
        return 0
    today = timezone.localdate()
    learners = _cohort_learners(rng)
    issued = 0
    for index, accreditation in enumerate(_accredited_versions()):
        version = accreditation.specification_version
        first = max(accreditation.valid_from + timedelta(days=14), today - timedelta(days=720))
        last = today - timedelta(days=2)
        if first >= last:
            continue
        registrar = User.objects.filter(
            memberships__organisation=accreditation.organisation, memberships__role=Role.REGISTRAR
        ).first()
        span = (last - first).days
        size = 6 + (index * 7) % 19  # cohorts of different sizes, from 6 to 24
        for learner in rng.sample(learners, min(size, len(learners))):
            day = first + timedelta(days=rng.randrange(span + 1))
            when = timezone.make_aware(datetime.combine(day, time(9 + rng.randrange(8), rng.randrange(60))))
            name = learner.full_name or {}
            try:
                credential_issue(
                    organisation=accreditation.organisation,
                    version=version,
                    learner=Learner(
                        email=learner.email,
                        name={"ar": name.get("ar", ""), "en": name.get("en", "")},
                        grade=(str(60 + rng.randrange(40)) if version.grading_scheme == "percentage" else ""),
                    ),
                    actor=registrar,
                    idempotency_key=idempotency_key_for(version=version, email=learner.email),
                    now=when,
                    notify=False,
                )
            except IssuanceRefused:
                continue
            issued += 1
    return issued
