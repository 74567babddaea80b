"""On sign-in, Wisam speaks the person's preferred language: the receiver activates it and marks the response."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

# The request attribute through which the receiver asks the view answering the sign-in to set the cookie.
LANGUAGE_ON_RESPONSE = "wisam_language_cookie"


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    language = getattr(user, "preferred_language", "")
    if request is None or language not in dict(settings.LANGUAGES):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    setattr(request, LANGUAGE_ON_RESPONSE, language)


def set_language_cookie(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Write the language chosen at sign-in into the cookie LocaleMiddleware reads on the next request."""
    language = getattr(request, LANGUAGE_ON_RESPONSE, None)
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=cast(Any, settings.LANGUAGE_COOKIE_SAMESITE),
        )
    return response


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="wisam.web.on_login")
