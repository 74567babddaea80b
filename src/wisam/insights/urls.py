"""Insights pages, mounted at /insights/."""

from django.urls import path

from wisam.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("refresh/", views.refresh, name="refresh"),
    path("report/<int:year>/", views.report_page, name="report"),
    path("report/<int:year>.pdf", views.report_pdf, name="report_pdf"),
    path("needs/<int:pk>/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/withdraw/", views.need_withdraw, name="need_withdraw"),
    path("employers/<slug:slug>/needs/", views.needs, name="needs"),
    path("national/<slug:name>/", views.national, name="national"),
    path("national/<slug:name>/export.<str:fmt>", views.national_export, name="national_export"),
    path("national/<slug:name>/<slug:figure>.<str:fmt>", views.national_export, name="national_figure_export"),
    path("institutions/<slug:slug>/", views.institution_home, name="institution_home"),
    path("institutions/<slug:slug>/<slug:name>/", views.institution, name="institution"),
    path("institutions/<slug:slug>/<slug:name>/export.<str:fmt>", views.institution_export, name="institution_export"),
    path(
        "institutions/<slug:slug>/<slug:name>/<slug:figure>.<str:fmt>",
        views.institution_export,
        name="institution_figure_export",
    ),
]
