"""The pathways app's home-page cards (wisam.web.home): learners' pathways and recognition requests, the recognition
officer's requests to decide, designers' and approvers' pathways, AQAC's pathways for recognition."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wisam.institutions.roles import Role
from wisam.web.home import register_card

register_card(
    key="pathways.mine",
    roles={Role.LEARNER},
    title=_("My pathways"),
    description=_("How far you have come towards a larger credential, what to take next, and your roadmap."),
    url_name="pathways:mine",
    order=20,
)
register_card(
    key="pathways.my_requests",
    roles={Role.LEARNER},
    title=_("Recognition requests"),
    description=_("Ask an institution to recognise credentials earned elsewhere; follow the decision and appeal."),
    url_name="pathways:requests",
    order=25,
)
register_card(
    key="pathways.to_decide",
    roles={Role.RECOGNITION_OFFICER, Role.INSTITUTIONAL_APPROVER},
    title=_("Recognition requests to decide"),
    description=_("Compare learning outcomes, level and workload side by side; decide and justify; appeals."),
    url_name="pathways:requests",
    order=40,
)
register_card(
    key="pathways.institution",
    roles={Role.MC_DESIGNER, Role.INSTITUTIONAL_APPROVER, Role.QA_OFFICER, Role.REGISTRAR},
    title=_("Pathways"),
    description=_("Define how micro-credentials stack into larger credentials; review, publish and award them."),
    url_name="pathways:index",
    order=45,
)
register_card(
    key="pathways.aqac",
    roles={Role.AQAC_OFFICER},
    title=_("Pathways submitted for recognition"),
    description=_("Published pathways of the institutions; record AQAC's recognition of a pathway version."),
    url_name="pathways:index",
    order=45,
)
