"""The foundation's home cards: a person's own account, the directory, member management, the admin site."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wisam.institutions.roles import Role
from wisam.institutions.rules import ANY_MEMBER
from wisam.web.home import register_card

register_card(
    key="web.account",
    title=_("Your profile and memberships"),
    description=_("See the roles you hold in each organisation and choose the language Wisam speaks to you in."),
    url_name="account",
    order=90,
)
register_card(
    key="web.admin_site",
    title=_("Administration site"),
    description=_("Run the platform: accounts, organisations and reference data."),
    url_name="admin:index",
    staff=True,
    order=95,
)
register_card(
    key="institutions.manage_members",
    roles={Role.INSTITUTION_ADMIN},
    title=_("Manage the members of your organisation"),
    description=_("Give colleagues their roles in Wisam, or end a role when someone changes post."),
    url_name="organisation_members",
    organisation_kwarg="slug",
    action="organisation.manage_members",
    order=10,
)
register_card(
    key="institutions.view_members",
    roles=ANY_MEMBER - {Role.INSTITUTION_ADMIN},
    title=_("People in your organisation"),
    description=_("See who holds which role, so you know whom to ask."),
    url_name="organisation_members",
    organisation_kwarg="slug",
    action="organisation.view_members",
    order=80,
)
register_card(
    key="institutions.directory",
    roles={Role.AQAC_OFFICER, Role.AQAC_EVALUATOR, Role.COMMISSION_MEMBER, Role.MINISTRY_ANALYST},
    title=_("National directory of organisations"),
    description=_("Universities, colleges, ministries, employers and professional bodies, with their units."),
    url_name="organisation_list",
    organisation_kwarg=None,
    order=20,
)
