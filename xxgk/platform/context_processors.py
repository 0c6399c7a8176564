"""Template context shared by portal and workspace: site name, text size, staff navigation."""

from django.conf import settings

LARGE_TEXT_COOKIE = "xxgk_large_text"


def site(request) -> dict:
    from .navigation import workspace_navigation

    return {
        "site_name": settings.XXGK_SITE_NAME,
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "oidc_enabled": settings.XXGK_OIDC_ENABLED,
        "oidc_label": settings.XXGK_OIDC_LABEL,
        "workspace_nav": workspace_navigation(request.user) if request.path.startswith("/workspace/") else [],
    }
