"""The dashboards' aggregations: supply, reach and outcomes, quality, alignment — each figure one GROUP BY.

Every query groups in the database by (organisation, category) and returns a few hundred rows at most; Python only
adds them up (the nation) or takes the median over institutions (beside an institution's own figure). The median is
over the *other* higher-education institutions and is hidden when there are fewer than three of them, so that no
institution's unpublished figure can be read back from it. Learner demographics are suppressed below five.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.core.i18n import translated
from wisam.insights.figures import Dashboard, Figure, KeyFigure, Row, suppress
from wisam.insights.filters import Filters, Scope
from wisam.institutions.models import Organisation, Region
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS

ANONYMITY_MINIMUM = 3  # fewer other institutions than this and the national median is not shown
EXPIRY_WINDOW_DAYS = 180
DASHBOARDS = ("supply", "reach", "quality", "alignment")

Grouped = dict[tuple[int, Any], int]


def dashboard_title(key: str) -> str:
    return {
        "supply": _("Supply: accredited micro-credentials"),
        "reach": _("Reach and outcomes"),
        "quality": _("Quality"),
        "alignment": _("Alignment with employers' needs"),
    }[key]


# --- shared helpers ---------------------------------------------------------------------------------------------


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _in_period(queryset: QuerySet[Any], filters: Filters, field: str, *, dates: bool = False) -> QuerySet[Any]:
    """Rows whose `field` falls in the filtered period (a date-time from the first moment of `date_from` to the end of
    `date_to`, in the site's time zone; with `dates`, a plain date within both days)."""
    if filters.date_from:
        start = filters.date_from if dates else _start(filters.date_from)
        queryset = queryset.filter(**{f"{field}__gte": start})
    if filters.date_to:
        if dates:
            queryset = queryset.filter(**{f"{field}__lte": filters.date_to})
        else:
            queryset = queryset.filter(**{f"{field}__lt": _end(filters.date_to)})
    return queryset


def _narrowed(queryset: QuerySet[Any], scope: Scope, filters: Filters) -> QuerySet[Any]:
    """A national viewer's choice of one institution (an institution's own pages are scoped otherwise)."""
    return queryset.filter(organisation=filters.institution) if scope.national and filters.institution else queryset


def _institutions(filters: Filters) -> list[int]:
    queryset = Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS, is_active=True)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return list(queryset.values_list("pk", flat=True))


def _filtered(queryset: QuerySet[Any], filters: Filters, *, version: str | None) -> QuerySet[Any]:
    """The institution-type, field and level filters of a queryset whose rows have an `organisation`.

    `version` is the path to the specification's `isced_code` and `eqf_level` ("" when the rows carry them
    themselves, e.g. "specification_version__"), or None when the rows have no field or level to filter on.
    """
    if filters.kind:
        queryset = queryset.filter(organisation__kind=filters.kind)
    if version is not None and filters.field:
        queryset = queryset.filter(**{f"{version}isced_code__startswith": filters.field})
    if version is not None and filters.level:
        queryset = queryset.filter(**{f"{version}eqf_level": filters.level})
    return queryset


def _grouped(queryset: QuerySet[Any], key: str, organisation: str = "organisation_id") -> Grouped:
    """{(organisation id, key value): count} in one GROUP BY (the model's default ordering is cleared first)."""
    rows = queryset.order_by().values(organisation, key).annotate(n=Count("*")).values_list(organisation, key, "n")
    return {(org, value): n for org, value, n in rows}


def _anonymous_median(values: list[float], digits: int = 1) -> float | None:
    """The median of the other institutions' values, or None when fewer than ANONYMITY_MINIMUM have one."""
    if len(values) < ANONYMITY_MINIMUM:
        return None
    return round(float(statistics.median(values)), digits)


def _median_of_others(
    values_by_org: Mapping[int, float], organisations: Iterable[int], own: int | None
) -> float | None:
    return _anonymous_median([values_by_org.get(org, 0) for org in organisations if org != own])


def _series(scope: Scope, national: str | None = None) -> list[str]:
    if scope.national:
        return [national or _("Number")]
    return [_("Your institution"), _("National median per institution")]


def _rows(
    scope: Scope,
    grouped: Grouped,
    keys: Iterable[tuple[Any, str]],
    organisations: list[int],
    *,
    transform: Callable[[float | None], float | None] | None = None,
) -> list[Row]:
    """One row per key: the national total, or the institution's own count beside the median of the others.

    `transform` (small-cell suppression) applies to every number shown, the median included: a median of 1 learner
    is a count of learners too.
    """
    by_key: dict[Any, dict[int, int]] = defaultdict(dict)
    for (org, key), n in grouped.items():
        by_key[key][org] = by_key[key].get(org, 0) + n
    rows = []
    for key, label in keys:
        counts = by_key.get(key, {})
        if scope.national:
            total: int | None = sum(counts.values())
            rows.append(Row(label, [transform(total) if transform else total], key=str(key)))
        else:
            own_pk = scope.organisation.pk if scope.organisation else None
            own: int | None = counts.get(own_pk, 0) if own_pk is not None else 0
            values: list[float | int | None] = [own, _median_of_others(counts, organisations, own_pk)]
            rows.append(Row(label, [transform(v) for v in values] if transform else values, key=str(key)))
    return rows


def _median_count(queryset: QuerySet[Any], scope: Scope, organisations: list[int]) -> float | None:
    """The median over the other institutions of how many rows each has (for a key figure beside the own one)."""
    counts = dict(
        queryset.order_by().values("organisation_id").annotate(n=Count("*")).values_list("organisation_id", "n")
    )
    return _median_of_others(counts, organisations, scope.organisation.pk if scope.organisation else None)


def _own_filter(scope: Scope, filters: Filters) -> Organisation | None:
    """The one institution the figures are narrowed to: the viewer's own, or the national viewer's filter."""
    return scope.organisation if not scope.national else filters.institution


def _per_institution(
    scope: Scope, queryset: QuerySet[Any], key: str, title: str, series: list[str], organisations: list[int]
) -> list[Figure]:
    """One row per institution, by name: for national viewers only (an institution never sees the others listed)."""
    if not scope.national:
        return []
    by_org = _grouped(queryset, "organisation__slug")
    names = dict(Organisation.objects.filter(pk__in={o for o, _k in by_org}).values_list("slug", "name"))
    rows = _rows(scope, by_org, _keys_sorted(by_org, lambda k: translated(names.get(k)) or k), organisations)
    return [Figure(key, title, _("Institution"), series, rows)]


def _keys_sorted(grouped: Grouped, label: Callable[[Any], str]) -> list[tuple[Any, str]]:
    keys = sorted({key for _org, key in grouped}, key=lambda k: (k is None or k == "", str(k)))
    return [(key, label(key)) for key in keys]


def _isced_labels() -> dict[str, str]:
    from wisam.frameworks.models import IscedField

    return {f.code: translated(f.name) for f in IscedField.objects.filter(level="broad")}


# --- supply -------------------------------------------------------------------------------------------------------


def _entries(filters: Filters, *, own: Organisation | None = None) -> QuerySet[Any]:
    from wisam.accreditation.models import CURRENT_STATUSES, RegisterEntry, RegisterStatus

    queryset = RegisterEntry.objects.filter(organisation__kind__in=HIGHER_EDUCATION_KINDS)
    if filters.date_from or filters.date_to:
        # Accredited at some time in the period (and not withdrawn or suspended since).
        queryset = queryset.exclude(status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        if filters.date_to:
            queryset = queryset.filter(valid_from__lte=filters.date_to)
        if filters.date_from:
            queryset = queryset.filter(valid_until__gte=filters.date_from)
    else:
        queryset = queryset.filter(status__in=CURRENT_STATUSES)
    queryset = _filtered(queryset, filters, version="")
    if own is not None:
        queryset = queryset.filter(organisation=own)
    return queryset


def _credit_band(ects: Any) -> str:
    if ects is None:
        return "unknown"
    value = float(ects)
    if value < 2:
        return "lt2"
    if value < 5:
        return "2to5"
    if value < 10:
        return "5to10"
    return "ge10"


def _applications(filters: Filters, *, own: Organisation | None = None) -> QuerySet[Any]:
    from wisam.accreditation.models import Application

    queryset = Application.objects.filter(organisation__kind__in=HIGHER_EDUCATION_KINDS)
    queryset = _filtered(queryset, filters, version="specification_version__")
    if own is not None:
        queryset = queryset.filter(organisation=own)
    return queryset


def supply(scope: Scope, filters: Filters) -> Dashboard:
    from wisam.accreditation.models import Application, Decision
    from wisam.design.models import ParticipationMode

    organisations = _institutions(filters)
    narrowed = filters.institution if scope.national else None
    entries = _entries(filters, own=narrowed)
    series = _series(scope, _("Accredited micro-credentials"))
    figures: list[Figure] = []

    isced = _isced_labels()
    by_code = _grouped(entries.annotate(broad=Substr("isced_code", 1, 2)), "broad")
    figures.append(
        Figure(
            "supply_field",
            _("Accredited micro-credentials by field (ISCED-F broad field)"),
            _("Field"),
            series,
            _rows(
                scope,
                by_code,
                _keys_sorted(by_code, lambda k: f"{k} {isced.get(k, '')}" if k else _("Not recorded")),
                organisations,
            ),
        )
    )
    by_level = _grouped(entries, "eqf_level")
    figures.append(
        Figure(
            "supply_level",
            _("Accredited micro-credentials by EQF level"),
            _("EQF level"),
            series,
            _rows(scope, by_level, _keys_sorted(by_level, lambda k: str(k) if k else _("Not recorded")), organisations),
        )
    )
    by_ects = _grouped(entries, "ects")
    banded: Grouped = defaultdict(int)
    for (org, ects), n in by_ects.items():
        banded[(org, _credit_band(ects))] += n
    bands = [
        ("lt2", _("under 2 ECTS")),
        ("2to5", _("2 to under 5 ECTS")),
        ("5to10", _("5 to under 10 ECTS")),
        ("ge10", _("10 ECTS or more")),
        ("unknown", _("Not recorded")),
    ]
    figures.append(
        Figure(
            "supply_credits",
            _("Accredited micro-credentials by credits"),
            _("Credits"),
            series,
            _rows(scope, dict(banded), bands, organisations),
        )
    )
    modes = dict(ParticipationMode.choices)
    by_mode = _grouped(entries, "mode")
    figures.append(
        Figure(
            "supply_mode",
            _("Accredited micro-credentials by form of participation"),
            _("Form of participation"),
            series,
            _rows(
                scope,
                by_mode,
                _keys_sorted(by_mode, lambda k: str(modes.get(k, k or _("Not recorded")))),
                organisations,
            ),
        )
    )
    by_languages = _grouped(entries, "languages_key")
    per_language: Grouped = defaultdict(int)
    for (org, key), n in by_languages.items():
        for code in [c for c in (key or "").split(",") if c] or [""]:
            per_language[(org, code)] += n
    language_names = _language_names()
    figures.append(
        Figure(
            "supply_language",
            _("Accredited micro-credentials by language of instruction"),
            _("Language"),
            series,
            _rows(
                scope,
                dict(per_language),
                _keys_sorted(dict(per_language), lambda k: language_names.get(k, k) if k else _("Not recorded")),
                organisations,
            ),
            note=_("A micro-credential taught in two languages counts under each."),
        )
    )
    figures += _per_institution(
        scope, entries, "supply_institution", _("Accredited micro-credentials by institution"), series, organisations
    )
    by_region = _grouped(entries, "organisation__region")
    regions = dict(Region.choices)
    figures.append(
        Figure(
            "supply_region",
            _("Accredited micro-credentials by region of the institution"),
            _("Governorate"),
            series,
            _rows(
                scope,
                by_region,
                _keys_sorted(by_region, lambda k: str(regions.get(k, k or _("Not recorded")))),
                organisations,
            ),
        )
    )

    # The accreditation pipeline: unpublished, so an institution sees its own beside the median.
    applications = _applications(filters, own=narrowed)
    applications = _in_period(applications, filters, "started_at")
    state_labels = [(s.name, str(s.label)) for s in Application.WORKFLOW.states]
    active = applications.filter(is_active=True)
    by_state = _grouped(active, "state")
    figures.append(
        Figure(
            "pipeline_stage",
            _("Accreditation applications in progress, by stage"),
            _("Stage"),
            _series(scope, _("Applications")),
            [row for row in _rows(scope, by_state, state_labels, organisations) if any(row.values)],
        )
    )
    figures.append(_time_in_stage(scope, active, state_labels, organisations))
    decided = applications.exclude(decision="")
    decided = _in_period(decided, filters, "decided_at")
    by_decision = _grouped(decided, "decision")
    figures.append(
        Figure(
            "pipeline_decisions",
            _("Accreditation decisions"),
            _("Decision"),
            _series(scope, _("Decisions")),
            _rows(scope, by_decision, [(d.value, str(d.label)) for d in Decision], organisations),
        )
    )
    today = timezone.localdate()
    expiring = _entries(Filters(kind=filters.kind, field=filters.field, level=filters.level), own=narrowed).filter(
        valid_until__gte=today, valid_until__lte=today + timedelta(days=EXPIRY_WINDOW_DAYS)
    )
    by_month = _grouped(expiring.annotate(month=TruncMonth("valid_until")), "month")
    figures.append(
        Figure(
            "expiring",
            _("Accreditations expiring in the next six months, by month"),
            _("Month"),
            _series(scope, _("Expiring accreditations")),
            _rows(scope, by_month, _keys_sorted(by_month, lambda k: k.strftime("%Y-%m")), organisations),
        )
    )
    own = _own_filter(scope, filters)
    own_entries = entries if scope.national else entries.filter(organisation=scope.organisation)
    keys = [
        KeyFigure(
            "accredited",
            _("Accredited micro-credentials"),
            own_entries.count(),
            None if scope.national else _median_count(entries, scope, organisations),
        ),
        KeyFigure(
            "institutions",
            _("Institutions with accredited micro-credentials"),
            own_entries.values("organisation").distinct().count(),
        ),
        KeyFigure(
            "in_progress",
            _("Applications in progress"),
            (active if own is None else active.filter(organisation=own)).count(),
        ),
        KeyFigure(
            "expiring",
            _("Expiring in the next six months"),
            (expiring if own is None else expiring.filter(organisation=own)).count(),
        ),
    ]
    if not scope.national:
        keys = [keys[0], keys[2], keys[3]]
    return Dashboard("supply", dashboard_title("supply"), figures, keys)


def _language_names() -> dict[str, str]:
    from wisam.frameworks.models import Language

    return {code: translated(name) for code, name in Language.objects.values_list("code", "name")}


def _time_in_stage(
    scope: Scope, active: QuerySet[Any], states: list[tuple[str, str]], organisations: list[int]
) -> Figure:
    """Mean days in the current stage of the applications in progress (only in-flight rows are read)."""
    now = timezone.now()
    days: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for org, state, changed in active.order_by().values_list("organisation_id", "state", "state_changed_at"):
        days[state][org].append((now - changed).total_seconds() / 86400)
    rows = []
    own_pk = scope.own.pk if scope.own else None
    for state, label in states:
        per_org = days.get(state)
        if not per_org:
            continue
        if scope.national:
            every = [d for values in per_org.values() for d in values]
            rows.append(Row(label, [round(sum(every) / len(every), 1)], key=state))
        else:
            own_days = per_org.get(own_pk or 0)
            own_mean = round(sum(own_days) / len(own_days), 1) if own_days else None
            means = {org: sum(v) / len(v) for org, v in per_org.items()}
            others = [m for org, m in means.items() if org != own_pk]
            median = _anonymous_median(others)
            rows.append(Row(label, [own_mean, median], key=state))
    series = (
        [_("Mean days in the stage")]
        if scope.national
        else [_("Your institution (mean days)"), _("National median (days)")]
    )
    return Figure("pipeline_time", _("Time in the current stage (days)"), _("Stage"), series, rows)


# --- reach and outcomes -----------------------------------------------------------------------------------------------


def _credentials(filters: Filters, *, own: Organisation | None = None) -> QuerySet[Any]:
    from wisam.credentials.models import IssuedCredential

    queryset = IssuedCredential.objects.order_by()
    queryset = _filtered(queryset, filters, version="specification_version__")
    queryset = _in_period(queryset, filters, "issued_at")
    if own is not None:
        queryset = queryset.filter(organisation=own)
    return queryset


AGE_BANDS = (
    ("lt20", 0, 19),
    ("20_24", 20, 24),
    ("25_29", 25, 29),
    ("30_39", 30, 39),
    ("40_49", 40, 49),
    ("50plus", 50, 200),
)


def _age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    for key, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return "unknown"


def reach(scope: Scope, filters: Filters) -> Dashboard:
    from wisam.institutions.models import Gender

    organisations = _institutions(filters)
    narrowed = filters.institution if scope.national else None
    credentials = _credentials(filters, own=narrowed)
    figures: list[Figure] = []
    series = _series(scope, _("Credentials issued"))

    bounds = credentials.aggregate(first=Min("issued_at"), last=Max("issued_at"))
    first, last = bounds["first"], bounds["last"]
    quarterly = bool(first and last and (last - first).days > 731)
    by_month = _grouped(credentials.annotate(period=_month("issued_at")), "period")
    by_period: Grouped = defaultdict(int)
    for (org, month), n in by_month.items():
        month = _month_text(month)
        if quarterly:
            year, number = month.split("-")
            month = f"{year}-Q{(int(number) - 1) // 3 + 1}"
        by_period[(org, month)] += n
    by_period = dict(by_period)

    def period_label(value: str) -> str:
        if quarterly:
            year, quarter = value.split("-Q")
            return _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
        return value

    figures.append(
        Figure(
            "issued_over_time",
            _("Credentials issued by quarter") if quarterly else _("Credentials issued by month"),
            _("Quarter") if quarterly else _("Month"),
            series,
            _rows(scope, by_period, [(k, period_label(k)) for k in _every_period(by_period, quarterly)], organisations),
            chart="line",
        )
    )
    figures += _per_institution(
        scope, credentials, "issued_institution", _("Credentials issued by institution"), series, organisations
    )
    # Grouped by version id (covered by the credentials' facts index), then each version's field looked up once.
    by_version = _grouped(credentials, "specification_version_id")
    codes = _version_fields({version for _org, version in by_version})
    by_broad: Grouped = defaultdict(int)
    for (org, version), n in by_version.items():
        by_broad[(org, (codes.get(version) or "")[:2])] += n
    isced = _isced_labels()
    figures.append(
        Figure(
            "issued_field",
            _("Credentials issued by field (ISCED-F broad field)"),
            _("Field"),
            series,
            _rows(
                scope,
                dict(by_broad),
                _keys_sorted(dict(by_broad), lambda k: f"{k} {isced.get(k, '')}" if k else _("Not recorded")),
                organisations,
            ),
        )
    )
    genders = [(g.value, str(g.label)) for g in Gender] + [("", _("Not recorded"))]
    by_gender: Grouped = defaultdict(int)
    by_age: Grouped = defaultdict(int)
    for org, year, gender, birth, n in _demographics(credentials):
        by_gender[(org, gender or "")] += n
        by_age[(org, _age_band(int(year) - birth if birth else None))] += n
    figures.append(
        Figure(
            "issued_gender",
            _("Credentials issued by learner's gender"),
            _("Gender"),
            series,
            _rows(scope, dict(by_gender), genders, organisations, transform=suppress),
            suppression=True,
            note=_("Counts under 5 are shown as “fewer than 5” to protect learners' privacy."),
        )
    )
    bands = [
        ("lt20", _("under 20")),
        ("20_24", _("20 to 24")),
        ("25_29", _("25 to 29")),
        ("30_39", _("30 to 39")),
        ("40_49", _("40 to 49")),
        ("50plus", _("50 and over")),
        ("unknown", _("Not recorded")),
    ]
    figures.append(
        Figure(
            "issued_age",
            _("Credentials issued by learner's age band (age in the year of issue)"),
            _("Age band"),
            series,
            _rows(scope, dict(by_age), bands, organisations, transform=suppress),
            suppression=True,
            note=_("Counts under 5 are shown as “fewer than 5” to protect learners' privacy."),
        )
    )
    figures.extend(_outcome_figures(scope, filters, organisations))
    own = _own_filter(scope, filters)
    own_credentials = credentials if own is None else credentials.filter(organisation=own)
    keys = [
        KeyFigure(
            "issued",
            _("Credentials issued"),
            own_credentials.count(),
            None if scope.national else _median_count(credentials, scope, organisations),
        ),
        KeyFigure(
            "issuers",
            _("Institutions issuing"),
            own_credentials.values("organisation").distinct().count(),
        ),
    ]
    if not scope.national:
        keys = keys[:1]
    return Dashboard("reach", dashboard_title("reach"), figures, keys)


def _every_period(grouped: Grouped, quarterly: bool) -> list[str]:
    """Every month ("2026-01") or quarter ("2026-Q1") from the first to the last one counted: a time series shows
    the periods with nothing issued as zeros instead of drawing a line straight across them."""
    keys = sorted({key for _org, key in grouped})
    if not keys:
        return []
    if quarterly:
        (y0, q0), (y1, q1) = (tuple(map(int, k.split("-Q"))) for k in (keys[0], keys[-1]))
        return [f"{i // 4}-Q{i % 4 + 1}" for i in range(y0 * 4 + q0 - 1, y1 * 4 + q1)]
    (y0, m0), (y1, m1) = (tuple(map(int, k.split("-"))) for k in (keys[0], keys[-1]))
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(y0 * 12 + m0 - 1, y1 * 12 + m1)]


def _version_fields(version_ids: set[int]) -> dict[int, str]:
    from wisam.design.models import SpecificationVersion

    return dict(SpecificationVersion.objects.filter(pk__in=version_ids).values_list("pk", "isced_code"))


def _demographics(credentials: QuerySet[Any]) -> Iterable[tuple[int, Any, str | None, int | None, int]]:
    """(organisation, year of issue, learner's gender, learner's year of birth, count) in one GROUP BY.

    PostgreSQL hash-joins the users and their profiles. SQLite, which can only loop, reads the profile instead by one
    correlated lookup on its unique user index per credential ("gender:birth year"), skipping the user table.
    """
    if connection.vendor != "sqlite":
        return (
            credentials.annotate(year=_year("issued_at"))
            .values(
                "organisation_id", "year", "learner__learner_profile__gender", "learner__learner_profile__birth_year"
            )
            .annotate(n=Count("*"))
            .values_list(
                "organisation_id",
                "year",
                "learner__learner_profile__gender",
                "learner__learner_profile__birth_year",
                "n",
            )
        )
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Coalesce, Concat

    from wisam.institutions.models import LearnerProfile

    profile = LearnerProfile.objects.filter(user_id=OuterRef("learner_id")).values(
        key=Concat("gender", Value(":"), Coalesce(Cast("birth_year", CharField()), Value("")), output_field=CharField())
    )[:1]
    rows = (
        credentials.annotate(year=_year("issued_at"), profile=Subquery(profile, output_field=CharField()))
        .values("organisation_id", "year", "profile")
        .annotate(n=Count("*"))
        .values_list("organisation_id", "year", "profile", "n")
    )
    result = []
    for org, year, key, n in rows:
        gender, _sep, birth = (key or "").partition(":")
        result.append((org, year, gender, int(birth) if birth else None, n))
    return result


def _unavailable(key: str, title: str, category: str, scope: Scope) -> Figure:
    return Figure(
        key,
        title,
        category,
        _series(scope),
        chart="table",
        unavailable=_("Not yet available: Wisam does not record these data yet."),
    )


def _outcome_figures(scope: Scope, filters: Filters, organisations: list[int]) -> list[Figure]:
    """Completion and pass rates (quality.Enrolment), stacking (pathways.StackedAward), recognition decisions."""
    return [
        _completion(scope, filters, organisations),
        _stacking(scope, filters, organisations),
        _recognition(scope, filters, organisations),
    ]


def _completion(scope: Scope, filters: Filters, organisations: list[int]) -> Figure:
    from wisam.quality.models import Enrolment

    title = _("Completion and pass rates")
    queryset = Enrolment.objects.filter(organisation__kind__in=HIGHER_EDUCATION_KINDS)
    queryset = _filtered(queryset, filters, version="specification_version__")
    queryset = _in_period(queryset, filters, "enrolled_on", dates=True)
    queryset = _narrowed(queryset, scope, filters)
    by_status = _grouped(queryset, "status")
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (org, status), n in by_status.items():
        totals[org][status] += n

    def rates(counts: dict[str, int]) -> tuple[float | None, float | None]:
        finished = counts.get("passed", 0) + counts.get("failed", 0)
        ended = finished + counts.get("withdrawn", 0)
        completion = round(100 * finished / ended, 1) if ended else None
        passing = round(100 * counts.get("passed", 0) / finished, 1) if finished else None
        return completion, passing

    rows: list[Row] = []
    labels = [
        (0, "completion", _("Completion rate (completed ÷ completed or withdrawn)")),
        (1, "pass", _("Pass rate (passed ÷ completed)")),
    ]
    if scope.national:
        every: dict[str, int] = defaultdict(int)
        for counts in totals.values():
            for status, n in counts.items():
                every[status] += n
        both = rates(every)
        rows = [Row(label, [both[i]], key=key) for i, key, label in labels]
        series = [_("Per cent")]
    else:
        own_pk = scope.organisation.pk if scope.organisation else 0
        own = rates(totals.get(own_pk, {}))
        per_org = {org: rates(counts) for org, counts in totals.items() if org != own_pk and org in organisations}
        for i, key, label in labels:
            others: list[float] = []
            for rate in per_org.values():
                value = rate[i]
                if value is not None:
                    others.append(value)
            median = _anonymous_median(others)
            rows.append(Row(label, [own[i], median], key=key))
        series = [_("Your institution (%)"), _("National median (%)")]
    return Figure("completion", title, _("Rate"), series, rows, percent=True)


def _stacking(scope: Scope, filters: Filters, organisations: list[int]) -> Figure:
    from wisam.pathways.models import StackedAward

    title = _("Stacked awards issued (micro-credentials combined into larger credentials)")
    queryset = StackedAward.objects.filter(organisation__kind__in=HIGHER_EDUCATION_KINDS)
    # Field and level are those of the larger credential (the accredited specification it was issued under).
    queryset = _filtered(queryset, filters, version="credential__specification_version__")
    queryset = _narrowed(_in_period(queryset, filters, "created_at"), scope, filters)
    by_year = {
        (org, str(year)): n for (org, year), n in _grouped(queryset.annotate(year=_year("created_at")), "year").items()
    }
    return Figure(
        "stacking",
        title,
        _("Year"),
        _series(scope, _("Stacked awards")),
        _rows(scope, by_year, _keys_sorted(by_year, str), organisations),
    )


def _year(field: str) -> Any:
    """The calendar year of a date-time, grouped in the database (see `_month`)."""
    if connection.vendor == "sqlite":
        return Substr(field, 1, 4)
    return ExtractYear(field)


def _month(field: str) -> Any:
    """The month of a date-time as a GROUP BY key.

    On SQLite, where Django's time-zone-aware truncation is a Python function called per row, the month is cut from
    the stored text (UTC) instead: a credential issued in the first hours of a month, local time, may count in the
    month before. PostgreSQL truncates natively, in the local time zone.
    """
    if connection.vendor == "sqlite":
        return Substr(field, 1, 7)
    return TruncMonth(field)


def _month_text(value: Any) -> str:
    return value if isinstance(value, str) else value.strftime("%Y-%m")


def _recognition(scope: Scope, filters: Filters, organisations: list[int]) -> Figure:
    from wisam.pathways.models import RecognitionRequest

    title = _("Recognition decisions")
    queryset = RecognitionRequest.objects.exclude(outcome="")
    queryset = _filtered(queryset, filters, version=None)
    if filters.field or filters.level:
        queryset = queryset.filter(pk__in=_recognition_in_field_and_level(filters))
    queryset = _narrowed(queryset, scope, filters)
    queryset = _in_period(queryset, filters, "decided_at")
    labels = {"full": _("Full recognition"), "partial": _("Partial recognition"), "refused": _("Refused")}
    by_decision = _grouped(queryset, "outcome")
    keys = [(k, str(v)) for k, v in labels.items()]
    keys += [(k, str(k)) for k in sorted({k for _o, k in by_decision} - set(labels))]
    return Figure(
        "recognition",
        title,
        _("Decision"),
        _series(scope, _("Decisions")),
        _rows(scope, by_decision, keys, organisations),
    )


def _recognition_in_field_and_level(filters: Filters) -> QuerySet[Any]:
    """Ids of recognition requests about learning in the filtered field and level: a submitted Wisam credential's
    specification, an external credential's own field and level, or a micro-credential claimed by prior learning.

    A subquery (not joins on the counted rows), so a request with several matching items still counts once.
    """
    from wisam.design.models import SpecificationVersion
    from wisam.pathways.models import RecognitionItem, RecognitionRequest

    wisam_items = Q(issued_credential__isnull=False)
    external_items = Q(external_credential__isnull=False)
    versions = SpecificationVersion.objects.all()
    if filters.field:
        wisam_items &= Q(issued_credential__specification_version__isced_code__startswith=filters.field)
        external_items &= Q(external_credential__isced_code__startswith=filters.field)
        versions = versions.filter(isced_code__startswith=filters.field)
    if filters.level:
        wisam_items &= Q(issued_credential__specification_version__eqf_level=filters.level)
        external_items &= Q(external_credential__eqf_level=filters.level)
        versions = versions.filter(eqf_level=filters.level)
    by_items = RecognitionItem.objects.filter(wisam_items | external_items).values("request_id")
    by_claims = RecognitionRequest.objects.filter(claimed__in=versions.values("micro_credential_id")).values("pk")
    return RecognitionRequest.objects.filter(Q(pk__in=by_items) | Q(pk__in=by_claims)).values("pk")


# --- quality ----------------------------------------------------------------------------------------------------------


def quality(scope: Scope, filters: Filters) -> Dashboard:
    from wisam.insights.models import LintFinding
    from wisam.quality.models import Review

    organisations = _institutions(filters)
    own = _own_filter(scope, filters)
    figures: list[Figure] = []
    findings = LintFinding.objects.filter(organisation__kind__in=HIGHER_EDUCATION_KINDS)
    findings = _filtered(findings, filters, version="version__")
    findings = _narrowed(findings, scope, filters)
    severities = [("blocking", _("Blocking")), ("warning", _("Warning")), ("info", _("Note"))]
    scoped = findings if own is None else findings.filter(organisation=own)
    by_rule = list(
        scoped.order_by().values("code", "severity").annotate(n=Count("*")).values_list("code", "severity", "n")
    )
    per_rule: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for code, severity, n in by_rule:
        per_rule[code][severity] += n
    top = sorted(per_rule, key=lambda c: (-sum(per_rule[c].values()), c))[:15]
    figures.append(
        Figure(
            "lint_rule",
            _("Linter findings by rule (the 15 most frequent)"),
            _("Rule"),
            [label for _k, label in severities],
            [Row(code, [per_rule[code].get(key, 0) for key, _l in severities], key=code) for code in top],
            chart="stacked",
            note=_("Findings on the latest version of each micro-credential."),
        )
    )
    by_severity = _grouped(findings, "severity")
    figures.append(
        Figure(
            "lint_severity",
            _("Linter findings by severity"),
            _("Severity"),
            _series(scope, _("Findings")),
            _rows(scope, by_severity, severities, organisations),
        )
    )

    reviews = Review.objects.filter(organisation__kind__in=HIGHER_EDUCATION_KINDS)
    reviews = _filtered(reviews, filters, version="version__")
    reviews = _in_period(reviews, filters, "state_changed_at")
    reviews = _narrowed(reviews, scope, filters)
    by_state = _grouped(reviews, "state")
    figures.append(
        Figure(
            "qa_outcomes",
            _("Internal quality assurance: reviews by outcome"),
            _("State"),
            _series(scope, _("Reviews")),
            _rows(scope, by_state, [(s.name, str(s.label)) for s in Review.WORKFLOW.states], organisations),
        )
    )
    figures.append(_satisfaction(scope, filters, organisations))
    figures.append(_maturity(scope, filters))
    keys = [
        KeyFigure("blocking", _("Blocking linter findings"), scoped.filter(severity="blocking").count()),
        KeyFigure(
            "in_review",
            _("Versions in internal review"),
            (reviews if own is None else reviews.filter(organisation=own))
            .filter(is_active=True)
            .exclude(state="ready_for_accreditation")
            .count(),
        ),
    ]
    return Dashboard("quality", dashboard_title("quality"), figures, keys)


def _satisfaction(scope: Scope, filters: Filters, organisations: list[int]) -> Figure:
    from django.db.models import Avg

    from wisam.quality.models import SurveyResponse

    title = _("Learner satisfaction and employer ratings (mean of 1–5)")
    queryset = SurveyResponse.objects.filter(organisation__kind__in=HIGHER_EDUCATION_KINDS)
    queryset = _filtered(queryset, filters, version=None)
    if filters.field or filters.level:
        # Answers are about a micro-credential, not one version: it counts when any of its versions is in the field
        # and level (a subquery, so an answer is never counted twice).
        from wisam.design.models import SpecificationVersion

        versions = SpecificationVersion.objects.all()
        if filters.field:
            versions = versions.filter(isced_code__startswith=filters.field)
        if filters.level:
            versions = versions.filter(eqf_level=filters.level)
        queryset = queryset.filter(micro_credential_id__in=versions.values("micro_credential_id"))
    queryset = _in_period(queryset, filters, "submitted_at")
    queryset = _narrowed(queryset, scope, filters)
    rows_raw = (
        queryset.order_by()
        .values("organisation_id", "audience")
        .annotate(mean=Avg("overall"), n=Count("pk"))
        .values_list("organisation_id", "audience", "mean", "n")
    )
    # Survey answers are anonymous: as on the institution's own pages (quality.selectors.ANONYMITY_THRESHOLD), an
    # institution's mean based on fewer than five answers is neither shown nor used in a median or a total.
    from wisam.quality.selectors import ANONYMITY_THRESHOLD

    per: dict[str, dict[int, tuple[float, int]]] = defaultdict(dict)
    for org, audience, mean, n in rows_raw:
        if n >= ANONYMITY_THRESHOLD:
            per[audience][org] = (float(mean or 0), n)
    labels = [("learner", _("Learners' satisfaction")), ("employer", _("Employers' rating"))]
    rows = []
    own_pk = scope.own.pk if scope.own else None
    for key, label in labels:
        values = per.get(key, {})
        if scope.national:
            total = sum(n for _m, n in values.values())
            mean = round(sum(m * n for m, n in values.values()) / total, 2) if total else None
            rows.append(Row(label, [mean], key=key))
        else:
            own_value = values.get(own_pk or 0)
            others = [m for org, (m, _n) in values.items() if org != own_pk]
            median = _anonymous_median(others, 2)
            rows.append(Row(label, [round(own_value[0], 2) if own_value else None, median], key=key))
    series = [_("Mean rating")] if scope.national else [_("Your institution"), _("National median")]
    return Figure("satisfaction", title, _("Audience"), series, rows)


def _maturity(scope: Scope, filters: Filters) -> Figure:
    from wisam.strategy import scoring
    from wisam.strategy.models import MaturityDimension, MaturityModel
    from wisam.strategy.selectors import latest_levels_by_organisation

    model = MaturityModel.objects.filter(status="published").order_by("-version").first()
    title = _("Maturity by dimension (anonymised national median)")
    if model is None:
        return _unavailable("maturity", title, _("Dimension"), scope)
    levels = latest_levels_by_organisation(model.slug)
    allowed = set(_institutions(filters))
    levels = {org: values for org, values in levels.items() if org in allowed}
    own_pk = scope.own.pk if scope.own else None
    median = scoring.national_median(levels, exclude=own_pk) or {}
    rows = []
    for dimension in MaturityDimension.objects.filter(model=model).order_by("order"):
        if scope.national:
            rows.append(Row(translated(dimension.name), [median.get(dimension.key)], key=dimension.key))
        else:
            own_level = levels.get(own_pk or 0, {}).get(dimension.key)
            rows.append(Row(translated(dimension.name), [own_level, median.get(dimension.key)], key=dimension.key))
    series = [_("National median level")] if scope.national else [_("Your institution"), _("National median level")]
    return Figure(
        "maturity",
        title,
        _("Dimension"),
        series,
        rows,
        note=_("The median is shown only when at least three institutions have submitted a self-assessment."),
    )


# --- alignment ------------------------------------------------------------------------------------------------------


def _needs(filters: Filters) -> QuerySet[Any]:
    from wisam.insights.models import SkillNeed

    queryset = SkillNeed.objects.filter(withdrawn_at__isnull=True)
    queryset = _in_period(queryset, filters, "created_at")
    return queryset


def skill_coverage_status(count: int) -> str:
    if count >= 2:
        return "covered"
    if count == 1:
        return "thin"
    return "uncovered"


def alignment(scope: Scope, filters: Filters) -> Dashboard:
    from wisam.frameworks.models import EscoSkill, Sector
    from wisam.insights.models import SkillNeed, TaughtSkill
    from wisam.quality.models import CoDesignPartner, Endorsement

    needs = _needs(filters)
    through = SkillNeed.skills.through
    need_ids = needs.values("pk")
    demand = list(
        through.objects.filter(skillneed_id__in=need_ids)
        .values("escoskill__uri", "skillneed__sector", "skillneed__region")
        .annotate(wanted=Sum("skillneed__people"), count=Count("skillneed_id"))
        .order_by()
    )
    # Supply: skills taught by accredited micro-credentials (filtered like the supply dashboard).
    entries = _entries(filters, own=filters.institution if scope.national else None)
    taught = TaughtSkill.objects.filter(entry__in=entries.values("pk"))
    national_count = dict(
        taught.order_by().values("skill_uri").annotate(n=Count("entry_id", distinct=True)).values_list("skill_uri", "n")
    )
    regional_count = {
        (uri, region): n
        for uri, region, n in taught.order_by()
        .values("skill_uri", "region")
        .annotate(n=Count("entry_id", distinct=True))
        .values_list("skill_uri", "region", "n")
    }
    own_count: dict[str, int] = {}
    if not scope.national and scope.organisation is not None:
        own_count = dict(
            taught.filter(organisation=scope.organisation)
            .order_by()
            .values("skill_uri")
            .annotate(n=Count("entry_id", distinct=True))
            .values_list("skill_uri", "n")
        )
    # Signals: employers' endorsements and co-design of micro-credentials count for the skills those teach.
    endorsed = Endorsement.objects.filter(withdrawn_at__isnull=True).values("micro_credential_id")
    codesigned = CoDesignPartner.objects.filter(kind__in=["employer", "professional_body"]).values(
        "micro_credential_id"
    )
    signal_rows = (
        TaughtSkill.objects.filter(
            Q(entry__micro_credential_id__in=endorsed) | Q(entry__micro_credential_id__in=codesigned)
        )
        .order_by()
        .values("skill_uri")
        .annotate(n=Count("entry_id", distinct=True))
        .values_list("skill_uri", "n")
    )
    signals = dict(signal_rows)

    people_by_skill: dict[str, int] = defaultdict(int)
    needs_by_skill: dict[str, int] = defaultdict(int)
    sector_skills: dict[str, set[str]] = defaultdict(set)
    region_skills: dict[str, set[str]] = defaultdict(set)
    for row in demand:
        uri, sector, region = row["escoskill__uri"], row["skillneed__sector"], row["skillneed__region"]
        people_by_skill[uri] += row["wanted"] or 0
        needs_by_skill[uri] += row["count"]
        sector_skills[sector].add(uri)
        region_skills[region].add(uri)
    demanded = set(people_by_skill) | set(signals)
    labels = {s.uri: translated(s.label) for s in EscoSkill.objects.filter(uri__in=demanded)}
    statuses = [
        ("covered", _("Covered (2 or more)")),
        ("thin", _("Thinly covered (1)")),
        ("uncovered", _("Uncovered (0)")),
    ]
    status_of = {uri: skill_coverage_status(national_count.get(uri, 0)) for uri in demanded}

    figures: list[Figure] = []
    sectors = dict(Sector.choices)
    figures.append(
        Figure(
            "alignment_sector",
            _("Skills employers ask for, by sector and coverage"),
            _("Sector"),
            [label for _k, label in statuses],
            [
                Row(
                    str(sectors.get(sector, sector)),
                    [sum(1 for uri in uris if status_of[uri] == key) for key, _l in statuses],
                    key=sector,
                )
                for sector, uris in sorted(sector_skills.items())
            ],
            chart="stacked",
            note=_(
                "A skill is covered when at least two accredited micro-credentials teach it (through their learning"
                " outcomes' ESCO links), thinly covered when one does, uncovered when none does."
            ),
        )
    )
    regions = dict(Region.choices)
    region_rows = []
    for region, uris in sorted(region_skills.items()):
        tally: list[float | int | None] = [0, 0, 0]
        for uri in uris:
            status = skill_coverage_status(regional_count.get((uri, region), 0))
            position = [k for k, _l in statuses].index(status)
            tally[position] = (tally[position] or 0) + 1
        region_rows.append(Row(str(regions.get(region, region)), tally, key=region))
    figures.append(
        Figure(
            "alignment_region",
            _("Skills employers ask for, by governorate and coverage in that governorate"),
            _("Governorate"),
            [label for _k, label in statuses],
            region_rows,
            chart="stacked",
            note=_("Coverage here counts only micro-credentials of institutions in the same governorate."),
        )
    )
    ranked = sorted(demanded, key=lambda u: (-people_by_skill.get(u, 0), -signals.get(u, 0), labels.get(u, u)))
    series = [
        _("People needed"),
        _("Skill needs"),
        _("Endorsement and co-design signals"),
        _("Accredited micro-credentials teaching it"),
    ]
    if not scope.national:
        series.append(_("Of which yours"))
    skill_rows = []
    for uri in ranked[:30]:
        cells: list[float | int | None] = [
            people_by_skill.get(uri, 0),
            needs_by_skill.get(uri, 0),
            signals.get(uri, 0),
            national_count.get(uri, 0),
        ]
        if not scope.national:
            cells.append(own_count.get(uri, 0))
        label = labels.get(uri, uri)
        skill_rows.append(Row(f"{label} — {dict(statuses)[status_of[uri]]}", cells, key=uri))
    figures.append(
        Figure(
            "alignment_skills",
            _("The skills most asked for, against what accredited micro-credentials teach"),
            _("Skill — coverage"),
            series,
            skill_rows,
            chart="table",
        )
    )
    summary = [Row(label, [sum(1 for uri in demanded if status_of[uri] == key)], key=key) for key, label in statuses]
    figures.insert(
        0,
        Figure("alignment_summary", _("Demanded skills by coverage"), _("Coverage"), [_("Skills")], summary),
    )
    covered = sum(1 for uri in demanded if status_of[uri] == "covered")
    keys = [
        KeyFigure("demanded", _("Skills employers ask for"), len(demanded)),
        KeyFigure("people", _("People needed"), needs.aggregate(n=Sum("people"))["n"] or 0),
        KeyFigure(
            "covered_share",
            _("Share of demanded skills covered (%)"),
            round(100 * covered / len(demanded)) if demanded else None,
        ),
        KeyFigure("uncovered", _("Uncovered skills"), sum(1 for uri in demanded if status_of[uri] == "uncovered")),
    ]
    return Dashboard("alignment", dashboard_title("alignment"), figures, keys)


BUILDERS: dict[str, Callable[[Scope, Filters], Dashboard]] = {
    "supply": supply,
    "reach": reach,
    "quality": quality,
    "alignment": alignment,
}


def dashboard(name: str, *, scope: Scope, filters: Filters) -> Dashboard:
    return BUILDERS[name](scope, filters)


def skill_needs_for(organisation: Organisation) -> QuerySet[Any]:
    from wisam.insights.models import SkillNeed

    return SkillNeed.objects.filter(organisation=organisation).prefetch_related("skills").order_by("-created_at", "-id")


def report_years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 5, -1))
