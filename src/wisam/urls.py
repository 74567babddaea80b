"""The URL map: each Wisam app with a `urls.py` is mounted at /<app>/; the web shell owns the root.

The JSON API lives at /api/ (OpenAPI at /api/docs), the admin site at /admin/.
"""

from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from wisam.api import api
from wisam.credentials.views import did_json

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
for app in settings.INSTALLED_APPS:
    label = app.removeprefix("wisam.")
    if app.startswith("wisam.") and label != "web" and find_spec(f"{app}.urls") is not None:
        urlpatterns.append(path(f"{label}/", include(f"{app}.urls")))
# did:web resolvers look for an institution's DID document here, at the root of Wisam's address.
urlpatterns.append(path("institutions/<slug:slug>/did.json", did_json, name="institution-did"))
urlpatterns.append(path("", include("wisam.web.urls")))
