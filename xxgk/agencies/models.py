"""机关 (agencies), users, memberships (user × agency × role) and applicant profiles."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from xxgk.core.credit_code import credit_code_problem


def validate_credit_code(value: str) -> None:
    """Model-level validator: refuse a code whose structure or check character is wrong."""
    problem = credit_code_problem(value)
    if problem is not None:
        raise ValidationError(problem.message, code="credit_code")


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "街道办事处/乡镇"
    VILLAGE = "village", "村（社区）"
    OTHER = "other", "其他"


class Agency(models.Model):
    """An administrative agency (行政机关) or other body that discloses information."""

    name = models.CharField("全称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=16, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path "/1/5/23/": a subtree is one indexed prefix query at any scale.
    path = models.CharField("路径", max_length=255, db_index=True, editable=False, default="")
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    # The contact block that the 政府信息公开指南 must give (条例第12条).
    office_name = models.CharField("受理机构名称", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    phone = models.CharField("电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网址", blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestor_paths(self) -> list[str]:
        """Return the paths of this agency and every agency above it, root first."""
        return [self.path[:i + 1] for i, ch in enumerate(self.path) if ch == "/"][1:]

    @property
    def depth(self) -> int:
        return self.depth_of(self.path)

    @staticmethod
    def depth_of(path: str) -> int:
        """Return the tree depth of an agency with this path (0 for the root)."""
        return max(path.count("/") - 2, 0)

    GUIDE_FIELDS = ("office_name", "address", "postcode", "office_hours", "phone", "fax", "email", "website")

    def missing_guide_fields(self) -> list[str]:
        """Return the verbose names of 指南 contact fields still empty."""
        return [str(self._meta.get_field(f).verbose_name) for f in self.GUIDE_FIELDS if not getattr(self, f)]


class User(AbstractUser):
    """A person who signs in: staff (through memberships) or a member of the public."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    HANDLER = "handler", "经办人"
    REVIEWER = "reviewer", "审核人"
    APPROVER = "approver", "负责人"
    SUPERVISOR = "supervisor", "公开办"
    SYSADMIN = "sysadmin", "系统管理员"


class Membership(models.Model):
    """A staff role held by a user in an agency; 公开办 covers the agency's whole subtree."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    created_at = models.DateTimeField("授予时间")

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_user_agency_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class ApplicantKind(models.TextChoices):
    NATURAL = "natural", "自然人"
    LEGAL = "legal", "法人或其他组织"


class OrgType(models.TextChoices):
    """Organisation types exactly as the annual report's section 三 columns name them."""

    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


class Applicant(models.Model):
    """A public user's applicant profile (申请人): natural person or legal person/organisation."""

    user = models.OneToOneField(User, verbose_name="用户", on_delete=models.PROTECT, related_name="applicant")
    kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    name = models.CharField("姓名/名称", max_length=100)
    org_type = models.CharField("组织类型", max_length=16, choices=OrgType.choices, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=6, blank=True)
    created_at = models.DateTimeField("注册时间")

    class Meta:
        verbose_name = "申请人"
        verbose_name_plural = "申请人"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="natural", org_type="") | models.Q(kind="legal") & ~models.Q(org_type=""),
                name="applicant_org_type_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name
