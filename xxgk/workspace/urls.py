"""Workspace URLs."""

from django.urls import path

from xxgk.cases.urls_staff import urlpatterns as case_urlpatterns
from xxgk.catalog.urls import workspace_urlpatterns as item_urlpatterns
from xxgk.identity.second_factor import second_factor, second_factor_cancel
from xxgk.identity.views import sign_out
from xxgk.interaction.urls import workspace_urlpatterns as interaction_urlpatterns
from xxgk.monitoring.urls import workspace_urlpatterns as monitoring_urlpatterns
from xxgk.portal.views_services import services_edit
from xxgk.reports.urls import workspace_urlpatterns as report_urlpatterns

from . import calendar_views, views

app_name = "workspace"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", sign_out, name="logout"),
    path("second-factor/", second_factor, name="second_factor"),
    path("second-factor/cancel/", second_factor_cancel, name="second_factor_cancel"),
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create_view, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/toggle-active/", views.agency_toggle_active, name="agency_toggle_active"),
    path("agencies/<int:pk>/memberships/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("audit/", views.audit_log, name="audit_log"),
    path("calendar/", calendar_views.calendar_list, name="calendar_list"),
    path("calendar/<int:year>/", calendar_views.calendar_edit, name="calendar_edit"),
    path("deadline/", calendar_views.deadline_calculator, name="deadline"),
    path("portal-services/", services_edit, name="portal_services"),
    *case_urlpatterns,
    *item_urlpatterns,
    *report_urlpatterns,
    *interaction_urlpatterns,
    *monitoring_urlpatterns,
]
