"""Links between local accounts and identities at an external provider."""

from django.conf import settings
from django.db import models


class ExternalIdentity(models.Model):
    """An identity (issuer + subject) at a 统一身份认证 provider that signs in as a local account."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="本地账号", on_delete=models.PROTECT,
                             related_name="external_identities")
    issuer = models.CharField("身份提供方", max_length=300)
    subject = models.CharField("外部标识", max_length=255)
    linked_at = models.DateTimeField("关联时间")
    linked_by = models.CharField("关联方式", max_length=100)
    last_login_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        verbose_name = "外部身份"
        verbose_name_plural = "外部身份"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")]

    def __str__(self) -> str:
        return f"{self.user} ← {self.subject}"
