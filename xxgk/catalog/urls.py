"""Catalogue URLs: public (namespace catalog) and workspace patterns."""

from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("gk/catalog/", views.catalog, name="list"),
    path("gk/catalog/feed/<str:credit_code>/", views.feed, name="feed"),
    path("gk/catalog/<path:index_number>/print/", views.item_page, {"print_view": True}, name="print"),
    path("gk/catalog/<path:index_number>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("gk/catalog/<path:index_number>/", views.item_page, name="detail"),
]

workspace_urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/standard/", views.standard_catalogue, name="standard_catalogue"),
    path("items/import/", views.items_import_view, name="items_import"),
    path("items/workflow/", views.workflow, name="items_workflow"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
]
