"""The 政务服务 block of the portal home page (links to the province's 政务服务网, guides, hotline)."""

from django.db import models


class ServiceBlock(models.Model):
    """The one 政务服务 block: its heading, introduction and hotline; hidden when switched off."""

    title = models.CharField("标题", max_length=50, default="政务服务")
    intro = models.CharField("说明", max_length=200, blank=True)
    hotline = models.CharField("服务热线", max_length=50, blank=True)
    portal_url = models.URLField("政务服务网地址", blank=True)
    is_visible = models.BooleanField("在首页展示", default=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "政务服务模块"
        verbose_name_plural = "政务服务模块"

    def __str__(self) -> str:
        return self.title


class ServiceLink(models.Model):
    """One link in the block: a matter on the 政务服务网, a service guide, or another service."""

    KINDS = [("matter", "办事事项"), ("guide", "办事指南"), ("other", "其他服务")]
    block = models.ForeignKey(ServiceBlock, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField("类别", max_length=10, choices=KINDS, default="matter")
    title = models.CharField("名称", max_length=100)
    url = models.URLField("地址")
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "政务服务链接"
        verbose_name_plural = "政务服务链接"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
