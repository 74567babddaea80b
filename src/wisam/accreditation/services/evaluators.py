"""The evaluator registry, declared conflicts of interest and the panel of an application."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Application,
    Conflict,
    Evaluator,
    PanelMember,
    PanelRole,
)
from wisam.accreditation.services.common import _lock, _record, _touch
from wisam.accreditation.workflow import ApplicationState as S
from wisam.core.events import event_record
from wisam.institutions.models import Membership, Organisation
from wisam.institutions.roles import Role


@transaction.atomic
def evaluator_register(
    *,
    user: Any,
    isced_codes: Sequence[str] = (),
    levels: Sequence[int] = (),
    biography: Mapping[str, str] | None = None,
    actor: Any,
) -> Evaluator:
    """Add a person to the evaluator registry, or update their expertise."""
    if not Membership.objects.current().filter(user=user, role=Role.AQAC_EVALUATOR).exists():
        raise ValidationError(_("Only a person who holds the AQAC evaluator role can be in the registry."))
    evaluator, created = Evaluator.objects.update_or_create(
        user=user,
        defaults={
            "isced_codes": [str(c).strip() for c in isced_codes if str(c).strip()],
            "levels": sorted({int(level) for level in levels}),
            "biography": dict(biography or {}),
        },
    )
    event_record(
        action="accreditation.evaluator." + ("registered" if created else "updated"),
        subject=evaluator,
        actor=actor,
        payload={"isced_codes": evaluator.isced_codes, "levels": evaluator.levels},
    )
    return evaluator


@transaction.atomic
def conflict_declare(*, evaluator: Evaluator, organisation: Organisation, reason: str, actor: Any) -> Conflict:
    conflict, _created = Conflict.objects.get_or_create(
        evaluator=evaluator, organisation=organisation, defaults={"reason": reason}
    )
    event_record(
        action="accreditation.evaluator.conflict_declared",
        subject=evaluator,
        actor=actor,
        organisation=organisation,
        payload={"organisation": organisation.slug, "reason": reason},
    )
    return conflict


def evaluator_conflicts(*, evaluator: Evaluator, organisation: Any) -> list[str]:
    """Why `evaluator` may not evaluate for `organisation` (empty: no conflict)."""
    reasons = []
    if Membership.objects.filter(user=evaluator.user, organisation=organisation).exists():
        reasons.append(
            _("%(name)s holds (or held) a role at %(organisation)s, the applicant institution.")
            % {"name": evaluator.user, "organisation": organisation}
        )
    conflict = Conflict.objects.filter(evaluator=evaluator, organisation=organisation).first()
    if conflict is not None:
        reasons.append(
            _("%(name)s declared a conflict of interest with %(organisation)s: %(reason)s")
            % {"name": evaluator.user, "organisation": organisation, "reason": conflict.reason or "—"}
        )
    return reasons


@transaction.atomic
def panel_assign(
    *,
    application: Application,
    evaluator: Evaluator,
    actor: Any,
    role: str = PanelRole.MEMBER,
    expected_lock_version: int | None = None,
) -> PanelMember:
    """Put an evaluator on the panel; refused for a conflict of interest. A new chair replaces the old one."""
    locked = _lock(application, states=(S.PANEL,), expected_lock_version=expected_lock_version)
    if not evaluator.is_active:
        raise ValidationError(_("This evaluator is not active in the registry."), code="inactive")
    reasons = evaluator_conflicts(evaluator=evaluator, organisation=locked.organisation)
    if reasons:
        raise ValidationError(reasons, code="conflict_of_interest")
    if role not in PanelRole.values:
        raise ValidationError(_("Unknown panel role."), code="role")
    if role == PanelRole.CHAIR:
        PanelMember.objects.filter(application=locked, role=PanelRole.CHAIR).update(role=PanelRole.MEMBER)
    member, _created = PanelMember.objects.update_or_create(
        application=locked, evaluator=evaluator, defaults={"role": role}
    )
    _touch(locked)
    _record("panel_assigned", locked, actor, {"evaluator": evaluator.user.email, "role": role})
    return member


@transaction.atomic
def panel_remove(*, member: PanelMember, actor: Any) -> None:
    locked = _lock(member.application, states=(S.PANEL,))
    email = member.evaluator.user.email
    member.delete()
    _touch(locked)
    _record("panel_removed", locked, actor, {"evaluator": email})
