"""Key performance indicators of micro-credentials and institutions, computed from records — never typed in.

Enrolments, completion and pass rates come from `Enrolment`; satisfaction and employer rating from
`SurveyResponse` (hidden below the anonymity threshold); time to credential and credentials issued from the
issued credentials. A period is a calendar year: enrolments by the day they started, responses by their year,
credentials by the day they were issued.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import median
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from wisam.quality.models import Enrolment, EnrolmentStatus, SurveyAudience, SurveyResponse
from wisam.quality.selectors import ANONYMITY_THRESHOLD


@dataclass(frozen=True)
class Kpis:
    """One micro-credential's or institution's indicators for a year; None means no data or hidden (anonymity).

    completion_rate = (passed + failed) / (passed + failed + withdrawn) — enrolments still in progress are left out;
    pass_rate = passed / (passed + failed); rates are fractions from 0 to 1.
    """

    year: int
    enrolments: int
    in_progress: int
    withdrawn: int
    passed: int
    failed: int
    completion_rate: float | None
    pass_rate: float | None
    learner_satisfaction: float | None
    learner_responses: int
    employer_rating: float | None
    employer_responses: int
    median_days_to_credential: float | None
    credentials_issued: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _kpis(
    *, year: int, enrolments: QuerySet[Enrolment], responses: QuerySet[SurveyResponse], credentials: QuerySet[Any]
) -> Kpis:
    started = enrolments.filter(enrolled_on__year=year)
    counts = dict(started.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    passed = counts.get(EnrolmentStatus.PASSED, 0)
    failed = counts.get(EnrolmentStatus.FAILED, 0)
    withdrawn = counts.get(EnrolmentStatus.WITHDRAWN, 0)
    in_progress = counts.get(EnrolmentStatus.ENROLLED, 0)
    days = [
        (timezone.localtime(issued_at).date() - enrolled_on).days
        for enrolled_on, issued_at in started.filter(credential__isnull=False).values_list(
            "enrolled_on", "credential__issued_at"
        )
    ]
    survey = responses.filter(year=year).aggregate(
        learner=Avg("overall", filter=Q(audience=SurveyAudience.LEARNER)),
        learner_n=Count("id", filter=Q(audience=SurveyAudience.LEARNER)),
        employer=Avg("overall", filter=Q(audience=SurveyAudience.EMPLOYER)),
        employer_n=Count("id", filter=Q(audience=SurveyAudience.EMPLOYER)),
    )

    def shown(mean: float | None, n: int) -> float | None:
        return round(mean, 2) if mean is not None and n >= ANONYMITY_THRESHOLD else None

    return Kpis(
        year=year,
        enrolments=passed + failed + withdrawn + in_progress,
        in_progress=in_progress,
        withdrawn=withdrawn,
        passed=passed,
        failed=failed,
        completion_rate=_rate(passed + failed, passed + failed + withdrawn),
        pass_rate=_rate(passed, passed + failed),
        learner_satisfaction=shown(survey["learner"], survey["learner_n"]),
        learner_responses=survey["learner_n"],
        employer_rating=shown(survey["employer"], survey["employer_n"]),
        employer_responses=survey["employer_n"],
        median_days_to_credential=float(median(days)) if days else None,
        credentials_issued=credentials.filter(issued_at__year=year).count(),
    )


def kpis_for_micro_credential(*, micro_credential: Any, year: int) -> Kpis:
    from wisam.credentials.models import IssuedCredential

    return _kpis(
        year=year,
        enrolments=Enrolment.objects.filter(micro_credential=micro_credential),
        responses=SurveyResponse.objects.filter(micro_credential=micro_credential),
        credentials=IssuedCredential.objects.filter(specification_version__micro_credential=micro_credential),
    )


def kpis_for_organisation(*, organisation: Any, year: int) -> Kpis:
    from wisam.credentials.models import IssuedCredential

    return _kpis(
        year=year,
        enrolments=Enrolment.objects.filter(organisation=organisation),
        responses=SurveyResponse.objects.filter(organisation=organisation),
        credentials=IssuedCredential.objects.filter(organisation=organisation),
    )
