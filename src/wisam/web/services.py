"""Writes the web shell makes on a person's own account."""

from __future__ import annotations

from django.conf import settings

from wisam.institutions.models import User


def preferred_language_set(*, user: User, language: str) -> User:
    """Remember the language a person chose; unknown codes are ignored rather than stored."""
    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return user
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user
