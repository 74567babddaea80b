"""Django admin for organisations, units, people and memberships (platform staff only)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import translated
from wisam.institutions.models import LearnerProfile, Membership, Organisation, OrganisationUnit, User


class UnitInline(admin.TabularInline):
    model = OrganisationUnit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("slug", "display", "kind", "region", "is_active")
    list_filter = ("kind", "region", "is_active")
    search_fields = ("slug", "name")
    inlines = (UnitInline,)

    @admin.display(description=_("name"))
    def display(self, obj: Organisation) -> str:
        return translated(obj.name)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active")
    search_fields = ("email", "full_name")
    list_filter = ("is_staff", "is_superuser", "is_active")
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ("groups",)

    @admin.display(description=_("name"))
    def name(self, obj: User) -> str:
        return translated(obj.full_name)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "is_active", "valid_from", "valid_until")
    list_filter = ("role", "is_active", "organisation__kind")
    search_fields = ("user__email", "organisation__slug")
    autocomplete_fields = ("user", "organisation")


@admin.register(LearnerProfile)
class LearnerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "gender", "birth_year", "region")
    search_fields = ("user__email",)
    exclude = ("national_id_hash",)
