"""The JSON API: one NinjaAPI; every Wisam app with an `api.py` exposing `router` is mounted at /api/<app>/.

OpenAPI is published at /api/openapi.json and browsable at /api/docs.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Wisam API",
    version="1",
    description="Wisam (وسام): the national micro-credential platform. Every call passes the same "
    "institution-scoped permission policy as the web pages.",
    auth=django_auth,
    urls_namespace="api",
)


def _register_routers() -> None:
    for app in settings.INSTALLED_APPS:
        if app.startswith("wisam.") and find_spec(f"{app}.api") is not None:
            module = import_module(f"{app}.api")
            router = getattr(module, "router", None)
            if router is not None:
                api.add_router(f"/{app.removeprefix('wisam.')}/", router)


_register_routers()
