"""通知公告: a notice drafted with the shared editor, approved on a platform route, published to
a scope (the whole county, units or people), read-tracked, with a moderated comment board and an
expiry date."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class NoticeScope(models.TextChoices):
    COUNTY = "county", _("全县")
    UNITS = "units", _("指定单位")
    PEOPLE = "people", _("指定人员")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class Notice(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布单位"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("拟稿人"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    scope = models.CharField(
        _("发布范围"), max_length=16, choices=NoticeScope.choices, default=NoticeScope.COUNTY
    )
    scope_units = models.ManyToManyField(
        "platform_core.OrgUnit", blank=True, related_name="+", verbose_name=_("范围单位")
    )
    scope_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("范围人员")
    )
    is_pinned = models.BooleanField(_("置顶"), default=False)
    comments_open = models.BooleanField(_("开放留言"), default=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    process = models.ForeignKey(
        "platform_core.RouteProcess",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核流程"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    review_comment = models.CharField(_("审核意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[], excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-is_pinned", "-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-published_at"],
                condition=Q(status="published"),
                name="oa_notice_published",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class NoticeRead(models.Model):
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="reads", verbose_name=_("通知")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("读者")
    )
    read_at = models.DateTimeField(_("阅读时间"), default=timezone.now)

    class Meta:
        verbose_name = _("阅读记录")
        verbose_name_plural = _("阅读记录")
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="oa_notice_read_once")
        ]
        indexes = [models.Index(fields=["user", "notice"], name="oa_notice_read_by_user")]

    def __str__(self) -> str:
        return f"{self.notice_id}:{self.user_id}"


class NoticeComment(models.Model):
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="comments", verbose_name=_("通知")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("留言人"),
    )
    body = models.TextField(_("留言内容"), max_length=1000)
    status = models.CharField(
        _("审核状态"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    created_at = models.DateTimeField(_("留言时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:20]
