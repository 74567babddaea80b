"""Values every page needs: text direction, the signed-in person's roles, the language switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation


def shell(request: HttpRequest) -> dict[str, Any]:
    from wisam.institutions.selectors import user_roles

    language = translation.get_language() or "ar"
    return {
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "current_language": language,
        "current_roles": user_roles(request.user) if request.user.is_authenticated else set(),
    }
