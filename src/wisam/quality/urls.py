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
]
