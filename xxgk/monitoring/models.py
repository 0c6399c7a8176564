"""The channel registry (portal columns, 政务新媒体 accounts), their update records, alerts, and 报送/采用."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from xxgk.agencies.models import Agency


class Channel(models.Model):
    """A portal column or a new-media account; closing one is recorded, never deleted."""

    KINDS = [("column", "门户网站栏目"), ("account", "政务新媒体账号")]
    COLUMN_CLASSES = [("home", "首页"), ("news", "动态要闻类"), ("notice", "通知公告类"), ("policy", "政策文件类"),
                      ("other", "其他栏目")]
    PLATFORMS = [("wechat", "微信公众号"), ("weibo", "微博"), ("douyin", "抖音"), ("toutiao", "今日头条"),
                 ("other", "其他平台")]
    STATUSES = [("active", "正常运行"), ("suspended", "暂停更新"), ("closed", "已关停注销")]
    agency = models.ForeignKey(Agency, verbose_name="主办机关", on_delete=models.PROTECT, related_name="channels")
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    name = models.CharField("名称", max_length=100)
    column_class = models.CharField("栏目类别", max_length=10, choices=COLUMN_CLASSES, blank=True)
    platform = models.CharField("平台", max_length=10, choices=PLATFORMS, blank=True)
    account_id = models.CharField("账号", max_length=100, blank=True)
    url = models.CharField("地址", max_length=300, blank=True)
    feed_url = models.URLField("RSS/Atom 地址", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default="active", db_index=True)
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    started_on = models.DateField("开通日期")
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "渠道"
        verbose_name_plural = "渠道"
        ordering = ["agency__path", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "name"], name="channel_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def catalog_kind(self) -> str:
        """The report's channel kind this channel counts under (门户网站 / 政务新媒体)."""
        return "portal" if self.kind == "column" else "wechat"


class ChannelStatusChange(models.Model):
    """History of a channel's status: opened, suspended, closed — with date and reason."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField("状态", max_length=10, choices=Channel.STATUSES)
    on = models.DateField("日期")
    reason = models.TextField("原因", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "渠道状态变更"
        verbose_name_plural = "渠道状态变更"
        ordering = ["channel", "on", "id"]

    def __str__(self) -> str:
        return f"{self.channel} {self.get_status_display()} {self.on}"


class ChannelUpdate(models.Model):
    """One update of a channel (a post, an article) entered, imported or fetched from a feed."""

    SOURCES = [("manual", "人工登记"), ("import", "文件导入"), ("feed", "订阅抓取")]
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="updates")
    on = models.DateField("更新日期", db_index=True)
    title = models.CharField("标题", max_length=300)
    url = models.CharField("链接", max_length=500, blank=True)
    source = models.CharField("来源", max_length=10, choices=SOURCES)
    external_id = models.CharField("外部标识", max_length=500, blank=True)
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "更新记录"
        verbose_name_plural = "更新记录"
        ordering = ["-on", "-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], condition=~Q(external_id=""),
                                               name="channelupdate_unique_external_id")]
        indexes = [models.Index(fields=["channel", "on"], name="channelupdate_latest_idx")]

    def __str__(self) -> str:
        return f"{self.channel} {self.on} {self.title}"


class MonitoringAlert(models.Model):
    """A warning (threshold near) or alert (threshold crossed) raised once by the daily check."""

    LEVELS = [("warning", "预警"), ("stale", "告警")]
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    rule_id = models.CharField("规则", max_length=40)
    rule_label = models.CharField("规则说明", max_length=100)
    target_key = models.CharField("对象", max_length=40)
    target_label = models.CharField("对象名称", max_length=200)
    level = models.CharField("级别", max_length=10, choices=LEVELS)
    stale_on = models.DateField("超限日期")
    last_update = models.DateField("最后更新", null=True, blank=True)
    raised_on = models.DateField("发出日期", db_index=True)

    class Meta:
        verbose_name = "监测预警"
        verbose_name_plural = "监测预警"
        ordering = ["-raised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["target_key", "rule_id", "level", "stale_on"],
                                               name="alert_once_per_threshold")]

    def __str__(self) -> str:
        return f"{self.target_label} {self.rule_label}"


class Submission(models.Model):
    """报送: an item an agency submitted to a superior portal, and whether it was used (采用)."""

    DECISIONS = [("pending", "待采用"), ("used", "已采用"), ("not_used", "未采用")]
    agency = models.ForeignKey(Agency, verbose_name="报送机关", on_delete=models.PROTECT, related_name="submissions")
    title = models.CharField("信息标题", max_length=300)
    target = models.CharField("报送平台", max_length=100)
    submitted_on = models.DateField("报送日期", db_index=True)
    item_index_number = models.CharField("对应信息索引号", max_length=60, blank=True)
    decision = models.CharField("采用情况", max_length=10, choices=DECISIONS, default="pending")
    decided_on = models.DateField("采用日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return self.title
