"""The micro-credential programme team of an institution and its RACI matrix across the lifecycle stages."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField
from wisam.strategy.vocab import LifecycleStage, Raci, TeamRole


class TeamMember(models.Model):
    """A person of the institution in one team role; a person may hold several roles (one row each)."""

    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.CASCADE, related_name="strategy_team"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="strategy_team_roles")
    team_role = models.CharField(_("team role"), max_length=40, choices=TeamRole.choices)
    note = TranslatedField(_("remit"), blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering: ClassVar[list[str]] = ["organisation", "team_role", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["organisation", "user", "team_role"], name="strategy_unique_team_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_team_role_display()}"


class RaciAssignment(models.Model):
    """One cell of the RACI matrix: what a team member is for one lifecycle stage."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="raci")
    stage = models.CharField(_("stage"), max_length=30, choices=LifecycleStage.choices)
    letter = models.CharField(_("RACI"), max_length=1, choices=Raci.choices)

    class Meta:
        verbose_name = _("RACI assignment")
        verbose_name_plural = _("RACI assignments")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["member", "stage"], name="strategy_unique_raci_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.stage}: {self.letter}"

    @property
    def organisation(self) -> Any:
        return self.member.organisation
