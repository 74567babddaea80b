"""Reads for pathways and recognition: lists scoped by the permission policy, the micro-credentials a pathway names,
the published catalogue, and what a recognition officer compares side by side."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from wisam.core.policy import scope
from wisam.credentials.models import IssuedCredential
from wisam.design.models import MicroCredential, SpecificationVersion
from wisam.design.selectors import specification_versions_latest_of
from wisam.institutions.models import Organisation
from wisam.pathways.models import (
    ExternalCredential,
    Pathway,
    PathwayChoice,
    PathwayVersion,
    RecognitionRequest,
    StackedAward,
)
from wisam.pathways.workflow import VersionState


def pathways_visible(*, user: Any) -> QuerySet[Pathway]:
    return (
        scope(user, "pathway.view", Pathway.objects.all())
        .select_related("organisation")
        .order_by("organisation__slug", "code")
    )


def pathways_published() -> QuerySet[Pathway]:
    return (
        Pathway.objects.filter(versions__state=VersionState.PUBLISHED)
        .select_related("organisation")
        .distinct()
        .order_by("organisation__slug", "code")
    )


def pathway_versions(*, pathway: Pathway, user: Any) -> QuerySet[PathwayVersion]:
    return scope(user, "pathway_version.view", pathway.versions.all()).order_by("-number")


def pathways_followed(*, learner: Any) -> list[Pathway]:
    return [
        c.pathway
        for c in PathwayChoice.objects.filter(learner=learner).select_related("pathway__organisation").order_by("id")
    ]


def mc_key(micro_credential_id: int) -> str:
    return f"mc:{micro_credential_id}"


def key_pk(key: str) -> int | None:
    if key.startswith("mc:") and key[3:].isdigit():
        return int(key[3:])
    return None


def rule_keys(rules: Any) -> list[str]:
    """Every micro-credential key named in the rules JSON, in the order they appear."""
    keys: list[str] = []

    def add(values: Iterable[Any]) -> None:
        for value in values:
            if isinstance(value, str) and value not in keys:
                keys.append(value)

    for rule in (rules or {}).get("rules", []) if isinstance(rules, dict) else []:
        if not isinstance(rule, dict):
            continue
        add(rule.get("items") or [])
        for group in rule.get("groups") or []:
            if isinstance(group, dict):
                add(group.get("items") or [])
        if rule.get("item"):
            add([rule["item"]])
        add(rule.get("requires") or [])
    return keys


def version_micro_credentials(version: PathwayVersion) -> list[MicroCredential]:
    pks = [pk for pk in (key_pk(k) for k in rule_keys(version.rules)) if pk is not None]
    found = {mc.pk: mc for mc in MicroCredential.objects.filter(pk__in=pks).select_related("organisation")}
    return [found[pk] for pk in pks if pk in found]


def latest_versions(micro_credentials: Iterable[Any]) -> dict[int, SpecificationVersion]:
    """The latest specification version of each micro-credential (objects or ids), by its id (design's selector)."""
    return specification_versions_latest_of(micro_credentials)


def accredited_versions(*, today: date | None = None) -> list[SpecificationVersion]:
    """The published offer: per micro-credential, the latest specification version accredited (or self-accredited)
    for its institution today."""
    from wisam.accreditation.models import Accreditation, RegisterStatus

    today = today or timezone.localdate()
    rows = (
        Accreditation.objects.filter(valid_from__lte=today, valid_until__gte=today, specification_version__isnull=False)
        .exclude(status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        .exclude(entry__status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        .select_related("specification_version__micro_credential__organisation")
    )
    best: dict[int, SpecificationVersion] = {}
    for row in rows:
        version = row.specification_version
        if version is None or version.micro_credential.organisation_id != row.organisation_id:
            continue
        current = best.get(version.micro_credential_id)
        if current is None or version.number > current.number:
            best[version.micro_credential_id] = version
    return sorted(best.values(), key=lambda v: (v.micro_credential.organisation.slug, v.micro_credential.code))


def choosable_micro_credentials(*, organisation: Organisation) -> list[tuple[MicroCredential, SpecificationVersion]]:
    """What a rule may name: every published (accredited) micro-credential, and the institution's own."""
    chosen: dict[int, tuple[MicroCredential, SpecificationVersion]] = {
        v.micro_credential_id: (v.micro_credential, v) for v in accredited_versions()
    }
    own = MicroCredential.objects.filter(organisation=organisation).select_related("organisation")
    for mc_id, version in latest_versions(own).items():
        chosen.setdefault(mc_id, (version.micro_credential, version))
    return sorted(chosen.values(), key=lambda pair: (pair[0].organisation.slug, pair[0].code))


def target_specification(pathway: Pathway) -> SpecificationVersion | None:
    """The specification version of the larger credential that may be issued today (accredited), or None."""
    from wisam.credentials import trust

    if pathway.target_micro_credential is None:
        return None
    now = timezone.now()
    for version in pathway.target_micro_credential.versions.order_by("-number"):
        if trust.accreditation_at(version=version, organisation=pathway.organisation, when=now) is not None:
            return version
    return None


def requests_of_learner(*, learner: Any) -> QuerySet[RecognitionRequest]:
    return (
        RecognitionRequest.objects.filter(learner=learner)
        .select_related("organisation", "pathway_version__pathway")
        .order_by("-state_changed_at", "-id")
    )


def requests_to_handle(*, user: Any) -> QuerySet[RecognitionRequest]:
    """Requests of the institutions where the user decides (recognition officer or approver)."""
    return (
        scope(user, "recognition_request.view", RecognitionRequest.objects.exclude(learner=user))
        .select_related("organisation", "learner", "pathway_version__pathway")
        .order_by("-state_changed_at", "-id")
    )


def claimable_micro_credentials(
    *, version: PathwayVersion | None = None
) -> list[tuple[MicroCredential, SpecificationVersion]]:
    """What prior learning may be claimed to match: the micro-credentials a pathway names, or (for credit, and for an
    open pathway) the published offer of every institution."""
    if version is not None:
        mcs = version_micro_credentials(version)
        latest = latest_versions(mcs)
        if mcs:  # an open pathway names none: any published micro-credential may meet its criteria
            return [(mc, latest[mc.pk]) for mc in mcs if mc.pk in latest]
    return [(v.micro_credential, v) for v in accredited_versions()]


def external_credentials_of(*, learner: Any) -> QuerySet[ExternalCredential]:
    return ExternalCredential.objects.filter(learner=learner).order_by("-uploaded_at")


def wallet_credentials(*, learner: Any) -> QuerySet[IssuedCredential]:
    from wisam.credentials.models import CredentialState

    return (
        IssuedCredential.objects.filter(learner=learner, state=CredentialState.ACTIVE)
        .select_related("specification_version__micro_credential", "organisation")
        .order_by("-issued_at")
    )


def awards_of(*, learner: Any) -> QuerySet[StackedAward]:
    return StackedAward.objects.filter(learner=learner).select_related("pathway_version__pathway", "credential")


@dataclass
class Side:
    """One column of the side-by-side comparison: a credential, or a micro-credential it would replace."""

    title: dict[str, str]
    provider: str
    outcomes: list[str] = field(default_factory=list)
    eqf_level: int | None = None
    credits_ects: float | None = None
    hours: int | None = None
    isced: str = ""
    issued_on: date | None = None
    notes: list[str] = field(default_factory=list)


def _spec_side(version: SpecificationVersion, language: str) -> Side:
    from wisam.core.i18n import translated
    from wisam.pathways.records import spec_credits_ects, spec_eqf_level

    return Side(
        title=dict(version.title or {}),
        provider=translated(version.micro_credential.organisation.name, language),
        outcomes=[translated(o.text, language) for o in version.outcomes.all() if translated(o.text, language)],
        eqf_level=spec_eqf_level(version),
        credits_ects=spec_credits_ects(version),
        hours=version.notional_hours,
        isced=version.isced_code,
    )


def comparison(*, request: RecognitionRequest, language: str) -> tuple[list[Side], list[tuple[MicroCredential, Side]]]:
    """What was submitted, and the pathway's micro-credentials it could stand for (for the side-by-side view); for a
    prior-learning request nothing was submitted but the claim, and the micro-credentials are those claimed."""
    submitted: list[Side] = []
    for item in request.items.select_related(
        "issued_credential__specification_version__micro_credential__organisation", "external_credential"
    ):
        if item.issued_credential is not None:
            side = _spec_side(item.issued_credential.specification_version, language)
            side.issued_on = item.issued_credential.issued_at.date()
            submitted.append(side)
        elif item.external_credential is not None:
            ext = item.external_credential
            notes = []
            if not ext.issuer_trusted:
                notes.append("issuer_untrusted")
            if ext.credits_declared or ext.level_declared or ext.field_declared:
                notes.append("declared")
            submitted.append(
                Side(
                    title=dict(ext.title or {}),
                    provider=ext.issuer_name or ext.issuer_id,
                    outcomes=list(ext.outcomes or []),
                    eqf_level=ext.eqf_level,
                    credits_ects=float(ext.credits_ects) if ext.credits_ects is not None else None,
                    isced=ext.isced_code,
                    issued_on=ext.issued_on,
                    notes=notes,
                )
            )
    targets: list[tuple[MicroCredential, Side]] = []
    if request.is_prior_learning:
        # A prior-learning claim is compared with the micro-credentials the learner says it matches.
        mcs = list(request.claimed.select_related("organisation").order_by("code"))
        latest = latest_versions(mcs)
        targets = [(mc, _spec_side(latest[mc.pk], language)) for mc in mcs if mc.pk in latest]
    elif request.pathway_version is not None:
        mcs = version_micro_credentials(request.pathway_version)
        latest = latest_versions(mcs)
        for mc in mcs:
            if mc.pk in latest:
                targets.append((mc, _spec_side(latest[mc.pk], language)))
    return submitted, targets


def learner_related_to(*, pathway: Pathway, learner: Any) -> bool:
    """Whether the pathway's institution has a reason to look at the learner's record: they follow the pathway or
    asked the institution for recognition."""
    return (
        PathwayChoice.objects.filter(pathway=pathway, learner=learner).exists()
        or RecognitionRequest.objects.filter(organisation=pathway.organisation, learner=learner).exists()
    )
