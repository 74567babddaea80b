"""The learner's record as the rule engine reads it: `Earned` items built from Wisam credentials, verified external
credentials and recognition decisions (of credentials, and of prior learning: source "rpl"), and the published
catalogue as `Offer`s for the planner.

Conversions happen here, once, with the frameworks' data: credit hours to ECTS (frameworks.selectors.convert_credits),
PS-NQF levels to EQF (the design vocabulary's mapping). A recognition decision of the receiving institution stands
in for the credentials it recognised (they are not counted twice), carries the credits it granted when partial, and
names the micro-credential it was recognised as.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wisam.credentials.models import CredentialState, IssuedCredential
from wisam.design.models import SpecificationVersion
from wisam.pathways import engine
from wisam.pathways.engine import Earned, Evaluation, Offer, Plan
from wisam.pathways.models import ExternalCredential, Outcome, Pathway, PathwayVersion, RecognitionRequest
from wisam.pathways.selectors import accredited_versions, key_pk, latest_versions, mc_key, rule_keys
from wisam.pathways.workflow import COUNTING_STATES


def spec_credits_ects(version: SpecificationVersion) -> float | None:
    if version.ects is not None:
        return float(version.ects)
    if version.credit_hours is not None:
        from wisam.frameworks.selectors import UnknownCreditSystem, convert_credits

        try:
            return float(convert_credits(version.credit_hours, "PS-CH", "ECTS"))
        except UnknownCreditSystem:
            return float(version.credit_hours * Decimal("1.5"))
    return None


def spec_eqf_level(version: SpecificationVersion) -> int | None:
    if version.eqf_level:
        return int(version.eqf_level)
    if version.nqf_level:
        from wisam.design.vocab import nqf_to_eqf_table

        return nqf_to_eqf_table().get(int(version.nqf_level))
    return None


def _grade(value: str) -> float | None:
    try:
        number = float(value.strip().rstrip("%"))
    except (ValueError, AttributeError):
        return None
    return number if 0 <= number <= 100 else None


@dataclass
class RecordItem:
    """One line of the learner's record: the engine's `Earned` and where it comes from."""

    earned: Earned
    kind: str  # "issued" | "external" | "recognition" (credentials or prior learning: see obj.kind)
    obj: Any
    achievement: str = ""  # IRI of the achievement (for a stacked credential's `related`)
    declared: list[str] = field(default_factory=list)  # facts the learner declared (external credentials)
    country: str = ""  # the issuer's country (ISO 3166 alpha-2), when it says so


def _from_issued(credential: IssuedCredential) -> RecordItem:
    version = credential.specification_version
    try:
        achievement = str(json.loads(credential.document)["credentialSubject"]["achievement"].get("id", ""))
    except (ValueError, KeyError, TypeError):
        achievement = ""
    return RecordItem(
        earned=Earned(
            id=f"cred:{credential.pk}",
            key=mc_key(version.micro_credential_id),
            title=dict(version.title or {}),
            provider=credential.organisation.slug,
            credits_ects=spec_credits_ects(version) or 0.0,
            eqf_level=spec_eqf_level(version),
            isced=version.isced_code or "",
            earned_on=timezone.localtime(credential.issued_at).date(),
            grade=_grade(credential.grade),
            source="wisam",
        ),
        kind="issued",
        obj=credential,
        achievement=achievement,
    )


def _from_external(credential: ExternalCredential) -> RecordItem:
    declared = [
        name
        for name, flag in (
            ("credits", credential.credits_declared),
            ("level", credential.level_declared),
            ("field", credential.field_declared),
        )
        if flag
    ]
    try:
        document = json.loads(credential.document)
        achievement = str(document["credentialSubject"]["achievement"].get("id", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        document, achievement = {}, ""
    issuer = document.get("issuer") if isinstance(document, dict) else None
    address = issuer.get("address") if isinstance(issuer, dict) else None
    country = str(address.get("addressCountryCode", "")) if isinstance(address, dict) else ""
    return RecordItem(
        earned=Earned(
            id=f"ext:{credential.pk}",
            key=None,
            title=dict(credential.title or {}) or {"en": credential.credential_id},
            provider=credential.issuer_name or credential.issuer_id or "external",
            credits_ects=float(credential.credits_ects or 0),
            eqf_level=credential.eqf_level,
            isced=credential.isced_code or "",
            earned_on=credential.issued_on or credential.uploaded_at.date(),
            grade=None,
            source="external",
        ),
        kind="external",
        obj=credential,
        achievement=achievement or credential.credential_id,
        declared=declared,
        country=country.upper()[:2] if country.isalpha() else "",
    )


def _from_recognition(
    request: RecognitionRequest, covered: list[RecordItem], targets: dict[int, SpecificationVersion]
) -> RecordItem:
    target_version = targets.get(request.recognised_as_id) if request.recognised_as_id is not None else None
    credits = sum((item.earned.credits_ects for item in covered), 0.0)
    if request.outcome == Outcome.FULL and target_version is not None:
        credits = spec_credits_ects(target_version) or credits
    first = covered[0].earned if covered else None
    key = mc_key(request.recognised_as_id) if request.recognised_as_id else None
    # Prior learning has no credential behind it: it is dated when the learning ended (recency looks at that) and
    # enters the engine as source "rpl", so that a pathway's max_rpl_credits caps it.
    prior = request.is_prior_learning
    learnt = request.learning_ended_on or request.learning_started_on if prior else None
    title = dict(target_version.title or {}) if target_version is not None else (dict(first.title) if first else {})
    return RecordItem(
        earned=Earned(
            id=f"rec:{request.pk}",
            key=key,
            title=title,
            provider=first.provider if first else request.organisation.slug,
            credits_ects=credits,
            eqf_level=(spec_eqf_level(target_version) if target_version else None)
            or (first.eqf_level if first else None),
            isced=(target_version.isced_code if target_version else "") or (first.isced if first else ""),
            earned_on=learnt
            or max((item.earned.earned_on for item in covered), default=(request.decided_at or timezone.now()).date()),
            grade=first.grade if first else None,
            source="rpl" if prior else "recognition",
            recognised_as=key,
            credits_granted=float(request.credits_granted)
            if request.outcome == Outcome.PARTIAL and request.credits_granted is not None
            else None,
        ),
        kind="recognition",
        obj=request,
        achievement=covered[0].achievement if covered else "",
        country=covered[0].country if covered else "",
    )


def learner_record(*, learner: Any, pathway: Pathway | None = None) -> list[RecordItem]:
    """The learner's record; for a pathway, with the decisions of its institution standing in for what they cover."""
    issued = {
        f"cred:{c.pk}": _from_issued(c)
        for c in IssuedCredential.objects.filter(learner=learner, state=CredentialState.ACTIVE).select_related(
            "specification_version__micro_credential", "organisation"
        )
    }
    external = {
        f"ext:{c.pk}": _from_external(c)
        for c in ExternalCredential.objects.filter(learner=learner, signature_valid=True, status_ok=True)
    }
    items: dict[str, RecordItem] = {**issued, **external}
    decisions: list[RecordItem] = []
    if pathway is not None:
        requests = (
            RecognitionRequest.objects.filter(
                learner=learner,
                organisation=pathway.organisation,
                state__in=COUNTING_STATES,
                outcome__in=[Outcome.FULL, Outcome.PARTIAL],
            )
            .select_related("recognised_as", "organisation", "pathway_version")
            .prefetch_related("items")
            .order_by("id")
        )
        counted = [r for r in requests if r.pathway_version is None or r.pathway_version.pathway_id == pathway.pk]
        # The latest specification of every micro-credential recognised, in one query.
        targets = latest_versions([r.recognised_as_id for r in counted if r.recognised_as_id is not None])
        for request in counted:
            ids = [
                f"cred:{i.issued_credential_id}" if i.issued_credential_id else f"ext:{i.external_credential_id}"
                for i in request.items.all()
            ]
            covered = [items.pop(i) for i in ids if i in items]
            decisions.append(_from_recognition(request, covered, targets))
    return [*items.values(), *decisions]


def catalogue(*, today: date | None = None, exclude: set[str] | None = None) -> list[Offer]:
    """Published micro-credentials (accredited today) as the planner's offers."""
    offers = []
    for version in accredited_versions(today=today):
        key = mc_key(version.micro_credential_id)
        if exclude and key in exclude:
            continue
        offers.append(
            Offer(
                key=key,
                title=dict(version.title or {}),
                provider=version.micro_credential.organisation.slug,
                credits_ects=spec_credits_ects(version) or 0.0,
                eqf_level=spec_eqf_level(version),
                isced=version.isced_code or "",
                fee=float(version.fee_amount or 0),
            )
        )
    return offers


def engine_pathway(version: PathwayVersion) -> engine.Pathway:
    return engine.parse_pathway(version.rules, home_provider=version.pathway.organisation.slug)


@dataclass
class LearnerEvaluation:
    version: PathwayVersion
    pathway: engine.Pathway
    record: list[RecordItem]
    evaluation: Evaluation
    plan: Plan | None
    titles: dict[str, dict[str, str]]
    levels: dict[str, int | None]

    def item(self, earned_id: str) -> RecordItem | None:
        return next((item for item in self.record if item.earned.id == earned_id), None)


def _names(
    version: PathwayVersion, offers: list[Offer], record: list[RecordItem]
) -> tuple[dict[str, Any], dict[str, Any]]:
    titles: dict[str, dict[str, str]] = {}
    levels: dict[str, int | None] = {}
    from wisam.design.models import MicroCredential

    keys = rule_keys(version.rules)
    pks = [pk for pk in (key_pk(k) for k in keys) if pk is not None]
    for mc_id, spec in latest_versions(MicroCredential.objects.filter(pk__in=pks)).items():
        titles[mc_key(mc_id)] = dict(spec.title or {})
        levels[mc_key(mc_id)] = spec_eqf_level(spec)
    for offer in offers:
        titles.setdefault(offer.key, dict(offer.title))
        levels.setdefault(offer.key, offer.eqf_level)
    for item in record:
        titles[item.earned.id] = dict(item.earned.title)
        levels[item.earned.id] = item.earned.eqf_level
        if item.earned.key:
            titles.setdefault(item.earned.key, dict(item.earned.title))
            levels.setdefault(item.earned.key, item.earned.eqf_level)
    return titles, levels


def evaluate_learner(
    *,
    version: PathwayVersion,
    learner: Any,
    with_plan: bool = True,
    today: date | None = None,
    objective: str = "credits",
) -> LearnerEvaluation:
    """Evaluate the learner's record against a pathway version; with the suggested plan over the published offer.

    The engine is given the titles of every micro-credential the rules name, so that its explanations name what is
    still missing by title, in Arabic and English.
    """
    today = today or timezone.localdate()
    parsed = engine_pathway(version)
    record = learner_record(learner=learner, pathway=version.pathway)
    earned = [item.earned for item in record]
    titles, levels = _names(version, [], record)
    evaluation = engine.evaluate(parsed, earned, today=today, titles=titles)
    offers: list[Offer] = []
    suggested = None
    if with_plan and not evaluation.satisfied:
        have = {e.key for e in earned if e.key} | {e.recognised_as for e in earned if e.recognised_as}
        offers = catalogue(today=today, exclude=have)
        for offer in offers:
            titles.setdefault(offer.key, dict(offer.title))
            levels.setdefault(offer.key, offer.eqf_level)
        suggested = engine.plan(parsed, earned, offers, today=today, objective=objective, titles=titles)
    return LearnerEvaluation(version, parsed, record, evaluation, suggested, titles, levels)


def parts_of(result: LearnerEvaluation) -> list[dict[str, Any]]:
    """The parts a stacked credential names: the record items that count towards the pathway."""
    parts = []
    for earned_id in result.evaluation.assignments:
        if not result.evaluation.assignments[earned_id]:
            continue
        item = result.item(earned_id)
        if item is None:
            continue
        iri = item.achievement or ""
        if not iri.split(":", 1)[0].isalpha():
            continue
        parts.append(
            {
                "earned": earned_id,
                "achievement": iri,
                "title": dict(item.earned.title),
                "source": item.earned.source,
                "provider": item.earned.provider,
                "awarded_on": item.earned.earned_on.isoformat(),
                "country": item.country,
                "credits_ects": item.earned.credits_granted
                if item.earned.credits_granted is not None
                else item.earned.credits_ects,
            }
        )
    return parts
