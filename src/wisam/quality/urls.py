"""Internal QA pages, mounted at /quality/."""

from django.urls import path

from wisam.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("versions/<int:version_id>/", views.version_review, name="review"),
    path("versions/<int:version_id>/transition/", views.version_transition, name="transition"),
    path("judgements/<int:assessment_id>/", views.assessment_update, name="assessment"),
    path("judgements/<int:assessment_id>/evidence/", views.evidence_download, name="evidence"),
    path("reviews/<int:review_id>/comments/", views.comment_create, name="comment"),
    path("micro-credentials/<int:micro_credential_id>/co-design/", views.codesign, name="codesign"),
    path("partners/<int:partner_id>/remove/", views.partner_remove, name="partner_remove"),
    path("micro-credentials/<int:micro_credential_id>/endorse/", views.endorse, name="endorse"),
    path("endorsements/", views.endorsements, name="endorsements"),
    path("endorsements/<int:endorsement_id>/withdraw/", views.endorsement_withdraw_view, name="endorsement_withdraw"),
    # The feedback loop: surveys, enrolments, KPIs, annual reviews.
    path("surveys/credentials/<uuid:credential_id>/", views.survey_learner, name="survey_learner"),
    path("surveys/employer/", views.employer_surveys, name="employer_surveys"),
    path("surveys/employer/<int:micro_credential_id>/", views.survey_employer, name="survey_employer"),
    path("surveys/instruments/", views.instruments, name="instruments"),
    path("enrolments/", views.enrolments, name="enrolments"),
    path("enrolments/<int:enrolment_id>/outcome/", views.enrolment_outcome, name="enrolment_outcome"),
    path("kpis/", views.kpis_organisation, name="kpis"),
    path("micro-credentials/<int:micro_credential_id>/feedback/", views.micro_credential_feedback, name="feedback"),
    path(
        "micro-credentials/<int:micro_credential_id>/annual-reviews/",
        views.annual_review_begin,
        name="annual_review_start",
    ),
    path("annual-reviews/<int:review_id>/", views.annual_review_detail, name="annual_review"),
]
