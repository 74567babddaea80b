"""Strategy pages, mounted at /strategy/ (fixed paths first: an organisation's slug is the catch-all)."""

from django.urls import path

from wisam.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.index, name="index"),
    path("stakeholders/<int:pk>/", views.stakeholder, name="stakeholder"),
    path("responsibilities/<int:pk>/remove/", views.responsibility_remove, name="responsibility_remove"),
    path("engagements/<int:pk>/", views.engagement, name="engagement"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/roadmap/", views.roadmap_propose, name="roadmap_propose"),
    path("actions/<int:pk>/", views.roadmap_action, name="action"),
    path("models/", views.models_list, name="models"),
    path("models/<int:pk>/", views.model_detail, name="model"),
    path("models/<int:pk>/new-version/", views.model_new_version, name="model_new_version"),
    path("models/<int:pk>/publish/", views.model_publish, name="model_publish"),
    path("dimensions/<int:pk>/", views.dimension_edit, name="dimension_edit"),
    path("dimensions/<int:dimension_id>/indicators/new/", views.indicator_edit, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/add/", views.team_add, name="team_add"),
    path("<slug:slug>/team/raci/", views.team_raci, name="team_raci"),
    path("<slug:slug>/team/suggest/", views.team_suggest, name="team_suggest"),
    path("<slug:slug>/team/<int:member_id>/remove/", views.team_remove, name="team_remove"),
    path("<slug:slug>/canvas/", views.canvas, name="canvas"),
    path("<slug:slug>/canvas/edit/", views.canvas_edit, name="canvas_edit"),
    path("<slug:slug>/canvas/v<int:number>/", views.canvas, name="canvas_version"),
    path("<slug:slug>/stakeholders/", views.stakeholders, name="stakeholders"),
    path("<slug:slug>/engagements/new/", views.engagement_new, name="engagement_new"),
    path("<slug:slug>/maturity/", views.maturity, name="maturity"),
    path("<slug:slug>/maturity/start/", views.assessment_start, name="assessment_start"),
    path("<slug:slug>/roadmap/", views.roadmap, name="roadmap"),
]
