"""Django admin for the event log: read-only, because events are append-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from wisam.core.models import DomainEvent


@admin.register(DomainEvent)
class DomainEventAdmin(admin.ModelAdmin):
    list_display = ("sequence", "occurred_at", "action", "subject_type", "subject_id", "actor_label")
    list_filter = ("action", "subject_type")
    search_fields = ("action", "subject_id", "actor_label")
    ordering = ("-sequence",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
