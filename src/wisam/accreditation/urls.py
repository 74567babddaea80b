"""Pages of accreditation: the AQAC workflow, the public register (no login) and the trust list."""

from django.urls import URLPattern, URLResolver, path

from wisam.accreditation import views

app_name = "accreditation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("applications/new/", views.application_create_view, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application_action"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("guidelines/<int:pk>/", views.guideline_detail, name="guideline"),
    path("evaluators/", views.evaluators, name="evaluators"),
    path("self-accreditation/", views.self_accreditation, name="self_accreditation"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("inbox/", views.inbox, name="inbox"),
    # The public register: stable addresses, no login.
    path("register/", views.register_search, name="register"),
    path("register.csv", views.register_csv, name="register_csv"),
    path("register.jsonld", views.register_jsonld_view, name="register_jsonld"),
    path("register/<str:identifier>/", views.register_entry, name="entry"),
    path("register/<str:identifier>.jsonld", views.entry_jsonld_view, name="entry_jsonld"),
    path("trust-list.json", views.trust_list, name="trust_list"),
    path("trust-list/did.json", views.trust_list_did, name="trust_list_did"),
]
