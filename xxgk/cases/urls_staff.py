"""Workspace case URLs (included under /workspace/)."""

from django.urls import path

from . import views_staff as v

urlpatterns = [
    path("cases/", v.case_inbox, name="case_inbox"),
    path("cases/new/", v.case_new, name="case_new"),
    path("cases/ledger/export/", v.ledger_export, name="ledger_export"),
    path("cases/ledger/import/", v.ledger_import_view, name="ledger_import"),
    path("cases/<int:pk>/", v.case_detail, name="case_detail"),
    path("cases/<int:pk>/steps/<slug:step>/", v.case_step, name="case_step"),
    path("cases/<int:pk>/documents/<int:doc_id>/", v.case_document, name="case_document"),
    path("appeals/", v.appeal_list, name="appeal_list"),
    path("letters/", v.letter_templates, name="letter_templates"),
    path("appeals/<int:pk>/conclude/", v.appeal_conclude_view, name="appeal_conclude"),
]
