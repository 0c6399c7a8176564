"""Append-only audit log and the record of daily sweep runs."""

import secrets

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class AuditEvent(models.Model):
    """One security- or state-relevant event (审计日志); rows are only ever inserted."""

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept beside the FK so an event names who acted even for unknown usernames.
    actor_label = models.CharField("操作人标识", max_length=150, blank=True)
    action = models.CharField("事件", max_length=64, db_index=True)
    target_type = models.CharField("对象类型", max_length=64, blank=True)
    target_id = models.CharField("对象标识", max_length=64, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    # The chain: altering or deleting any row breaks it (`xxgk audit verify`).
    prev_hash = models.CharField("前一条摘要", max_length=64, blank=True, editable=False)
    row_hash = models.CharField("本条摘要", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditChainHead(models.Model):
    """The last link of the audit chain (one row): catches deletion of the newest rows, and serialises appends."""

    last_event_id = models.BigIntegerField("最后一条", null=True, blank=True)
    last_hash = models.CharField("最后摘要", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.last_event_id} {self.last_hash[:12]}"


class DailyRun(models.Model):
    """One run of `xxgk daily` for one calendar day; the unique day makes cron re-runs safe."""

    day = models.DateField("日期", unique=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    results = models.JSONField("结果", default=dict, blank=True)

    class Meta:
        verbose_name = "每日例行任务"
        verbose_name_plural = "每日例行任务"
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}"


def new_revision() -> int:
    """Return a random change token for a calendar year."""
    return secrets.randbelow(2**31 - 1) + 1


class CalendarYear(models.Model):
    """One year's official holiday arrangement (节假日安排), confirmed or still provisional."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    confirmed = models.BooleanField("已确认", default=False)
    source = models.CharField("来源", max_length=200, blank=True)
    # A fresh random token on every save, so every process can tell its cached calendar is stale
    # (a counter could repeat after a rolled-back transaction).
    revision = models.PositiveIntegerField("修订标记", default=new_revision)
    updated_at = models.DateTimeField("更新时间")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "节假日年度安排"
        verbose_name_plural = "节假日年度安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A day off (节假日) or a make-up working day (调休上班) in one year's arrangement."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "节假日"
        WORKDAY = "workday", "调休上班"

    year = models.ForeignKey(CalendarYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days")
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"
