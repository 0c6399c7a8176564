"""Staff two-factor sign-in (TOTP, django-otp) for 审核人, 负责人, 公开办 and 系统管理员.

After the password (or 统一身份认证) step such a user reaches only the code page until a code from
their authenticator app is accepted: enrolment on the first sign-in (QR code shown once),
verification afterwards. Codes are throttled by django-otp; every outcome is audited.
"""

import segno
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from xxgk.agencies.models import Role
from xxgk.platform.audit import audit_record

SECOND_FACTOR_ROLES = (Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR, Role.SYSADMIN)
GUARDED_PREFIXES = ("/workspace/", "/api/", "/admin/")
OPEN_PATHS = ("/workspace/login/", "/workspace/logout/", "/workspace/second-factor/", "/accounts/logout/")


def needs_second_factor(user) -> bool:
    """Return whether this signed-in user must give a TOTP code (a role that signs, supervises or administers)."""
    if not settings.XXGK_STAFF_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.memberships.filter(role__in=SECOND_FACTOR_ROLES).exists()


class SecondFactorMiddleware:
    """Hold users who need a second factor at the code page until they have given one (after OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(GUARDED_PREFIXES) and not path.startswith(OPEN_PATHS):
            user = request.user
            if user.is_authenticated and not user.is_verified() and self._needs(request, user):
                if path.startswith("/api/"):
                    return JsonResponse({"detail": "请先完成两步验证（动态验证码）。"}, status=401)
                return HttpResponseRedirect(f"/workspace/second-factor/?next={path}")
        return self.get_response(request)

    @staticmethod
    def _needs(request, user) -> bool:
        # Cached per session: roles rarely change, and a change takes effect at the next sign-in.
        if "xxgk_2fa_needed" not in request.session:
            request.session["xxgk_2fa_needed"] = needs_second_factor(user)
        return request.session["xxgk_2fa_needed"]


def _device(user) -> tuple[TOTPDevice, bool]:
    """Return (the user's TOTP device, whether it is confirmed); an unconfirmed one is made for enrolment."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device:
        return device, True
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device, False


def second_factor(request):
    """GET: the code form (with the QR code while enrolling); POST: check the code and let the user in."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect("/workspace/login/")
    user, next_url = request.user, request.POST.get("next") or request.GET.get("next") or "/workspace/"
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = "/workspace/"
    device, confirmed = _device(user)
    error, status = "", 200
    if request.method == "POST":
        code = "".join(ch for ch in request.POST.get("code", "") if ch.isdigit())
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            error, status = "验证码输入过于频繁或错误次数过多，请稍候再试。", 429
            audit_record(action="otp.throttled", at=timezone.now(), actor=user, request=request)
        elif len(code) == device.digits and device.verify_token(code):
            if not confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(action="otp.enrolled" if not confirmed else "otp.verified", at=timezone.now(), actor=user,
                         request=request)
            return HttpResponseRedirect(next_url)
        else:
            error, status = "验证码不正确，请输入身份验证器上当前显示的6位数字。", 401
            audit_record(action="otp.failed", at=timezone.now(), actor=user, request=request)
    context = {"enrolling": not confirmed, "next": next_url, "error": error}
    if not confirmed:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = _base32(device.bin_key)
    return render(request, "identity/second_factor.html", context, status=status)


def second_factor_cancel(request):
    """Sign out instead of giving a code."""
    if request.method == "POST":
        logout(request)
    return HttpResponseRedirect("/workspace/login/")


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")
