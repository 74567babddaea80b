"""Writes for the insights app: employer skill needs, and the rebuild of the derived dashboard rows.

Keyword-only and transactional; every change of a skill need records a domain event in the same transaction.
Permission checks are the callers' (views, API) through wisam.core.policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.core.events import event_record
from wisam.frameworks.models import EscoSkill, Sector
from wisam.insights.models import Horizon, LintFinding, SkillNeed, TaughtSkill
from wisam.institutions.models import Organisation, Region
from wisam.institutions.roles import EMPLOYER_KINDS

MAX_SKILLS = 20


def _validated(
    *,
    organisation: Organisation,
    skills: Sequence[EscoSkill | str],
    sector: str,
    region: str,
    people: Any,
    horizon: str,
) -> tuple[list[EscoSkill], int]:
    errors: dict[str, str] = {}
    if organisation.kind not in EMPLOYER_KINDS:
        errors["organisation"] = _("Skill needs are recorded for employers and professional bodies only.")
    uris = [s if isinstance(s, str) else s.uri for s in skills]
    found = {s.uri: s for s in EscoSkill.objects.filter(uri__in=uris, is_active=True)}
    unknown = [uri for uri in uris if uri not in found]
    if not uris:
        errors["skills"] = _("Choose at least one ESCO skill (search by a word in Arabic or English).")
    elif unknown:
        errors["skills"] = _("These skills are not in Wisam's ESCO list: %(uris)s. Choose skills from the search.") % {
            "uris": ", ".join(unknown)
        }
    elif len(found) > MAX_SKILLS:
        errors["skills"] = _("Choose at most %(n)d skills; record another need for the others.") % {"n": MAX_SKILLS}
    if sector not in Sector.values:
        errors["sector"] = _("Choose a sector from the list.")
    if region not in Region.values:
        errors["region"] = _("Choose a governorate from the list.")
    if horizon not in Horizon.values:
        errors["horizon"] = _("Choose a time horizon from the list.")
    try:
        count = int(people)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= 100_000:
        errors["people"] = _("Give the number of people as a whole number from 1 to 100000.")
    if errors:
        raise ValidationError(errors)
    return [found[uri] for uri in dict.fromkeys(uris)], count


def _payload(need: SkillNeed, skills: Iterable[EscoSkill]) -> dict[str, Any]:
    return {
        "sector": need.sector,
        "region": need.region,
        "people": need.people,
        "horizon": need.horizon,
        "skills": sorted(s.uri for s in skills),
    }


@transaction.atomic
def skill_need_create(
    *,
    organisation: Organisation,
    skills: Sequence[EscoSkill | str],
    sector: str,
    region: str,
    people: int,
    horizon: str = Horizon.NOW,
    note: str = "",
    actor: Any,
) -> SkillNeed:
    """Record an employer's need for `people` people with `skills` in `sector` and `region`."""
    chosen, count = _validated(
        organisation=organisation, skills=skills, sector=sector, region=region, people=people, horizon=horizon
    )
    need = SkillNeed.objects.create(
        organisation=organisation,
        sector=sector,
        region=region,
        people=count,
        horizon=horizon,
        note=note.strip()[:2000],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    need.skills.set(chosen)
    event_record(
        action="insights.skill_need.recorded",
        subject=need,
        actor=actor,
        organisation=organisation,
        payload=_payload(need, chosen),
    )
    return need


@transaction.atomic
def skill_need_update(
    *,
    need: SkillNeed,
    skills: Sequence[EscoSkill | str],
    sector: str,
    region: str,
    people: int,
    horizon: str,
    note: str = "",
    actor: Any,
) -> SkillNeed:
    """Change a skill need that is still active."""
    need = SkillNeed.objects.select_for_update().get(pk=need.pk)
    if not need.is_active:
        raise ValidationError(_("This skill need was withdrawn; record a new one instead."))
    chosen, count = _validated(
        organisation=need.organisation, skills=skills, sector=sector, region=region, people=people, horizon=horizon
    )
    need.sector, need.region, need.people, need.horizon = sector, region, count, horizon
    need.note = note.strip()[:2000]
    need.save()
    need.skills.set(chosen)
    event_record(
        action="insights.skill_need.updated",
        subject=need,
        actor=actor,
        organisation=need.organisation,
        payload=_payload(need, chosen),
    )
    return need


@transaction.atomic
def skill_need_withdraw(*, need: SkillNeed, actor: Any) -> SkillNeed:
    """Withdraw a skill need (it no longer counts as demand); the row is kept for the record."""
    need = SkillNeed.objects.select_for_update().get(pk=need.pk)
    if not need.is_active:
        raise ValidationError(_("This skill need is already withdrawn."))
    need.withdrawn_at = timezone.now()
    need.save(update_fields=["withdrawn_at", "updated_at"])
    event_record(
        action="insights.skill_need.withdrawn", subject=need, actor=actor, organisation=need.organisation, payload={}
    )
    return need


# --- derived rows ---------------------------------------------------------------------------------------------------


@transaction.atomic
def taught_skills_refresh(*, entries: Iterable[Any] | None = None) -> int:
    """Rebuild the skills taught by register entries (all when `entries` is None) from their versions' outcomes."""
    from wisam.accreditation.models import RegisterEntry
    from wisam.design.models import LearningOutcome

    queryset = RegisterEntry.objects.exclude(specification_version=None)
    if entries is not None:
        queryset = queryset.filter(pk__in=[getattr(e, "pk", e) for e in entries])
    rows: list[TaughtSkill] = []
    entry_ids: list[int] = []
    meta = {
        pk: (version_id, organisation_id, region or "")
        for pk, version_id, organisation_id, region in queryset.values_list(
            "pk", "specification_version_id", "organisation_id", "organisation__region"
        )
    }
    by_version: dict[int, set[str]] = {}
    for version_id, skills in LearningOutcome.objects.filter(
        version_id__in={v for v, _o, _r in meta.values()}
    ).values_list("version_id", "skills"):
        by_version.setdefault(version_id, set()).update(str(s) for s in skills or [] if s)
    for pk, (version_id, organisation_id, region) in meta.items():
        entry_ids.append(pk)
        for uri in sorted(by_version.get(version_id, ())):
            rows.append(TaughtSkill(entry_id=pk, organisation_id=organisation_id, skill_uri=uri, region=region))
    TaughtSkill.objects.filter(entry_id__in=entry_ids).delete()
    TaughtSkill.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def lint_findings_refresh(*, micro_credentials: Iterable[Any] | None = None) -> int:
    """Run the design linter on the latest version of each micro-credential and keep its findings for the dashboard."""
    from wisam.design.models import MicroCredential
    from wisam.design.selectors import specification_versions_latest_of
    from wisam.quality.linting import findings_for

    queryset = MicroCredential.objects.all()
    if micro_credentials is not None:
        queryset = queryset.filter(pk__in=[getattr(m, "pk", m) for m in micro_credentials])
    now = timezone.now()
    rows: list[LintFinding] = []
    versions: list[int] = []
    for version in specification_versions_latest_of(queryset.values_list("pk", flat=True)).values():
        versions.append(version.pk)
        for finding in findings_for(version):
            rows.append(
                LintFinding(
                    version=version,
                    organisation_id=version.micro_credential.organisation_id,
                    code=finding.code[:60],
                    severity=finding.severity[:20],
                    block=str(finding.block)[:40],
                    computed_at=now,
                )
            )
    LintFinding.objects.filter(version__micro_credential__in=queryset).delete()
    LintFinding.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def insights_refresh() -> dict[str, int]:
    """Rebuild every derived row (run by the demo, `wisam insights_refresh` and the analysts' refresh button)."""
    return {"taught_skills": taught_skills_refresh(), "lint_findings": lint_findings_refresh()}
