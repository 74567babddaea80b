"""JSON API for the national directory of organisations and for people's own memberships."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from wisam.core.i18n import translated
from wisam.core.policy import require, scope
from wisam.institutions.models import Membership, Organisation
from wisam.institutions.selectors import memberships_of, organisations_public

router = Router(tags=["institutions"])


class TranslatedOut(Schema):
    ar: str = ""
    en: str = ""


class OrganisationOut(Schema):
    slug: str
    kind: str
    name: TranslatedOut
    display_name: str
    region: str
    country: str
    website: str


class MembershipOut(Schema):
    organisation: str
    role: str
    role_label: str
    unit: str | None


def _organisation_out(organisation: Organisation) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "kind": organisation.kind,
        "name": organisation.name,
        "display_name": translated(organisation.name),
        "region": organisation.region,
        "country": organisation.country,
        "website": organisation.website,
    }


def _membership_out(membership: Membership) -> dict[str, Any]:
    return {
        "organisation": membership.organisation.slug,
        "role": membership.role,
        "role_label": str(membership.get_role_display()),
        "unit": translated(membership.unit.name) if membership.unit else None,
    }


@router.get("/organisations", response=list[OrganisationOut], auth=None, summary="The national directory")
def list_organisations(request: HttpRequest, kind: str | None = None) -> list[dict[str, Any]]:
    return [_organisation_out(o) for o in organisations_public(kind=kind)]


@router.get("/organisations/{slug}", response=OrganisationOut, auth=None)
def get_organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    organisation = get_object_or_404(Organisation, slug=slug, is_active=True)
    require(request.user, "organisation.view", organisation)
    return _organisation_out(organisation)


@router.get("/organisations/{slug}/members", response=list[MembershipOut])
def list_members(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request.user, "organisation.view_members", organisation)
    memberships = scope(
        request.user,
        "membership.view",
        Membership.objects.current().filter(organisation=organisation).select_related("organisation", "unit"),
    )
    return [_membership_out(m) for m in memberships]


@router.get("/me/memberships", response=list[MembershipOut])
def my_memberships(request: HttpRequest) -> list[dict[str, Any]]:
    return [_membership_out(m) for m in memberships_of(request.user)]
