"""Addresses of the credentials app (mounted at /credentials/). VC-API: POST /credentials/issue, /credentials/verify.

Root-level addresses the lead mounts in wisam/urls.py: /institutions/<slug>/did.json (did:web).
"""

from django.urls import path

from wisam.credentials import views

app_name = "credentials"

urlpatterns = [
    path("issue", views.vc_api_issue, name="vc_api_issue"),
    path("verify", views.vc_api_verify, name="vc_api_verify"),
    path("verify/", views.verify_page, name="verify"),
    path("s/<str:token>/", views.shared, name="shared"),
    path("institutions/<slug:slug>/did.json", views.did_json, name="did_json"),
    path("status/<slug:slug>/<str:purpose>/<int:number>", views.status_list, name="status_list"),
    path("issuer/<slug:slug>/", views.issuer_home, name="issuer"),
    path("issuer/<slug:slug>/issue/", views.issue_one, name="issue_one"),
    path("issuer/<slug:slug>/cohort/", views.cohort_upload, name="cohort_upload"),
    path("issuer/<slug:slug>/tokens/", views.token_create, name="token_create"),
    path("issuer/<slug:slug>/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("issuer/<slug:slug>/rotate-key/", views.key_rotate, name="key_rotate"),
    path("batch/<uuid:pk>/", views.batch_detail, name="batch"),
    path("batch/<uuid:pk>/confirm/", views.batch_confirm, name="batch_confirm"),
    path("batch/<uuid:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("c/<uuid:pk>/", views.credential_detail, name="detail"),
    path("c/<uuid:pk>/<str:change>/", views.credential_state, name="state"),
    path("wallet/", views.wallet, name="wallet"),
    path("wallet/export.zip", views.wallet_export, name="wallet_export"),
    path("wallet/<uuid:pk>.json", views.wallet_json, name="wallet_json"),
    path("wallet/<uuid:pk>.pdf", views.wallet_pdf, name="wallet_pdf"),
    path("wallet/<uuid:pk>/share/", views.wallet_share, name="wallet_share"),
    path("claim/<str:token>/", views.claim, name="claim"),
]
