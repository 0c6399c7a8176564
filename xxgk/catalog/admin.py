"""Admin for the standard catalogue (系统管理员 maintains areas and entries); items are edited in the workspace."""

from django.contrib import admin

from .models import CatalogArea, CatalogEntry


@admin.register(CatalogArea)
class CatalogAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")


@admin.register(CatalogEntry)
class CatalogEntryAdmin(admin.ModelAdmin):
    list_display = ("area", "level1", "level2", "time_limit", "level")
    list_filter = ("area", "level")
