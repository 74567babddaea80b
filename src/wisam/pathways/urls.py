"""Pathway and recognition pages, mounted at /pathways/."""

from django.urls import path

from wisam.pathways import views

app_name = "pathways"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/<slug:slug>/", views.pathway_new, name="new"),
    path("p/<int:pk>/", views.pathway_detail, name="pathway"),
    path("p/<int:pk>/progress/", views.progress, name="progress"),
    path("p/<int:pk>/follow/", views.follow, name="follow"),
    path("p/<int:pk>/new-version/", views.version_next, name="version_next"),
    path("v/<int:pk>/", views.version_detail, name="version"),
    path("v/<int:pk>/rules/", views.rules_edit, name="rules"),
    path("v/<int:pk>/transition/", views.version_transition, name="transition"),
    path("v/<int:pk>/recognise/", views.version_recognise, name="recognise"),
    path("v/<int:pk>/award/", views.version_award, name="award"),
    path("credentials/upload/", views.upload, name="upload"),
    path("credentials/<int:pk>/", views.external_detail, name="external"),
    path("requests/", views.requests_list, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/new/prior-learning/", views.request_prior_learning_new, name="request_prior_learning"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/evidence/<int:evidence_id>/", views.request_evidence, name="request_evidence"),
    path("requests/<int:pk>/act/", views.request_act, name="request_act"),
]
