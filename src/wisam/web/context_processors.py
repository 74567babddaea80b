"""Values every page needs: text direction, the signed-in person's roles, the language switcher."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from wisam.institutions.roles import Role

# Each language's own name, so a reader finds their language whatever the page's language is.
NATIVE_NAMES = {"ar": "العربية", "en": "English"}


def shell(request: HttpRequest) -> dict[str, Any]:
    from wisam.institutions.selectors import user_roles

    language = translation.get_language() or settings.LANGUAGE_CODE
    roles = user_roles(request.user) if request.user.is_authenticated else set()
    labels = [str(role.label) for role in Role if role.value in roles]
    if getattr(request.user, "is_staff", False):
        labels.append(str(_("Platform staff")))
    return {
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "current_language": language,
        "current_roles": roles,
        "current_role_labels": labels,
        "other_languages": [
            {"code": code, "name": NATIVE_NAMES.get(code, str(name))}
            for code, name in settings.LANGUAGES
            if code != language
        ],
    }
