"""The strategy app's home-page cards (wisam.web.home): the approver's strategy, the QA officer's
self-assessment, the ministry's national register and recommendations, AQAC's maturity models."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wisam.institutions.roles import Role
from wisam.web.home import register_card

register_card(
    key="strategy.overview",
    roles={Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN},
    title=_("Micro-credential strategy, team and roadmap"),
    description=_(
        "Your MC team and its RACI gaps, the strategy canvas, stakeholders, maturity and improvement roadmap."
    ),
    url_name="strategy:overview",
    organisation_kwarg="slug",
    action="strategy.view",
    order=30,
)
register_card(
    key="strategy.maturity",
    roles={Role.QA_OFFICER},
    title=_("Maturity self-assessment"),
    description=_(
        "Rate your institution's micro-credential practice with evidence, and compare with the national median."
    ),
    url_name="strategy:maturity",
    organisation_kwarg="slug",
    action="strategy.view",
    order=35,
)
register_card(
    key="strategy.team",
    roles={Role.MC_DESIGNER, Role.REGISTRAR, Role.RECOGNITION_OFFICER},
    title=_("Your micro-credential team"),
    description=_("Who leads, who is accountable at each stage of the lifecycle, and the institution's strategy."),
    url_name="strategy:team",
    organisation_kwarg="slug",
    action="strategy.view",
    order=85,
)
register_card(
    key="strategy.national_register",
    roles={Role.MINISTRY_ANALYST},
    title=_("National stakeholder register"),
    description=_("Institutions, AQAC, ministries, employers, chambers and learners: influence, interest and roles."),
    url_name="strategy:stakeholders",
    organisation_kwarg="slug",
    action="strategy.view_register",
    order=25,
)
register_card(
    key="strategy.recommendations",
    roles={Role.MINISTRY_ANALYST, Role.AQAC_OFFICER},
    title=_("National recommendations tracker"),
    description=_("The webinar's expected results and the recommendations that follow: owners, status, evidence."),
    url_name="strategy:recommendations",
    order=30,
)
register_card(
    key="strategy.models",
    roles={Role.AQAC_OFFICER, Role.MINISTRY_ANALYST},
    title=_("Maturity models"),
    description=_("The national micro-credential maturity model: dimensions, levels and indicators, in versions."),
    url_name="strategy:models",
    order=60,
)
