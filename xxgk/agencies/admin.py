"""Admin views of agencies and people: read-only, because changes go through audited services."""

from django.contrib import admin

from .models import Agency, Applicant, Membership, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "parent", "credit_code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "credit_code")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "is_active", "last_login")
    search_fields = ("username", "full_name")
    exclude = ("password",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "agency", "role", "created_at")
    list_filter = ("role",)


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "org_type", "created_at")
    list_filter = ("kind", "org_type")
