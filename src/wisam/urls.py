"""The URL map: public pages, signed-in pages, the JSON API (OpenAPI at /api/docs) and the admin site."""

from django.contrib import admin
from django.urls import include, path

from wisam.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("wisam.web.urls")),
]
