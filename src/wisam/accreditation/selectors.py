"""Reads for accreditation: register search, queues, evaluator suggestions, histories."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from wisam.accreditation import search
from wisam.accreditation.models import (
    REQUIRED_DOCUMENTS,
    Accreditation,
    Application,
    CriterionScore,
    DocumentKind,
    Evaluator,
    GuidelineCriterion,
    RegisterEntry,
    RegisterStatus,
)
from wisam.accreditation.workflow import ApplicationState as S
from wisam.core.events import events_for
from wisam.core.models import DomainEvent
from wisam.core.policy import scope
from wisam.institutions.models import Membership

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
