"""Organisations, their units, the people who use Wisam and the roles they hold (memberships)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated
from wisam.institutions.roles import OrganisationKind, Role, UnitKind


class Region(models.TextChoices):
    """Palestinian governorates, used for regional statistics."""

    JERUSALEM = "jerusalem", _("Jerusalem")
    RAMALLAH = "ramallah", _("Ramallah and al-Bireh")
    NABLUS = "nablus", _("Nablus")
    HEBRON = "hebron", _("Hebron")
    BETHLEHEM = "bethlehem", _("Bethlehem")
    JENIN = "jenin", _("Jenin")
    TULKARM = "tulkarm", _("Tulkarm")
    QALQILYA = "qalqilya", _("Qalqilya")
    SALFIT = "salfit", _("Salfit")
    TUBAS = "tubas", _("Tubas")
    JERICHO = "jericho", _("Jericho and al-Aghwar")
    GAZA = "gaza", _("Gaza")
    NORTH_GAZA = "north_gaza", _("North Gaza")
    DEIR_AL_BALAH = "deir_al_balah", _("Deir al-Balah")
    KHAN_YUNIS = "khan_yunis", _("Khan Yunis")
    RAFAH = "rafah", _("Rafah")


class Organisation(models.Model):
    """An institution, the accreditation body, a ministry, an employer or a professional body."""

    slug = models.SlugField(
        _("identifier"),
        max_length=60,
        unique=True,
        help_text=_("Stable short identifier, used in addresses and in the institution's did:web."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    name = TranslatedField(_("name"))
    short_name = TranslatedField(_("short name"), blank=True)
    country = models.CharField(_("country"), max_length=2, default="PS")
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    city = TranslatedField(_("city"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    sector = models.CharField(
        _("economic sector"), max_length=40, blank=True, help_text=_("For employers: ICT, health, tourism, ...")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering: ClassVar[list[str]] = ["slug"]

    def __str__(self) -> str:
        return translated(self.name) or self.slug

    @property
    def display_name(self) -> str:
        return translated(self.name)

    @property
    def is_higher_education(self) -> bool:
        from wisam.institutions.roles import HIGHER_EDUCATION_KINDS

        return self.kind in HIGHER_EDUCATION_KINDS


class OrganisationUnit(models.Model):
    """A faculty, department, continuing-education centre or QA unit within an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField(_("kind"), max_length=40, choices=UnitKind.choices)
    name = TranslatedField(_("name"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering: ClassVar[list[str]] = ["organisation__slug", "id"]

    def __str__(self) -> str:
        return translated(self.name)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to Wisam; identified by e-mail. What they may do comes from memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = TranslatedField(_("full name"))
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ar"
    )
    is_staff = models.BooleanField(
        _("platform staff"), default=False, help_text=_("May use the Django administration site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering: ClassVar[list[str]] = ["email"]

    def __str__(self) -> str:
        return translated(self.full_name) or self.email

    def get_full_name(self) -> str:
        return translated(self.full_name) or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class LearnerProfile(models.Model):
    """What Wisam knows of a learner beyond the account: recorded only to issue credentials and for statistics."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="learner_profile")
    # The national identity number is never stored: only a keyed hash that lets an issuer match a learner.
    national_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def hash_national_id(national_id: str) -> str:
        digits = "".join(ch for ch in national_id if ch.isalnum())
        return hmac.new(settings.SECRET_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(
            Q(is_active=True),
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            organisation__is_active=True,
        )


class Membership(models.Model):
    """A role a person holds in an organisation (optionally in one of its units), for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    title = TranslatedField(_("job title"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_role_per_organisation"),
        ]
        ordering: ClassVar[list[str]] = ["organisation__slug", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
