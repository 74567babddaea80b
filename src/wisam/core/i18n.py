"""The content translation layer: model fields that hold one text per language, and how to read them.

Interface strings use gettext; *content* (names, descriptors, learning outcomes) is typed by people in Arabic and
English and is stored as a JSON object {"ar": "...", "en": "..."}. New languages need no migration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

CONTENT_LANGUAGES: tuple[str, ...] = ("ar", "en")
LANGUAGE_DIRECTION = {"ar": "rtl", "en": "ltr"}


def content_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def translated(value: Mapping[str, str] | str | None, language: str | None = None) -> str:
    """The text of `value` in `language` (default: the active one), falling back to the other languages."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    order = [language, *(code for code in content_languages() if code != language)]
    for code in order:
        text = value.get(code)
        if text:
            return str(text)
    return next((str(text) for text in value.values() if text), "")


def bilingual(ar: str = "", en: str = "") -> dict[str, str]:
    """Build a translated value; used by data loaders, the demo and tests."""
    return {"ar": ar, "en": en}


def in_every_language(make: Callable[[], str]) -> dict[str, str]:
    """A text Wisam writes itself (`make` calls gettext), stored in every content language so that each reader later
    sees it in theirs, whatever language the writer's request ran in."""
    result = {}
    for code in CONTENT_LANGUAGES:
        with translation.override(code):
            result[code] = str(make())
    return result


def as_translated(value: Mapping[str, str] | str | None) -> dict[str, str]:
    """A translated value from a text typed by a person (kept under the language it is written in: Arabic when it
    uses Arabic script, English otherwise; readers of the other language see it as typed) or from a value that is
    translated already."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(code): str(text) for code, text in value.items()}
    text = value.strip()
    if not text:
        return {}
    return {"ar" if any("\u0600" <= char <= "\u06ff" for char in text) else "en": text}


class TranslatedTextWidget(forms.MultiWidget):
    """One input per content language, each with its own `lang` and `dir` so Arabic is typed right to left."""

    template_name = "core/widgets/translated_text.html"

    def __init__(self, multiline: bool = False, attrs: dict[str, Any] | None = None) -> None:
        widgets = []
        for code in CONTENT_LANGUAGES:
            base = {"lang": code, "dir": LANGUAGE_DIRECTION.get(code, "ltr"), **(attrs or {})}
            widgets.append(forms.Textarea(attrs={"rows": 3, **base}) if multiline else forms.TextInput(attrs=base))
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, Mapping):
            return [str(value.get(code, "")) for code in CONTENT_LANGUAGES]
        return ["" for _code in CONTENT_LANGUAGES]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for code, sub in zip(CONTENT_LANGUAGES, context["widget"]["subwidgets"], strict=True):
            sub["language_code"] = code
            sub["language_name"] = dict(settings.LANGUAGES).get(code, code)
        return context


class TranslatedFormField(forms.MultiValueField):
    """A form field for a translated text; `required_languages` names the languages that must be filled in."""

    def __init__(
        self,
        *,
        multiline: bool = False,
        required_languages: Iterable[str] = CONTENT_LANGUAGES,
        max_length: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.required_languages = tuple(required_languages)
        fields = tuple(forms.CharField(required=False, max_length=max_length) for _code in CONTENT_LANGUAGES)
        kwargs.setdefault("widget", TranslatedTextWidget(multiline=multiline))
        kwargs["require_all_fields"] = False
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list: list[str]) -> dict[str, str]:
        if not data_list:
            return {}
        return {code: (text or "").strip() for code, text in zip(CONTENT_LANGUAGES, data_list, strict=True)}

    def clean(self, value: Any) -> dict[str, str]:
        result: dict[str, str] = super().clean(value) or {}
        if self.required:
            names = dict(settings.LANGUAGES)
            missing = [str(names.get(code, code)) for code in self.required_languages if not result.get(code)]
            if missing:
                raise ValidationError(
                    _("Please fill in this text in: %(languages)s."),
                    code="missing_language",
                    params={"languages": ", ".join(missing)},
                )
        return result


def validate_translated(value: Any) -> None:
    if not isinstance(value, Mapping):
        raise ValidationError(_("A translated text must map language codes to texts."), code="invalid")
    for code, text in value.items():
        if not isinstance(code, str) or not isinstance(text, str):
            raise ValidationError(_("A translated text must map language codes to texts."), code="invalid")


class TranslatedField(models.JSONField):
    """A text in several languages, stored as {"ar": ..., "en": ...}."""

    description = "Text in several languages"

    def __init__(self, *args: Any, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_translated)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": TranslatedFormField,
            "multiline": self.multiline,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        defaults.pop("encoder", None)
        defaults.pop("decoder", None)
        return form_class(
            label=defaults.pop("label", self.verbose_name),
            help_text=defaults.pop("help_text", self.help_text),
            **{k: v for k, v in defaults.items() if k in {"multiline", "required", "required_languages", "widget"}},
        )


# Django 6.1's label for an empty choice has no Arabic in Django's own catalogue; naming it here keeps it in Wisam's
# shared catalogue (src/wisam/locale) whenever the messages are extracted again.
EMPTY_CHOICE_LABEL = gettext_noop("- Select an option -")
