"""The strategy app's vocabularies: lifecycle stages, team roles, RACI letters, stakeholder types and statuses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifecycleStage(models.TextChoices):
    """The micro-credential lifecycle of PRODUCT.md, the columns of the RACI matrix."""

    NEED_CODESIGN = "need_codesign", _("Need and co-design")
    DESIGN = "design", _("Design")
    INTERNAL_QA = "internal_qa", _("Internal QA and approval")
    ACCREDITATION = "accreditation", _("AQAC accreditation")
    NQF_REGISTER = "nqf_register", _("NQF registration and public register")
    DELIVERY = "delivery", _("Delivery and assessment")
    ISSUANCE = "issuance", _("Issuance")
    WALLET = "wallet", _("Wallet, sharing and verification")
    STACKING = "stacking", _("Stacking and recognition")
    FEEDBACK = "feedback", _("Feedback, KPIs and annual review")


class TeamRole(models.TextChoices):
    """Roles in an institution's micro-credential programme team (webinar day 1: "Building a MC team")."""

    STRATEGIC_LEAD = "strategic_lead", _("Strategic lead")
    ACADEMIC_LEAD = "academic_lead", _("Academic lead")
    QA_LEAD = "qa_lead", _("QA lead")
    INSTRUCTIONAL_DESIGN = "instructional_design", _("Instructional design")
    CREDENTIALING_IT = "credentialing_it", _("Credentialing and IT")
    REGISTRAR = "registrar", _("Registrar")
    FINANCE = "finance", _("Finance")
    EMPLOYER_LIAISON = "employer_liaison", _("Employer liaison")
    LEARNER_REPRESENTATIVE = "learner_representative", _("Learner representative")


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class StakeholderType(models.TextChoices):
    INSTITUTION = "institution", _("Higher-education institution")
    AQAC = "aqac", _("AQAC")
    MINISTRY = "ministry", _("Ministry")
    EMPLOYER = "employer", _("Employer")
    CHAMBER = "chamber", _("Chamber of commerce or industry")
    PROFESSIONAL_BODY = "professional_body", _("Professional body")
    LEARNERS = "learners", _("Learners")
    NGO = "ngo", _("NGO")


class EngagementKind(models.TextChoices):
    CODESIGN_WORKSHOP = "codesign_workshop", _("Co-design workshop")
    CONSULTATION = "consultation", _("Consultation")
    FOCUS_GROUP = "focus_group", _("Focus group")
    MEETING = "meeting", _("Meeting")
    SURVEY = "survey", _("Survey")


class LeadershipStyle(models.TextChoices):
    """Brown, McGreal & Peters (2023), question 2."""

    LAISSEZ_FAIRE = "laissez_faire", _("Laissez-faire")
    TRANSACTIONAL = "transactional", _("Transactional")
    TRANSFORMATIVE = "transformative", _("Transformative")


class StructureModel(models.TextChoices):
    """Brown, McGreal & Peters (2023), question 3: centralised or devolved units."""

    CENTRALISED = "centralised", _("Centralised unit")
    DEVOLVED = "devolved", _("Devolved to faculties")
    HYBRID = "hybrid", _("Hybrid: central hub, faculty delivery")


class BusinessModel(models.TextChoices):
    """Brown, McGreal & Peters (2023), Table 2 after Presant (2020)."""

    SOLE_INSTITUTION = "sole_institution", _("Sole institution")
    BUSINESS_UNIT = "business_unit", _("Institutional business unit")
    PEER_CONSORTIUM = "peer_consortium", _("Peer consortium")
    INDUSTRY_PARTNERSHIP = "industry_partnership", _("Industry-led or partnership")
    PROFESSIONAL_BODY = "professional_body", _("Professional-body-led")
    NGO = "ngo", _("NGO-led")
    MOOC = "mooc", _("MOOC-led")
    OPX = "opx", _("OPX-led")


class CreditBearing(models.TextChoices):
    CREDIT = "credit", _("Credit-bearing")
    NON_CREDIT = "non_credit", _("Not credit-bearing")
    BOTH = "both", _("Both")


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATUSES = frozenset({ActionStatus.PROPOSED, ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    DEFERRED = "deferred", _("Deferred")


class ExpectedResult(models.IntegerChoices):
    """The webinar's five expected results (PRODUCT.md), which the national recommendations serve."""

    GUIDELINES = 1, _("National accreditation guidelines")
    INTERNAL_QA = 2, _("Shared framework for internal QA and learner assessment")
    DESIGN_FRAMEWORK = 3, _("Outcome-based framework for building micro-credential programmes")
    STAKEHOLDERS = 4, _("Aligned stakeholders")
    NQF = 5, _("Micro-credentials integrated into the Palestinian NQF")
