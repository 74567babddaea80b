"""The insights app's home-page cards (wisam.web.home): national dashboards and the yearly report for the ministry
and AQAC, an institution's own dashboards for its leadership and QA, skill needs for employers' representatives."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wisam.institutions.roles import Role
from wisam.web.home import register_card

register_card(
    key="insights.national",
    roles={Role.MINISTRY_ANALYST, Role.AQAC_OFFICER, Role.COMMISSION_MEMBER},
    title=_("National dashboards"),
    description=_(
        "Supply, reach, quality and alignment with employers' needs across the nation, with tables, downloads and"
        " the yearly report."
    ),
    url_name="insights:index",
    action="insights.view_national",
    order=15,
)
register_card(
    key="insights.institution",
    roles={Role.INSTITUTION_ADMIN, Role.INSTITUTIONAL_APPROVER, Role.QA_OFFICER},
    title=_("Your institution in figures"),
    description=_("Your micro-credentials, credentials issued, quality and alignment beside the national median."),
    url_name="insights:institution_home",
    organisation_kwarg="slug",
    action="insights.view_institution",
    order=40,
)
register_card(
    key="insights.needs",
    roles={Role.EMPLOYER_REPRESENTATIVE},
    title=_("Record your skill needs"),
    description=_(
        "Which ESCO skills you need people for, in which sector and governorate, how many and when: the nation"
        " plans micro-credentials from them."
    ),
    url_name="insights:needs",
    organisation_kwarg="slug",
    action="skill_need.add",
    order=10,
)
