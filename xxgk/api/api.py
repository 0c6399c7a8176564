"""The API object: version 1 under /api/v1/, Chinese error bodies, the apps' routers."""

from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from xxgk.platform.errors import DomainError

api = NinjaAPI(title="xxgk 政府信息公开平台 API", version="1", urls_namespace="api",
               docs_url="/docs")


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [{"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return api.create_response(request, {"detail": "请求参数不正确，请检查后重试。", "errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "您没有执行此操作的权限。"}, status=403)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, {"detail": "请先登录。"}, status=401)


def _mount() -> None:
    from xxgk.cases.api import router as cases_router
    from xxgk.interaction.api import router as interaction_router
    from xxgk.monitoring.api import router as monitoring_router
    from xxgk.platform.api import router as platform_router

    api.add_router("/", platform_router)
    api.add_router("/", cases_router)
    api.add_router("/", interaction_router)
    api.add_router("/", monitoring_router)


_mount()
