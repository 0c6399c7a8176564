"""Turn DomainError raised by a view into a Chinese error page with the error's status."""

from django.shortcuts import render

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
