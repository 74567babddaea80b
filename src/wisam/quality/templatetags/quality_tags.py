"""Template helpers for internal QA: labels for states and events, and pieces other apps' pages can include.

On the specification page (wisam.design):  {% load quality_tags %} {% quality_review_status version %}
{% quality_endorsements version.micro_credential %}
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.translation import gettext as _

from wisam.core.models import DomainEvent
from wisam.core.policy import can
from wisam.quality.models import Judgement
from wisam.quality.workflow import REVIEW_WORKFLOW

register = template.Library()


def item_anchor(code: str) -> str:
    return "item-" + re.sub(r"[^A-Za-z0-9_-]", "-", code)


@register.filter
def state_label(name: str) -> str:
    try:
        return str(REVIEW_WORKFLOW.state(name).label)
    except KeyError:
        return name


@register.filter
def judgement_label(value: str) -> str:
    return str(dict(Judgement.choices).get(value, "—")) if value else "—"


@register.filter
def event_label(event: DomainEvent) -> str:
    """A sentence for one event of the review timeline."""
    action = event.action
    payload = event.payload or {}
    if action == "quality.review.started":
        return _("Review started")
    if action.startswith("quality.review.") and "transition" in payload:
        try:
            return str(REVIEW_WORKFLOW.transition(payload["transition"]).label)
        except KeyError:
            return action
    if action == "quality.judgement.recorded":
        return _("Judged %(item)s: %(judgement)s") % {
            "item": payload.get("item", ""),
            "judgement": judgement_label(payload.get("judgement", "")),
        }
    if action == "quality.comment.added":
        return _("Comment on %(item)s") % {"item": payload["item"]} if payload.get("item") else _("Comment")
    return action


@register.inclusion_tag("quality/includes/review_status.html", takes_context=True)
def quality_review_status(context: dict[str, Any], version: Any) -> dict[str, Any]:
    from wisam.quality.selectors import review_for_version

    request = context.get("request")
    user = getattr(request, "user", None)
    review = review_for_version(version=version)
    visible = review is not None and can(user, "review.view", review)
    return {"version": version, "review": review if visible else None, "request": request}


@register.inclusion_tag("quality/includes/endorsements.html", takes_context=True)
def quality_endorsements(context: dict[str, Any], micro_credential: Any) -> dict[str, Any]:
    from wisam.quality.selectors import endorsements_for

    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "endorsements": endorsements_for(micro_credential=micro_credential, user=user),
        "micro_credential": micro_credential,
        "can_endorse": bool(user and can(user, "endorsement.create", micro_credential)),
        "can_see_codesign": bool(user and can(user, "codesign.view", micro_credential)),
    }


@register.filter
def anchor(code: str) -> str:
    """A safe HTML id (and CSS selector) for a checklist item: "ESG-1.2a" → "item-ESG-1-2a"."""
    return item_anchor(code)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ forms|get_item:assessment.pk }}`: a value of a dict by key (None when absent)."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)


# ------------------------------------------------------------------------------------------ the feedback loop


@register.filter
def as_percent(value: float | None) -> str:
    """0.875 → "87.5%" (in Arabic "87,5%", like every other number on the page); 1.0 → "100%"; None → "—"."""
    from django.utils.formats import number_format

    if value is None:
        return "—"
    percent = round(value * 100, 1)
    return number_format(percent, decimal_pos=0 if percent == int(percent) else 1) + "%"


@register.inclusion_tag("quality/includes/survey_link.html", takes_context=True)
def quality_survey_link(context: Any, credential: Any) -> dict[str, Any]:
    """On the wallet: "Tell us how it went" next to a credential whose survey is open (or "answered")."""
    from wisam.quality.selectors import survey_answered, survey_open_for

    user = context.get("user") or getattr(context.get("request"), "user", None)
    answered = survey_answered(credential=credential)
    show = can(user, "survey.answer_learner", credential) and (answered or survey_open_for(credential=credential))
    return {"show": show, "answered": answered, "credential": credential}


@register.inclusion_tag("quality/includes/change_log.html")
def quality_change_log(micro_credential: Any) -> dict[str, Any]:
    """On the public register entry: what changed in each published edition."""
    from wisam.quality.selectors import change_log_for

    return {"entries": change_log_for(micro_credential=micro_credential)}


@register.inclusion_tag("quality/includes/kpi_panel.html", takes_context=True)
def quality_kpi_panel(context: Any, micro_credential: Any) -> dict[str, Any]:
    """On the micro-credential's QA page: this year's KPIs, for those who may see feedback."""
    from django.utils import timezone

    from wisam.quality.kpis import kpis_for_micro_credential

    user = context.get("user") or getattr(context.get("request"), "user", None)
    if micro_credential is None or not micro_credential.pk or not can(user, "feedback.view", micro_credential):
        return {"show": False}
    year = timezone.localdate().year
    return {
        "show": True,
        "micro_credential": micro_credential,
        "kpis": kpis_for_micro_credential(micro_credential=micro_credential, year=year),
    }
