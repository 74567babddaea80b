"""Writes for organisations, units, people and memberships; each change is recorded as a domain event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.core.changes import apply_changes
from wisam.core.events import event_record
from wisam.core.policy import forget_roles
from wisam.institutions.models import (
    LearnerProfile,
    Membership,
    Organisation,
    OrganisationUnit,
    User,
)
from wisam.institutions.roles import Role, role_allowed_in


@transaction.atomic
def organisation_create(
    *,
    slug: str,
    kind: str,
    name: dict[str, str],
    actor: Any = None,
    **fields: Any,
) -> Organisation:
    organisation = Organisation(slug=slug, kind=kind, name=name, **fields)
    organisation.full_clean()
    organisation.save()
    event_record(
        action="organisation.created",
        subject=organisation,
        organisation=organisation,
        actor=actor,
        payload={"slug": slug, "kind": kind, "name": name},
    )
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor: Any, **fields: Any) -> Organisation:
    changed = apply_changes(organisation, fields)
    if changed:
        organisation.full_clean()
        organisation.save()
        event_record(
            action="organisation.updated",
            subject=organisation,
            organisation=organisation,
            actor=actor,
            payload={"changed": changed},
        )
    return organisation


@transaction.atomic
def unit_create(
    *,
    organisation: Organisation,
    kind: str,
    name: dict[str, str],
    parent: OrganisationUnit | None = None,
    actor: Any = None,
) -> OrganisationUnit:
    unit = OrganisationUnit(organisation=organisation, kind=kind, name=name, parent=parent)
    unit.full_clean()
    unit.save()
    event_record(
        action="unit.created",
        subject=unit,
        organisation=organisation,
        actor=actor,
        payload={"kind": kind, "name": name},
    )
    return unit


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: dict[str, str],
    password: str | None = None,
    preferred_language: str = "ar",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User(
        email=email,
        full_name=full_name,
        preferred_language=preferred_language,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    unit: OrganisationUnit | None = None,
    title: dict[str, str] | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    actor: Any = None,
) -> Membership:
    """Give `user` a role in `organisation`; refuses roles that do not belong to that kind of organisation."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not role_allowed_in(role, organisation.kind):
        raise ValidationError(
            {
                "role": _("The role “%(role)s” cannot be held in a %(kind)s.")
                % {"role": Role(role).label, "kind": organisation.get_kind_display()}
            }
        )
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end date must not be before the start date.")})
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"unit": unit, "title": title or {}, "valid_from": valid_from, "valid_until": valid_until},
    )
    if not created:
        membership.is_active = True
        membership.unit = unit
        membership.title = title or membership.title
        membership.valid_from = valid_from
        membership.valid_until = valid_until
        membership.save()
    event_record(
        action="membership.granted",
        subject=membership,
        organisation=organisation,
        actor=actor,
        payload={"user": user.email, "role": role, "unit": unit.pk if unit else None},
    )
    forget_roles(user)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor: Any, reason: str = "") -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.valid_until = timezone.localdate()
    membership.save(update_fields=["is_active", "valid_until"])
    event_record(
        action="membership.ended",
        subject=membership,
        organisation=membership.organisation,
        actor=actor,
        payload={"user": membership.user.email, "role": membership.role, "reason": reason},
    )
    forget_roles(membership.user)
    return membership


@transaction.atomic
def learner_register(
    *,
    user: User,
    national_id: str = "",
    gender: str = "",
    birth_year: int | None = None,
    region: str = "",
) -> LearnerProfile:
    profile, _created = LearnerProfile.objects.update_or_create(
        user=user,
        defaults={
            "national_id_hash": LearnerProfile.hash_national_id(national_id) if national_id else "",
            "gender": gender,
            "birth_year": birth_year,
            "region": region,
        },
    )
    profile.full_clean()
    return profile
