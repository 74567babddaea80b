"""Writes for micro-credential specifications; each runs in one transaction and records a domain event.

The public interface other apps use (the quality workflow in particular):

- `micro_credential_create(*, organisation, code, title, actor, unit=None, fields=None) -> SpecificationVersion`
- `specification_version_update(*, version, actor, fields) -> SpecificationVersion` (refuses frozen versions)
- `specification_item_add / specification_item_update / specification_item_remove` for outcomes, activities,
  assessments and KPIs
- `specification_version_load(*, version, data, actor)`: fill a draft from plain data, children included (the
  demo, imports and the API's full update use it)
- `specification_version_create_next(*, version, actor) -> SpecificationVersion` (copies every child)
- `specification_version_set_status(*, version, status, actor, note="") -> SpecificationVersion`: the only way a
  version's status changes; the quality workflow guards the transitions and calls this. Leaving an editable status
  freezes the version (`frozen_at`); "changes requested" opens it for editing again.

Permissions are not checked here: views and API endpoints ask `wisam.core.policy` before calling a service.
Validation is: the services raise `django.core.exceptions.ValidationError` keyed by field name, and both the forms
and the API show those errors next to the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.core.events import event_record
from wisam.core.i18n import CONTENT_LANGUAGES, TranslatedField
from wisam.design import vocab
from wisam.design.models import (
    EDITABLE_STATUSES,
    Assessment,
    Kpi,
    LearningActivity,
    LearningOutcome,
    MicroCredential,
    SpecificationVersion,
    VersionStatus,
)

__all__ = [
    "ITEM_MODELS",
    "VERSION_FIELDS",
    "SpecificationFrozenError",
    "micro_credential_create",
    "specification_item_add",
    "specification_item_remove",
    "specification_item_reorder",
    "specification_item_update",
    "specification_version_create_next",
    "specification_version_load",
    "specification_version_set_status",
    "specification_version_update",
]

# Every content field of a version (the building blocks); status, numbering and timestamps are not content.
_NOT_CONTENT = {"id", "micro_credential", "number", "status", "created_from", "created_by", "created_at"}
_NOT_CONTENT |= {"updated_at", "frozen_at"}
VERSION_FIELDS: tuple[str, ...] = tuple(
    f.name for f in SpecificationVersion._meta.concrete_fields if f.name not in _NOT_CONTENT
)

ITEM_MODELS: dict[str, type[models.Model]] = {
    "outcome": LearningOutcome,
    "activity": LearningActivity,
    "assessment": Assessment,
    "kpi": Kpi,
}
# The content fields of each child model (relations to outcomes included).
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "outcome": ("text", "skills"),
    "activity": ("title", "description", "kind", "hours", "outcomes"),
    "assessment": ("title", "method", "purpose", "weighting", "criteria", "outcomes"),
    "kpi": ("name", "target", "instrument"),
}


class SpecificationFrozenError(ValidationError):
    """A submitted or approved version cannot be changed; start a new version instead."""

    def __init__(self, version: SpecificationVersion) -> None:
        super().__init__(
            _("Version %(number)s is “%(status)s” and can no longer be changed. Start a new version to make changes.")
            % {"number": version.number, "status": version.get_status_display()},
            code="frozen",
        )


# --- validation shared by every write ----------------------------------------------------------------------------


def _clean_translated(name: str, value: Any, current: Any) -> dict[str, str]:
    """Accept {"ar": ..., "en": ...} (missing languages keep their current text) or a plain string (Arabic)."""
    if value is None:
        value = {}
    if isinstance(value, str):
        value = {"ar": value}
    if not isinstance(value, Mapping):
        raise ValidationError({name: _("A translated text must map language codes to texts.")}, code="invalid")
    merged = {code: str((current or {}).get(code, "")) for code in CONTENT_LANGUAGES}
    for code, text in value.items():
        if code not in CONTENT_LANGUAGES:
            raise ValidationError({name: _("Unknown language “%(code)s”.") % {"code": code}}, code="invalid")
        if text is not None and not isinstance(text, str):
            raise ValidationError({name: _("A translated text must map language codes to texts.")}, code="invalid")
        merged[code] = (text or "").strip()
    return merged


def _clean_languages(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [part.strip() for part in value.replace(",", " ").split()]
    if not isinstance(value, list | tuple):
        raise ValidationError({"languages": _("Give a list of language codes, e.g. ar, en.")}, code="invalid")
    known = vocab.language_codes()
    codes: list[str] = []
    for code in value:
        code = str(code).strip().lower()
        if not code:
            continue
        if code not in known:
            raise ValidationError({"languages": _("Unknown language code “%(code)s”.") % {"code": code}})
        if code not in codes:
            codes.append(code)
    return codes


def _clean_skills(value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise ValidationError({"skills": _("Give a list of ESCO skill addresses.")}, code="invalid")
    uris: list[str] = []
    for uri in value:
        uri = str(uri).strip()
        if not vocab.skill_exists(uri):
            raise ValidationError({"skills": _("Unknown ESCO skill “%(uri)s”.") % {"uri": uri}}, code="invalid")
        if uri not in uris:
            uris.append(uri)
    return uris


def _assign(instance: models.Model, allowed: Iterable[str], fields: Mapping[str, Any]) -> list[str]:
    """Set `fields` on `instance` after validating them like a form would; return the names that changed."""
    allowed = set(allowed)
    changed: list[str] = []
    errors: dict[str, list[Any]] = {}
    for name, value in fields.items():
        if name not in allowed:
            errors.setdefault(name, []).append(_("This field cannot be changed here."))
            continue
        field = instance._meta.get_field(name)
        try:
            if isinstance(field, TranslatedField):
                value = _clean_translated(name, value, getattr(instance, name))
            elif name == "languages":
                value = _clean_languages(value)
            elif name == "skills":
                value = _clean_skills(value)
            elif name == "nqf_level" and value not in (None, ""):
                value = int(value)
                if not vocab.nqf_level_exists(value):
                    raise ValidationError({name: _("There is no NQF level %(level)s.") % {"level": value}})
            elif value == "" and getattr(field, "null", False):
                value = None
            elif value is None and not getattr(field, "null", False) and getattr(field, "blank", False):
                value = ""
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.message_dict.get(name, error.messages))
            continue
        except (TypeError, ValueError):
            errors.setdefault(name, []).append(_("Enter a whole number."))
            continue
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    exclude = [f.name for f in instance._meta.concrete_fields if f.name not in changed]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return changed


def _ensure_editable(version: SpecificationVersion) -> None:
    if version.status not in EDITABLE_STATUSES:
        raise SpecificationFrozenError(version)


def _locked(version: SpecificationVersion) -> SpecificationVersion:
    return SpecificationVersion.objects.select_for_update().select_related("micro_credential").get(pk=version.pk)


def _record(action: str, version: SpecificationVersion, actor: Any, payload: Mapping[str, Any]) -> None:
    event_record(
        action=action,
        subject=version,
        actor=actor,
        organisation=version.micro_credential.organisation,
        payload={"micro_credential": version.micro_credential.code, "version": version.number, **payload},
    )


# --- micro-credentials and versions ------------------------------------------------------------------------------


@transaction.atomic
def micro_credential_create(
    *,
    organisation: Any,
    code: str,
    title: Mapping[str, str] | str,
    actor: Any,
    unit: Any = None,
    fields: Mapping[str, Any] | None = None,
) -> SpecificationVersion:
    """Create a micro-credential of `organisation` and its first version (a draft); returns that version."""
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("Give the micro-credential a short code.")}, code="required")
    if MicroCredential.objects.filter(organisation=organisation, code__iexact=code).exists():
        raise ValidationError({"code": _("This institution already has a micro-credential with this code.")})
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
    if not getattr(organisation, "is_higher_education", False):
        raise ValidationError({"organisation": _("Only higher-education institutions design micro-credentials.")})
    micro_credential = MicroCredential(organisation=organisation, unit=unit, code=code, created_by=_user(actor))
    micro_credential.full_clean()
    micro_credential.save()
    version = SpecificationVersion(
        micro_credential=micro_credential,
        number=1,
        created_by=_user(actor),
        awarding_body=dict(organisation.name),
        awarding_country=organisation.country or "PS",
    )
    values = {"title": title, **dict(fields or {})}
    _assign(version, VERSION_FIELDS, values)
    version.save()
    _record("specification.created", version, actor, {"title": version.title})
    return version


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def specification_version_update(
    *, version: SpecificationVersion, actor: Any, fields: Mapping[str, Any]
) -> SpecificationVersion:
    """Change content fields of an editable version (partial: only the named fields); refuses frozen versions."""
    version = _locked(version)
    _ensure_editable(version)
    changed = _assign(version, VERSION_FIELDS, fields)
    if changed:
        version.save()
        _record("specification.updated", version, actor, {"fields": changed})
    return version


def _item_version(item: models.Model) -> SpecificationVersion:
    version: SpecificationVersion = getattr(item, "version")  # noqa: B009 - every item model has one
    return version


def _set_outcome_links(item: models.Model, version: SpecificationVersion, value: Any) -> bool:
    if not isinstance(value, list | tuple):
        raise ValidationError({"outcomes": _("Give a list of learning outcomes.")}, code="invalid")
    try:
        wanted = {int(pk) for pk in value}
    except (TypeError, ValueError):
        raise ValidationError({"outcomes": _("Give a list of learning outcomes.")}, code="invalid") from None
    valid = set(version.outcomes.filter(pk__in=wanted).values_list("pk", flat=True))
    if valid != wanted:
        raise ValidationError({"outcomes": _("Every linked outcome must belong to this version.")}, code="invalid")
    current = set(item.outcomes.values_list("pk", flat=True))  # type: ignore[attr-defined]
    if current == wanted:
        return False
    item.outcomes.set(wanted)  # type: ignore[attr-defined]
    return True


def _derive_bloom(item: LearningOutcome) -> None:
    from wisam.design.linter.verbs import outcome_bloom_level

    item.bloom_level = outcome_bloom_level(item.text)


@transaction.atomic
def specification_item_add(
    *, version: SpecificationVersion, kind: str, actor: Any, fields: Mapping[str, Any] | None = None
) -> models.Model:
    """Add an outcome, activity, assessment or KPI (`kind`) at the end of the version's list."""
    if kind not in ITEM_MODELS:
        raise ValidationError({"kind": _("Unknown kind of item.")}, code="invalid")
    version = _locked(version)
    _ensure_editable(version)
    model = ITEM_MODELS[kind]
    siblings = model._default_manager.filter(version=version)
    order = (siblings.aggregate(top=Max("order"))["top"] or 0) + 1
    item = model(version=version, order=order)
    values = dict(fields or {})
    links = values.pop("outcomes", None)
    _assign(item, ITEM_FIELDS[kind], values)
    if isinstance(item, LearningOutcome):
        _derive_bloom(item)
    item.save()
    if links is not None:
        _set_outcome_links(item, version, links)
    _record("specification.item_added", version, actor, {"kind": kind, "item": item.pk})
    return item


@transaction.atomic
def specification_item_update(*, item: models.Model, actor: Any, fields: Mapping[str, Any]) -> models.Model:
    version = _locked(_item_version(item))
    _ensure_editable(version)
    kind = next(name for name, model in ITEM_MODELS.items() if isinstance(item, model))
    values = dict(fields)
    links = values.pop("outcomes", None)
    changed = _assign(item, ITEM_FIELDS[kind], values)
    if links is not None and "outcomes" not in ITEM_FIELDS[kind]:
        raise ValidationError({"outcomes": _("This field cannot be changed here.")})
    if isinstance(item, LearningOutcome) and "text" in changed:
        _derive_bloom(item)
    if changed:
        item.save()
    if links is not None and _set_outcome_links(item, version, links):
        changed.append("outcomes")
    if changed:
        _record("specification.item_updated", version, actor, {"kind": kind, "item": item.pk, "fields": changed})
    return item


@transaction.atomic
def specification_item_remove(*, item: models.Model, actor: Any) -> None:
    version = _locked(_item_version(item))
    _ensure_editable(version)
    kind = next(name for name, model in ITEM_MODELS.items() if isinstance(item, model))
    pk = item.pk
    item.delete()
    _record("specification.item_removed", version, actor, {"kind": kind, "item": pk})


@transaction.atomic
def specification_item_reorder(*, version: SpecificationVersion, kind: str, order: list[int], actor: Any) -> None:
    """Put the items of `kind` in the order of the given ids (ids not named keep their place after them)."""
    version = _locked(version)
    _ensure_editable(version)
    model = ITEM_MODELS[kind]
    items = {obj.pk: obj for obj in model._default_manager.filter(version=version)}
    sequence = [pk for pk in order if pk in items] + [pk for pk in items if pk not in order]
    for position, pk in enumerate(sequence, start=1):
        model._default_manager.filter(pk=pk).update(order=position)
    _record("specification.items_reordered", version, actor, {"kind": kind, "order": sequence})


@transaction.atomic
def specification_version_create_next(*, version: SpecificationVersion, actor: Any) -> SpecificationVersion:
    """Start a new draft version from `version`, copying every field and child (outcome links included).

    Refused while the micro-credential still has a version being edited (there is one draft at a time).
    """
    micro_credential = MicroCredential.objects.select_for_update().get(pk=version.micro_credential_id)
    open_version = micro_credential.versions.filter(status__in=EDITABLE_STATUSES).first()
    if open_version is not None:
        raise ValidationError(
            _("Version %(number)s is still being edited; finish it before starting a new one.")
            % {"number": open_version.number},
            code="open_draft",
        )
    source = SpecificationVersion.objects.get(pk=version.pk)
    number = (micro_credential.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    new = SpecificationVersion.objects.get(pk=source.pk)
    new.pk = None
    new.id = None
    new._state.adding = True
    new.number = number
    new.status = VersionStatus.DRAFT
    new.created_from = source
    new.created_by = _user(actor)
    new.frozen_at = None
    new.change_log = {}
    new.save()
    outcome_map: dict[int, LearningOutcome] = {}
    for outcome in source.outcomes.all():
        old_pk = outcome.pk
        outcome.pk = None
        outcome.id = None
        outcome._state.adding = True
        outcome.version = new
        outcome.save()
        outcome_map[old_pk] = outcome
    for model in (LearningActivity, Assessment):
        for child in model._default_manager.filter(version=source).prefetch_related("outcomes"):
            linked = [outcome_map[o.pk] for o in child.outcomes.all()]
            child.pk = None
            child.id = None
            child._state.adding = True
            child.version = new
            child.save()
            child.outcomes.set(linked)
    for kpi in source.kpis.all():
        kpi.pk = None
        kpi.id = None
        kpi._state.adding = True
        kpi.version = new
        kpi.save()
    _record("specification.version_created", new, actor, {"from_version": source.number})
    return new


@transaction.atomic
def specification_version_set_status(
    *, version: SpecificationVersion, status: str, actor: Any, note: str = ""
) -> SpecificationVersion:
    """Move a version to `status` (a `VersionStatus` value) and record it; guards live in the quality workflow.

    Leaving an editable status freezes the version (sets `frozen_at`); moving back to an editable one (changes
    requested) opens it again. Only one version per micro-credential may be editable at a time.
    """
    if status not in VersionStatus.values:
        raise ValidationError({"status": _("Unknown status “%(status)s”.") % {"status": status}}, code="invalid")
    version = _locked(version)
    previous = version.status
    if previous == status:
        return version
    if status in EDITABLE_STATUSES and previous not in EDITABLE_STATUSES:
        other = (
            SpecificationVersion.objects.filter(micro_credential_id=version.micro_credential_id)
            .exclude(pk=version.pk)
            .filter(status__in=EDITABLE_STATUSES)
            .first()
        )
        if other is not None:
            raise ValidationError(
                {"status": _("Version %(number)s is already being edited.") % {"number": other.number}},
                code="open_draft",
            )
    version.status = status
    if status not in EDITABLE_STATUSES and previous in EDITABLE_STATUSES:
        version.frozen_at = timezone.now()
    version.save(update_fields=["status", "frozen_at", "updated_at"])
    _record("specification.status_changed", version, actor, {"from": previous, "to": status, "note": note})
    return version


@transaction.atomic
def specification_version_load(
    *, version: SpecificationVersion, data: Mapping[str, Any], actor: Any
) -> SpecificationVersion:
    """Fill an editable version from plain data: the named fields, and each child list given is replaced whole.

    Children are given as lists of dicts with their fields; activities and assessments name the outcomes they serve
    by the outcome's "key" or by its 1-based position.
    """
    fields = {name: value for name, value in data.items() if name in VERSION_FIELDS}
    version = specification_version_update(version=version, actor=actor, fields=fields)
    errors: dict[str, list[Any]] = {}
    keys: dict[str, int] = {}
    if "outcomes" in data:
        version.outcomes.all().delete()
        for position, raw in enumerate(data["outcomes"] or (), start=1):
            item = dict(raw) if isinstance(raw, Mapping) else {"text": raw}
            key = str(item.pop("key", position))
            item.pop("id", None)
            try:
                outcome = specification_item_add(version=version, kind="outcome", actor=actor, fields=item)
            except ValidationError as error:
                errors.setdefault(f"outcomes[{position}]", []).extend(error.messages)
                continue
            keys[key] = keys[str(position)] = outcome.pk
    else:
        keys = {str(n): o.pk for n, o in enumerate(version.outcomes.all(), start=1)}
    for kind, name in (("activity", "activities"), ("assessment", "assessments"), ("kpi", "kpis")):
        if name not in data:
            continue
        ITEM_MODELS[kind]._default_manager.filter(version=version).delete()
        for position, raw in enumerate(data[name] or (), start=1):
            item = {k: v for k, v in dict(raw).items() if k not in ("key", "id")}
            if "outcomes" in item:
                item["outcomes"] = [keys.get(str(ref), -1) for ref in item["outcomes"] or ()]
            try:
                specification_item_add(version=version, kind=kind, actor=actor, fields=item)
            except ValidationError as error:
                errors.setdefault(f"{name}[{position}]", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return version
