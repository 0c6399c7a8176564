"""Root URL configuration: portal at /, workspace at /workspace/, admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

from xxgk.api.api import api
from xxgk.identity import views as identity_views
from xxgk.platform import views as platform_views
from xxgk.platform.admin_site import restrict_admin_to_sysadmins

restrict_admin_to_sysadmins(admin.site)

urlpatterns = [
    path("", include("xxgk.cases.urls_public")),
    path("", include("xxgk.reports.urls")),
    path("", include("xxgk.catalog.urls")),
    path("", include("xxgk.interaction.urls")),
    path("", include("xxgk.search.urls")),
    path("", include("xxgk.monitoring.urls")),
    path("", include("xxgk.portal.urls")),
    path("workspace/", include("xxgk.workspace.urls")),
    path("admin/", admin.site.urls),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("accounts/after-login/", identity_views.after_login, name="after_login"),
    path("accounts/logout/", identity_views.sign_out, name="sign_out"),
    path("api/v1/", api.urls),
    path("healthz", platform_views.healthz, name="healthz"),
]

handler403 = "xxgk.platform.views.permission_denied"
handler404 = "xxgk.platform.views.page_not_found"
handler500 = "xxgk.platform.views.server_error"
