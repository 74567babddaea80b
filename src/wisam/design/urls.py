"""Designer pages, mounted at /design/."""

from django.urls import path

from wisam.design import views

app_name = "design"

urlpatterns = [
    path("", views.specification_list, name="list"),
    path("new/", views.specification_create, name="create"),
    path("v/<int:pk>/", views.designer, name="designer"),
    path("v/<int:pk>/block/<slug:block_id>/", views.block_save, name="block_save"),
    path("v/<int:pk>/items/<slug:kind>/add/", views.item_add, name="item_add"),
    path("v/<int:pk>/next/", views.version_next, name="version_next"),
    path("v/<int:pk>/report/", views.quality_report, name="report"),
    path("v/<int:pk>/report.json", views.lint_json, name="report_json"),
    path("v/<int:pk>/sheet/", views.specification_sheet, name="sheet"),
    path("v/<int:pk>/compare/<int:other>/", views.compare, name="compare"),
    path("v/<int:pk>/export/elm.jsonld", views.export_elm, name="export_elm"),
    path("v/<int:pk>/export/ob3.json", views.export_ob3, name="export_ob3"),
    path("item/<slug:kind>/<int:pk>/", views.item_save, name="item_save"),
    path("item/<slug:kind>/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("outcome/<int:pk>/skills/search/", views.skill_search, name="skill_search"),
    path("outcome/<int:pk>/skills/", views.skill_change, name="skill_change"),
]
