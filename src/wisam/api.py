"""The JSON API: one NinjaAPI that every app adds its router to; OpenAPI is published at /api/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from wisam import __doc__ as wisam_doc

api = NinjaAPI(
    title="Wisam API",
    version="1",
    description=str(wisam_doc),
    auth=django_auth,
    urls_namespace="api",
)


def _register_routers() -> None:
    from wisam.institutions.api import router as institutions_router

    api.add_router("/institutions/", institutions_router)


_register_routers()
