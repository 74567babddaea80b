"""Reads for accreditation: register search, queues, evaluator suggestions, histories, accreditation on a date."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch
from django.utils import timezone

from wisam.accreditation import search
from wisam.accreditation.history import start_of_day
from wisam.accreditation.models import (
    BLOCKING_STATUSES,
    REQUIRED_DOCUMENTS,
    Accreditation,
    AccreditationStatusChange,
    Application,
    CriterionScore,
    DocumentKind,
    Evaluator,
    GuidelineCriterion,
    IssuerDid,
    RegisterEntry,
    RegisterStatus,
)
from wisam.accreditation.workflow import ApplicationState as S
from wisam.core.events import events_for
from wisam.core.i18n import translated
from wisam.core.models import DomainEvent
from wisam.core.policy import scope
from wisam.institutions.models import Membership, Organisation

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def application_missing_documents(*, application: Application) -> list[DocumentKind]:
    present = set(application.documents.values_list("kind", flat=True))
    return [kind for kind in REQUIRED_DOCUMENTS if kind not in present]


def application_unscored(*, application: Application) -> dict[str, list[str]]:
    """{evaluator: [criterion codes]} of criteria not yet scored with a justification (pre-fills must be confirmed)."""
    criteria = list(
        GuidelineCriterion.objects.filter(standard__guideline_id=application.guideline_id or 0).values_list(
            "id", "code"
        )
    )
    missing: dict[str, list[str]] = {}
    for member in application.panel.select_related("evaluator__user"):
        done = set(
            CriterionScore.objects.filter(application=application, evaluator=member.evaluator, prefilled=False)
            .exclude(score="")
            .exclude(justification="")
            .values_list("criterion_id", flat=True)
        )
        codes = [code for pk, code in criteria if pk not in done]
        if codes:
            missing[str(member.evaluator.user)] = codes
    return missing


def applications_visible(*, user: Any) -> QuerySet[Application]:
    return scope(user, "application.view", Application.objects.all()).select_related(
        "organisation", "specification_version__micro_credential"
    )


def application_queues(*, user: Any) -> list[tuple[str, str, list[Application]]]:
    """The lists a person's dashboard shows, by what they can act on."""
    from django.utils.translation import gettext as _

    from wisam.core.policy import can

    visible = list(applications_visible(user=user).order_by("-state_changed_at")[:500])
    queues: list[tuple[str, str, list[Application]]] = []

    def add(key: str, title: str, action: str, states: set[str]) -> None:
        rows = [a for a in visible if a.state in states and can(user, action, a)]
        if rows:
            queues.append((key, title, rows))

    add(
        "institution",
        _("Your institution's applications"),
        "application.submit",
        {s for s in vars(S).values() if isinstance(s, str) and not s.startswith("_")},
    )
    add("screening", _("To screen and assign"), "application.screen", {S.SCREENING, S.PANEL, S.ACCREDITED})
    add("evaluation", _("To evaluate"), "application.evaluate", {S.EVALUATION})
    add("decision", _("To decide"), "application.decide", {S.DECISION, S.CONDITIONS, S.APPEAL})
    if not queues:
        rows = list(visible)
        if rows:
            queues.append(("all", _("Applications"), rows))
    return queues


@dataclass(frozen=True)
class Suggestion:
    evaluator: Evaluator
    score: int
    reasons: tuple[str, ...]
    conflicts: tuple[str, ...] = ()


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def evaluators_suggest(*, application: Application, limit: int = 8) -> list[Suggestion]:
    """Evaluators ranked by expertise in the field (ISCED-F: detailed > narrow > broad) and level; conflicts flagged."""
    from django.utils.translation import gettext as _

    from wisam.accreditation.services import evaluator_conflicts

    version = application.specification_version
    field_code = version.isced_code or ""
    on_panel = set(application.panel.values_list("evaluator_id", flat=True))
    suggestions = []
    for evaluator in Evaluator.objects.filter(is_active=True).select_related("user"):
        if evaluator.pk in on_panel:
            continue
        score = 0
        reasons = []
        best = max((_common_prefix(str(code), field_code) for code in evaluator.isced_codes or []), default=0)
        best = best if best >= 2 else 0
        if best:
            score += best * 10
            reasons.append(_("expertise in field %(code)s") % {"code": field_code[:best]})
        if version.eqf_level and version.eqf_level in (evaluator.levels or []):
            score += 15
            reasons.append(_("expertise at EQF level %(level)s") % {"level": version.eqf_level})
        conflicts = tuple(evaluator_conflicts(evaluator=evaluator, organisation=application.organisation))
        suggestions.append(Suggestion(evaluator, score if not conflicts else -1, tuple(reasons), conflicts))
    suggestions.sort(key=lambda s: (-s.score, s.evaluator.user.email))
    return suggestions[:limit]


def application_history(*, application: Application) -> QuerySet[DomainEvent]:
    """The whole history of an application, from the event log."""
    return events_for(application)


# --- the register ---------------------------------------------------------------------------------------------------


@dataclass
class RegisterQuery:
    q: str = ""
    field: str = ""
    level: int | None = None
    nqf_level: int | None = None
    institution: str = ""
    credits_min: Decimal | None = None
    credits_max: Decimal | None = None
    mode: str = ""
    language: str = ""
    stackable_towards: str = ""
    status: str = ""  # "" = current (active, expiring); "all"; or one status
    page: int = 1
    page_size: int = PAGE_SIZE
    errors: dict[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_params(cls, params: Any) -> RegisterQuery:
        query = cls()
        query.q = (params.get("q") or "").strip()[:200]
        query.field = (params.get("field") or "").strip()[:8]
        query.institution = (params.get("institution") or "").strip()[:60]
        query.mode = (params.get("mode") or "").strip()[:20]
        query.language = (params.get("language") or "").strip()[:8]
        query.stackable_towards = (params.get("stackable_towards") or "").strip()[:100]
        query.status = (params.get("status") or "").strip()[:20]
        for name in ("level", "nqf_level", "page", "page_size"):
            raw = (params.get(name) or "").strip()
            if raw:
                try:
                    setattr(query, name, int(raw))
                except ValueError:
                    query.errors[name] = "not a number"
        for name in ("credits_min", "credits_max"):
            raw = (params.get(name) or "").strip()
            if raw:
                try:
                    setattr(query, name, Decimal(raw))
                except InvalidOperation:
                    query.errors[name] = "not a number"
        query.page = max(1, query.page or 1)
        query.page_size = min(MAX_PAGE_SIZE, max(1, query.page_size or PAGE_SIZE))
        return query

    def as_params(self) -> dict[str, Any]:
        out = {
            "q": self.q,
            "field": self.field,
            "level": self.level,
            "nqf_level": self.nqf_level,
            "institution": self.institution,
            "credits_min": self.credits_min,
            "credits_max": self.credits_max,
            "mode": self.mode,
            "language": self.language,
            "stackable_towards": self.stackable_towards,
            "status": self.status,
        }
        return {k: v for k, v in out.items() if v not in (None, "")}


def register_entries(query: RegisterQuery) -> QuerySet[RegisterEntry]:
    """The register entries matching the query's text and filters, most recently registered first."""
    entries = RegisterEntry.objects.all()
    if query.status == "all":
        pass
    elif query.status in RegisterStatus.values:
        entries = entries.filter(status=query.status)
    else:
        entries = entries.filter(status__in=[RegisterStatus.ACTIVE, RegisterStatus.EXPIRING])
    if query.field:
        entries = entries.filter(isced_code__startswith=query.field)
    if query.level:
        entries = entries.filter(eqf_level=query.level)
    if query.nqf_level:
        entries = entries.filter(nqf_level=query.nqf_level)
    if query.institution:
        entries = entries.filter(institution_slug=query.institution)
    if query.credits_min is not None:
        entries = entries.filter(ects__gte=query.credits_min)
    if query.credits_max is not None:
        entries = entries.filter(ects__lte=query.credits_max)
    if query.mode:
        entries = entries.filter(mode=query.mode)
    if query.language:
        entries = entries.filter(languages_key__contains=f",{query.language},")
    if query.stackable_towards:
        entries = entries.filter(stackable_towards_key__contains=search.normalise(query.stackable_towards))
    entries = search.apply_search(entries, query.q)
    return entries.order_by("-id")


_LIST_FIELDS = (
    "id",
    "identifier",
    "title",
    "institution_name",
    "institution_slug",
    "nqf_level",
    "eqf_level",
    "ects",
    "credit_hours",
    "isced_code",
    "mode",
    "languages",
    "stackability",
    "stackable_towards",
    "status",
    "route",
    "valid_from",
    "valid_until",
)


def register_search(query: RegisterQuery) -> Page[RegisterEntry]:
    entries = register_entries(query).only(*_LIST_FIELDS)
    paginator = Paginator(entries, query.page_size)
    return paginator.get_page(query.page)


def register_entry_history(*, entry: RegisterEntry) -> list[DomainEvent]:
    """The entry's status history and its accreditations' events, oldest first."""
    subjects = Q(subject_type="accreditation.registerentry", subject_id=str(entry.pk))
    ids = [str(pk) for pk in entry.accreditations.values_list("pk", flat=True)]
    if ids:
        subjects |= Q(subject_type="accreditation.accreditation", subject_id__in=ids)
    return list(DomainEvent.objects.filter(subjects).order_by("sequence"))


def register_entry_status_changes(*, entry: RegisterEntry) -> list[AccreditationStatusChange]:
    """The status changes of the entry's accreditations, oldest first: what the entry page's history shows."""
    return list(
        AccreditationStatusChange.objects.filter(accreditation__entry=entry)
        .select_related("accreditation")
        .order_by("effective_at", "id")
    )


def register_institutions() -> list[tuple[str, dict[str, str]]]:
    seen: dict[str, dict[str, str]] = {}
    for slug, name in RegisterEntry.objects.values_list("institution_slug", "institution_name").distinct()[:500]:
        seen.setdefault(slug, name)
    return sorted(seen.items())


def accreditations_visible(*, user: Any) -> QuerySet[Accreditation]:
    return scope(user, "accreditation.view_own", Accreditation.objects.all()).select_related("entry", "organisation")


def evaluator_of(user: Any) -> Evaluator | None:
    return Evaluator.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None


def evaluator_memberships(evaluator: Evaluator) -> list[Membership]:
    return list(Membership.objects.filter(user=evaluator.user).select_related("organisation"))


# --- accreditation on a date, and the trusted issuers (what the credentials app asks, via credentials.trust) ----------


@dataclass(frozen=True)
class TrustedIssuer:
    did: str
    organisation: Organisation
    name: dict[str, str]
    source: str  # "trust_list": AQAC's list; "registry": Wisam's own did:web of an institution with accreditations

    def display(self, language: str | None = None) -> str:
        return translated(self.name, language)


@dataclass(frozen=True)
class AccreditationFact:
    """An accreditation in force on a date, with what has become of it since (its status now, and since when)."""

    route: str  # "panel" or "self"
    register_identifier: str
    register_url: str
    valid_from: date
    valid_until: date
    title: dict[str, str]
    status_now: str = RegisterStatus.ACTIVE
    status_now_since: datetime | None = None

    @property
    def blocked_now(self) -> bool:
        """Whether the accreditation is suspended or withdrawn today (which does not undo what it allowed before)."""
        return self.status_now in BLOCKING_STATUSES


def _moment(when: datetime | date) -> datetime:
    """A date counts from its first moment in the site's time zone; a naive date-time is read in that zone too."""
    if isinstance(when, datetime):
        return when if timezone.is_aware(when) else timezone.make_aware(when, timezone.get_current_timezone())
    return start_of_day(when)


def _changes(accreditation: Accreditation) -> list[AccreditationStatusChange]:
    # Prefetched by accreditation_at (ordered by effective_at, id); a plain read otherwise.
    return list(accreditation.status_changes.all())


def accreditation_status_at(*, accreditation: Accreditation, when: datetime | date) -> str:
    """The status in force at `when`: the last change that took effect by then (before the first: the grant's).

    An accreditation without a history (loaded by hand) is read by its current status, as before histories existed.
    """
    changes = _changes(accreditation)
    if not changes:
        return accreditation.status
    moment = _moment(when)
    status = changes[0].status
    for change in changes:
        if change.effective_at > moment:
            break
        status = change.status
    return status


def accreditation_status_now(*, accreditation: Accreditation) -> tuple[str, datetime | None]:
    """The current status and since when it has been in force (None when no history says so)."""
    since = None
    for change in _changes(accreditation):
        if change.status == accreditation.status:
            if since is None:
                since = change.effective_at
        else:
            since = None  # a later return to the same status starts a new period
    return accreditation.status, since


def _entry_url(entry: RegisterEntry) -> str:
    try:
        return f"{settings.SITE_URL}{entry.get_absolute_url()}"
    except NoReverseMatch:  # the register's pages are not mounted
        return f"{settings.SITE_URL}/accreditation/register/{entry.identifier}/"


def _covers(accreditation: Accreditation, version: Any) -> bool:
    entry = accreditation.entry
    if accreditation.specification_version_id == version.pk or entry.specification_version_id == version.pk:
        return True
    return accreditation.specification_version_id is None and entry.micro_credential_id == version.micro_credential_id


def _newer_on_entry(accreditation: Accreditation, day: date) -> list[Accreditation]:
    """The entry's later accreditations already started on `day`: the entry's status then was theirs."""
    return [
        other
        for other in accreditation.entry.accreditations.all()
        if other.pk != accreditation.pk
        and other.valid_from <= day
        and (other.valid_from, other.pk) > (accreditation.valid_from, accreditation.pk)
    ]


def accreditation_at(*, version: Any, organisation: Organisation, when: datetime | date) -> AccreditationFact | None:
    """The accreditation (panel or self) that let `organisation` award `version` at `when`, or None.

    Accredited at `when` means: `when` falls within valid_from..valid_until, and the status in force at that moment
    (from the status history) was neither suspended nor withdrawn nor expired (a renewal after the end leaves that
    gap expired), for this accreditation and for a newer one of the
    same register entry. What happened later (a suspension, a withdrawal) does not change the answer; the fact
    carries the status now so that a reader can be told about it separately.
    """
    moment = _moment(when)
    day = timezone.localtime(moment).date()
    changes = Prefetch("status_changes", queryset=AccreditationStatusChange.objects.order_by("effective_at", "id"))
    candidates = (
        Accreditation.objects.filter(organisation=organisation, valid_from__lte=day, valid_until__gte=day)
        .select_related("entry")
        .prefetch_related(
            changes, Prefetch("entry__accreditations", queryset=Accreditation.objects.prefetch_related(changes))
        )
    )
    for accreditation in candidates:
        if not _covers(accreditation, version):
            continue
        # Expired in force within the (later extended) validity: the gap between an end and a late renewal.
        if accreditation_status_at(accreditation=accreditation, when=moment) in (
            *BLOCKING_STATUSES,
            RegisterStatus.EXPIRED,
        ):
            continue
        newer = _newer_on_entry(accreditation, day)
        if any(accreditation_status_at(accreditation=other, when=moment) in BLOCKING_STATUSES for other in newer):
            continue
        status_now, since = accreditation_status_now(accreditation=accreditation)
        if status_now not in BLOCKING_STATUSES:
            # A newer accreditation of the same entry suspended or withdrawn now stops this one too.
            for other in sorted(newer, key=lambda a: (a.valid_from, a.pk), reverse=True):
                other_status, other_since = accreditation_status_now(accreditation=other)
                if other_status in BLOCKING_STATUSES:
                    status_now, since = other_status, other_since
                    break
        entry = accreditation.entry
        return AccreditationFact(
            route=accreditation.route,
            register_identifier=entry.identifier,
            register_url=_entry_url(entry),
            valid_from=accreditation.valid_from,
            valid_until=accreditation.valid_until,
            title=dict(entry.title or {}),
            status_now=status_now,
            status_now_since=since,
        )
    return None


def issuer_for_did(did: str) -> TrustedIssuer | None:
    """The issuer named by the trust list for `did` (never by the credential), or None if it is not trusted."""
    # Wisam's own did:web names are the credentials app's scheme; imported here so this module loads without it.
    from wisam.credentials.keys import slug_from_did

    listed = IssuerDid.objects.filter(did=did).select_related("organisation").first()
    if listed is not None:
        return TrustedIssuer(did, listed.organisation, dict(listed.organisation.name), "trust_list")
    slug = slug_from_did(did)
    own = Organisation.objects.filter(slug=slug, is_active=True).first() if slug else None
    if own is not None and Accreditation.objects.filter(organisation=own).exists():
        return TrustedIssuer(did, own, dict(own.name), "registry")
    return None


def issuer_did_listed(*, organisation: Organisation, did: str) -> bool:
    """Whether AQAC's trust list already names this DID for the institution."""
    return IssuerDid.objects.filter(organisation=organisation, did=did).exists()
