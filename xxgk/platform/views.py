"""Error pages in Chinese (403, 404, 500)."""

from django.shortcuts import render


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有访问此页面的权限。"
    return render(request, "platform/error.html", {"title": "无权访问", "message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "platform/error.html",
                  {"title": "页面不存在", "message": "您访问的页面不存在或已被移动，请从首页重新进入。"}, status=404)


def server_error(request):
    return render(request, "platform/error.html",
                  {"title": "系统错误", "message": "系统暂时无法处理您的请求，请稍后再试。"}, status=500)


def healthz(request):
    """Liveness for load balancers (and the pages benchmark's baseline): answers without touching the database."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")
