"""Turn DomainError raised by a view into a Chinese error page with the error's status."""

import re
import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render, resolve_url

from .errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(request, "platform/error.html", {"title": "无法完成操作", "message": exception.message},
                          status=exception.status)
        return None


class StaffIdleTimeoutMiddleware:
    """Sign staff out after XXGK_STAFF_IDLE_SECONDS without a request (applicants keep the normal session age)."""

    TOUCH_EVERY = 60  # seconds; saving the session on every request would cost a write per page

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._is_staff(request, user):
            now = int(time.time())
            last = request.session.get("xxgk_last_seen", now)
            if now - last > settings.XXGK_STAFF_IDLE_SECONDS:
                return self._expire(request, user)
            if now - last >= self.TOUCH_EVERY or "xxgk_last_seen" not in request.session:
                request.session["xxgk_last_seen"] = now
        return self.get_response(request)

    @staticmethod
    def _is_staff(request, user) -> bool:
        if "xxgk_staff" not in request.session:
            request.session["xxgk_staff"] = bool(user.is_staff or user.is_superuser or user.memberships.exists())
        return request.session["xxgk_staff"]

    @staticmethod
    def _expire(request, user):
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.shortcuts import redirect
        from django.utils import timezone

        from .audit import audit_record

        audit_record(action="auth.idle_timeout", at=timezone.now(), actor=user, request=request)
        logout(request)
        messages.info(request, "您已长时间未操作，为保护数据安全已自动退出，请重新登录。")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "长时间未操作，登录已失效，请重新登录。"}, status=401)
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")


NUL_IN_JSON = re.compile(rb"\\u0000", re.IGNORECASE)


class ApiNullCharacterMiddleware:
    """Refuse API requests carrying NUL characters (PostgreSQL text cannot hold them; forms refuse them already)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            query = request.META.get("QUERY_STRING", "")
            content_type = request.META.get("CONTENT_TYPE", "")
            body = b"" if content_type.startswith("multipart/") else request.body
            if "%00" in query or "\x00" in request.path or b"\x00" in body or NUL_IN_JSON.search(body):
                return JsonResponse({"detail": "请求中含有不允许的空字符（\\u0000），请检查后重试。"}, status=400)
        return self.get_response(request)
