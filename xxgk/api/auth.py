"""Authentication for API operations that the public may call."""


def csrf_when_signed_in(request):
    """Ninja auth for public operations: anyone may call, but a signed-in session must pass Django's CSRF check.

    These operations (submit, write, comment, respond, rate) attach the signed-in account when there is one,
    so a forged cross-site request must not act in that account's name. As auth it runs before the body is
    read, so a forged request is refused whatever it carries.
    """
    from django.core.exceptions import PermissionDenied
    from django.middleware.csrf import CsrfViewMiddleware

    if request.user.is_authenticated and CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}):
        raise PermissionDenied("跨站请求校验失败（CSRF），请刷新页面后重试。")
    return True
