"""Schemas shared by every API operation."""

from typing import Annotated

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """Every error response: a complete Chinese sentence, and field errors when input was invalid."""

    detail: str
    errors: list[dict] | None = None


# Bounded numbers for path and query parameters: out-of-range input is a 400 with a Chinese message,
# never an overflow deep in the database driver.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=10**9)]


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
