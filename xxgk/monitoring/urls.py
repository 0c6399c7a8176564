"""Monitoring URLs (workspace only)."""

from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns: list = []

workspace_urlpatterns = [
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/dashboard/", views.dashboard, name="monitoring_dashboard"),
    path("channels/<int:pk>/", views.channel_detail, name="channel_detail"),
    path("channels/<int:pk>/<slug:action>/", views.channel_action, name="channel_action"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<int:pk>/decide/", views.submission_decide_view, name="submission_decide"),
]
