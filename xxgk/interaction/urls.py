"""Interaction URLs: public (namespace interaction) and workspace patterns."""

from django.urls import path

from . import views_public, views_staff

app_name = "interaction"
urlpatterns = [
    path("gk/interaction/", views_public.hub, name="hub"),
    path("gk/interaction/write/<int:box_id>/", views_public.write, name="write"),
    path("gk/interaction/track/", views_public.track, name="track"),
    path("gk/interaction/messages/<int:pk>/", views_public.message_page, name="message"),
    path("gk/interaction/published/<int:pk>/", views_public.published, name="published"),
    path("gk/interaction/consultations/<int:pk>/", views_public.consultation_page, name="consultation"),
    path("gk/interaction/consultations/<int:pk>/documents/<int:doc_id>/", views_public.consultation_document,
         name="consultation_document"),
    path("gk/interaction/surveys/<int:pk>/", views_public.survey_page, name="survey"),
    path("gk/interaction/surveys/<int:pk>/results/", views_public.survey_results_page, name="survey_results"),
    path("gk/interaction/interviews/", views_public.interviews, name="interviews"),
    path("gk/interaction/interviews/<int:pk>/", views_public.interview_page, name="interview"),
]

workspace_urlpatterns = [
    path("messages/", views_staff.message_list, name="message_list"),
    path("messages/stats/", views_staff.message_stats_page, name="message_stats"),
    path("messages/boxes/", views_staff.box_list, name="message_boxes"),
    path("messages/boxes/<int:pk>/", views_staff.box_edit, name="message_box_edit"),
    path("messages/<int:pk>/", views_staff.message_detail, name="message_detail"),
    path("messages/<int:pk>/<slug:action>/", views_staff.message_action, name="message_action"),
    path("consultations/", views_staff.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", views_staff.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/<slug:action>/", views_staff.consultation_action, name="consultation_action"),
    path("surveys/", views_staff.survey_list, name="survey_list"),
    path("surveys/<int:pk>/", views_staff.survey_detail, name="survey_detail"),
    path("interviews/", views_staff.interview_list, name="interview_list"),
]
