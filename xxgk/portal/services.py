"""Services of the portal's 政务服务 block."""

from datetime import datetime

from django.db import transaction

from xxgk.platform.audit import audit_record
from xxgk.platform.errors import InvalidInput
from xxgk.platform.policy import require

from .models import ServiceBlock, ServiceLink

LINK_SCHEMES = ("http://", "https://")


def service_block() -> ServiceBlock | None:
    """Return the 政务服务 block if one has been set up."""
    return ServiceBlock.objects.prefetch_related("links").first()


def service_block_save(*, actor, at: datetime, title: str, intro: str, hotline: str, portal_url: str,
                       is_visible: bool, links: list[dict], request=None) -> ServiceBlock:
    """Replace the block's settings and links (each {kind, title, url}); links must be http(s)."""
    require(actor, "portal.manage_services", request=request, message="只有系统管理员或本级公开办可以维护政务服务模块。")
    if not title.strip():
        raise InvalidInput("请填写模块标题。", field="title")
    for n, link in enumerate(links, start=1):
        if not str(link.get("title", "")).strip() or not str(link.get("url", "")).startswith(LINK_SCHEMES):
            raise InvalidInput(f"第{n}个链接须填写名称和以 http:// 或 https:// 开头的地址。", field="links")
        if link.get("kind", "matter") not in dict(ServiceLink.KINDS):
            raise InvalidInput(f"第{n}个链接的类别无效。", field="links")
    if portal_url and not portal_url.startswith(LINK_SCHEMES):
        raise InvalidInput("政务服务网地址须以 http:// 或 https:// 开头。", field="portal_url")
    with transaction.atomic():
        block = ServiceBlock.objects.select_for_update(no_key=True).first() or ServiceBlock(updated_at=at)
        block.title, block.intro, block.hotline = title.strip(), intro.strip(), hotline.strip()
        block.portal_url, block.is_visible, block.updated_at = portal_url.strip(), is_visible, at
        block.save()
        block.links.all().delete()  # the links are the block's configuration, not public records
        ServiceLink.objects.bulk_create([ServiceLink(block=block, kind=link.get("kind", "matter"),
                                                     title=link["title"].strip(), url=link["url"].strip(), position=n)
                                         for n, link in enumerate(links)])
        audit_record(action="portal.services", at=at, actor=actor, request=request, target=block,
                     data={"links": len(links), "visible": is_visible})
    return block
