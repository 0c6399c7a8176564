"""Report URLs: workspace pages (namespace workspace) and the portal's 年报 column (namespace reports)."""

from django.urls import path

from . import views

workspace_urlpatterns = [
    path("reports/", views.editor, name="report_editor"),
    path("reports/publish/", views.publish, name="report_publish"),
    path("reports/cell/", views.cell, name="report_cell"),
    path("reports/xlsx/", views.download_xlsx, name="report_xlsx"),
    path("reports/check/", views.checker, name="report_check"),
    path("reports/dashboard/", views.dashboard, name="report_dashboard"),
    path("reports/combined/", views.combined, name="report_combined"),
]

app_name = "reports"
urlpatterns = [
    path("gk/reports/", views.portal_list, name="list"),
    path("gk/reports/<int:pk>/", views.portal_detail, name="detail"),
    path("gk/reports/<int:pk>/document/", views.portal_html, name="html"),
    path("gk/reports/<int:pk>/<str:kind>/", views.portal_file, name="file"),
]
