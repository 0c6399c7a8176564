"""Workspace page for the home page's 政务服务 block."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from xxgk.platform.errors import DomainError
from xxgk.platform.policy import require
from xxgk.workspace.views import staff_required

from .models import ServiceLink
from .services import service_block, service_block_save

LINK_ROWS = 8


@staff_required
def services_edit(request):
    require(request.user, "portal.manage_services", request=request, message="只有系统管理员或本级公开办可以维护政务服务模块。")
    block = service_block()
    status = 200
    if request.method == "POST":
        post = request.POST
        links = [{"kind": post.get(f"kind_{n}", "matter"), "title": post.get(f"title_{n}", ""),
                  "url": post.get(f"url_{n}", "")} for n in range(LINK_ROWS) if post.get(f"title_{n}", "").strip()]
        try:
            service_block_save(actor=request.user, at=timezone.now(), title=post.get("title", ""),
                               intro=post.get("intro", ""), hotline=post.get("hotline", ""),
                               portal_url=post.get("portal_url", ""), is_visible=post.get("is_visible") == "on",
                               links=links, request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, "政务服务模块已保存，首页已更新。")
            return redirect("workspace:portal_services")
    existing = list(block.links.all()) if block else []
    rows = [(n, existing[n] if n < len(existing) else None) for n in range(LINK_ROWS)]
    return render(request, "portal/services_edit.html", {"block": block, "rows": rows, "kinds": ServiceLink.KINDS},
                  status=status)
