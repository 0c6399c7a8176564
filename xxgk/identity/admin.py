"""Admin: the 系统管理员 links a provider identity to an account (the only way for staff accounts)."""

from django.contrib import admin
from django.utils import timezone

from .models import ExternalIdentity
from .services import external_identity_link


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "issuer", "subject", "linked_by", "linked_at", "last_login_at")
    search_fields = ("user__username", "subject")
    fields = ("user", "subject")
    raw_id_fields = ("user",)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        link = external_identity_link(user=obj.user, subject=obj.subject, actor=request.user, at=timezone.now(),
                                      request=request)
        obj.pk = link.pk

    def has_change_permission(self, request, obj=None):
        return False
