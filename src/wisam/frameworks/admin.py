"""Django admin for frameworks and vocabularies, so AQAC staff can edit levels, mappings, conversions and skills."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import translated
from wisam.frameworks.models import (
    CreditConversion,
    CreditSystem,
    DataRelease,
    EscoSkill,
    FrameworkLevel,
    IscedField,
    Language,
    LevelMapping,
    QualificationFramework,
    Vocabulary,
    VocabularyConcept,
)
from wisam.frameworks.services import framework_set_default, is_edited_locally


class CuratedAdmin(admin.ModelAdmin):
    """Shows where a row came from; `data_fingerprint` is read-only because the loader owns it."""

    readonly_fields: ClassVar[list[str] | tuple[str, ...]] = ("data_version", "data_fingerprint")

    @admin.display(description=_("edited locally"), boolean=True)
    def edited_locally(self, obj: Any) -> bool:
        return is_edited_locally(obj)


def _name(obj: Any) -> str:
    return translated(getattr(obj, "name", None) or getattr(obj, "label", None))


class FrameworkLevelInline(admin.TabularInline):
    model = FrameworkLevel
    extra = 0
    fields = ("code", "ordinal", "name", "uri", "is_active")
    show_change_link = True


@admin.register(QualificationFramework)
class QualificationFrameworkAdmin(CuratedAdmin):
    list_display = (
        "code",
        "version",
        "display_name",
        "status",
        "is_default",
        "is_active",
        "data_version",
        "edited_locally",
    )
    list_filter = ("status", "is_default", "is_active")
    search_fields = ("code", "version", "name", "owner")
    inlines = (FrameworkLevelInline,)
    actions = ("make_default",)

    @admin.display(description=_("name"))
    def display_name(self, obj: QualificationFramework) -> str:
        return _name(obj)

    @admin.action(description=_("Make the national default framework"))
    def make_default(self, request: Any, queryset: Any) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one framework."), messages.ERROR)
            return
        framework = framework_set_default(framework=queryset.get())
        self.message_user(request, _("%(framework)s is now the national default.") % {"framework": framework})

    def save_model(self, request: Any, obj: QualificationFramework, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.is_default:
            framework_set_default(framework=obj)


@admin.register(FrameworkLevel)
class FrameworkLevelAdmin(CuratedAdmin):
    list_display = ("__str__", "ordinal", "display_name", "framework", "is_active", "edited_locally")
    list_filter = ("framework", "is_active")
    search_fields = ("code", "name", "knowledge", "skills", "competence")
    list_select_related = ("framework",)

    @admin.display(description=_("name"))
    def display_name(self, obj: FrameworkLevel) -> str:
        return _name(obj)


@admin.register(LevelMapping)
class LevelMappingAdmin(CuratedAdmin):
    list_display = ("source", "target", "relation", "is_active", "data_version", "edited_locally")
    list_filter = ("relation", "source__framework", "target__framework", "is_active")
    search_fields = ("source__code", "target__code", "basis")
    autocomplete_fields = ("source", "target")
    list_select_related = ("source__framework", "target__framework")


@admin.register(CreditSystem)
class CreditSystemAdmin(CuratedAdmin):
    list_display = (
        "code",
        "display_name",
        "hours_per_credit_min",
        "hours_per_credit_max",
        "hours_per_credit_default",
        "is_active",
    )
    list_filter = ("is_active",)
    search_fields = ("code", "name")

    @admin.display(description=_("name"))
    def display_name(self, obj: CreditSystem) -> str:
        return _name(obj)


@admin.register(CreditConversion)
class CreditConversionAdmin(CuratedAdmin):
    list_display = (
        "__str__",
        "from_system",
        "to_system",
        "factor",
        "from_hours",
        "to_hours",
        "is_active",
        "edited_locally",
    )
    list_filter = ("from_system", "to_system", "is_active")
    search_fields = ("from_system__code", "to_system__code", "basis")


@admin.register(IscedField)
class IscedFieldAdmin(CuratedAdmin):
    list_display = ("code", "display_name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    ordering = ("code",)

    @admin.display(description=_("name"))
    def display_name(self, obj: IscedField) -> str:
        return _name(obj)


@admin.register(Language)
class LanguageAdmin(CuratedAdmin):
    list_display = ("code", "authority_code", "display_name", "native_name", "is_rtl", "ordinal", "is_active")
    list_filter = ("is_rtl", "is_active")
    search_fields = ("code", "authority_code", "name", "native_name")

    @admin.display(description=_("name"))
    def display_name(self, obj: Language) -> str:
        return _name(obj)


@admin.register(EscoSkill)
class EscoSkillAdmin(CuratedAdmin):
    list_display = (
        "display_label",
        "label_ar",
        "skill_type",
        "reuse_level",
        "display_sectors",
        "uri",
        "is_active",
        "edited_locally",
    )
    list_filter = ("skill_type", "reuse_level", "is_active", "esco_version")
    search_fields = ("uri", "search_ar", "search_en")
    filter_horizontal = ("isced_fields",)
    readonly_fields = ("data_version", "data_fingerprint", "search_ar", "search_en")

    @admin.display(description=_("label"))
    def display_label(self, obj: EscoSkill) -> str:
        return translated(obj.label, "en")

    @admin.display(description=_("Arabic label"))
    def label_ar(self, obj: EscoSkill) -> str:
        return translated(obj.label, "ar")

    @admin.display(description=_("sectors"))
    def display_sectors(self, obj: EscoSkill) -> str:
        return ", ".join(obj.sectors or [])

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        from wisam.frameworks.text import search_key

        # The search columns hold normalised text, so the admin's box gets the same Arabic normalisation.
        return super().get_search_results(request, queryset, search_key(search_term) or search_term)


class VocabularyConceptInline(admin.TabularInline):
    model = VocabularyConcept
    extra = 0
    fields = ("code", "uri", "uri_verified", "label", "notation", "ordinal", "is_active")


@admin.register(Vocabulary)
class VocabularyAdmin(CuratedAdmin):
    list_display = ("code", "display_name", "scheme_uri", "is_active", "data_version")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "scheme_uri")
    inlines = (VocabularyConceptInline,)

    @admin.display(description=_("name"))
    def display_name(self, obj: Vocabulary) -> str:
        return _name(obj)


@admin.register(VocabularyConcept)
class VocabularyConceptAdmin(CuratedAdmin):
    list_display = ("__str__", "display_label", "uri", "uri_verified", "is_active")
    list_filter = ("vocabulary", "uri_verified", "is_active")
    search_fields = ("code", "uri", "label", "notation")

    @admin.display(description=_("label"))
    def display_label(self, obj: VocabularyConcept) -> str:
        return _name(obj)


@admin.register(DataRelease)
class DataReleaseAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "file_name", "short_sha", "loaded_at")
    list_filter = ("name",)
    search_fields = ("name", "version", "sha256", "file_name")
    readonly_fields = ("name", "version", "sha256", "source", "license", "file_name", "loaded_at", "summary")

    @admin.display(description=_("SHA-256"))
    def short_sha(self, obj: DataRelease) -> str:
        return obj.sha256[:12]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
