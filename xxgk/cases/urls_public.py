"""Public case URLs."""

from django.urls import path

from . import views_public

app_name = "cases_public"

urlpatterns = [
    path("gk/apply/track/", views_public.track, name="track"),
    path("gk/apply/case/<int:pk>/", views_public.case_page, name="case"),
    path("gk/apply/case/<int:pk>/supplement/", views_public.supplement, name="supplement"),
    path("gk/apply/case/<int:pk>/withdraw/", views_public.withdraw, name="withdraw"),
    path("gk/apply/case/<int:pk>/documents/<int:doc_id>/", views_public.document, name="document"),
    path("gk/apply/<str:credit_code>/", views_public.apply, name="apply"),
]
