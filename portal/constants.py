"""Choices of the public portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListTemplate(models.TextChoices):
    LIST = "list", _("标题列表")
    PICTURE = "picture", _("图文列表")
    POLICY = "policy", _("文件列表（含文号）")


class PageTemplate(models.TextChoices):
    ARTICLE = "article", _("普通文章")
    POLICY = "policy", _("政策文件")


class HomeBlock(models.TextChoices):
    """Where a column's latest articles appear on the home page (codes of home.html's tabs)."""

    NONE = "", _("不在首页显示")
    ZWYW = "zwyw", _("政务动态·政府要闻")
    BMDT = "bmdt", _("政务动态·部门动态")
    XZDT = "xzdt", _("政务动态·乡镇动态")
    TZGG = "tzgg", _("政务动态·通知公告")
    ZXGK = "zxgk", _("信息公开·最新公开")
    ZCWJ = "zcwj", _("信息公开·政策文件")
    ZCJD = "zcjd", _("信息公开·政策解读")
    INVESTMENT = "investment", _("招商引资")
    TOPICS = "topics", _("专题专栏")


class WordKind(models.TextChoices):
    """The lists of the pre-publish word check (敏感词库)."""

    BANNED = "banned", _("禁用词")
    MISSPELLING = "misspelling", _("易错词")
    LEADER = "leader", _("领导姓名职务")


class HomeSection(models.TextChoices):
    """The sections of the home page, in the order the site settings give them."""

    NEWS = "news", _("政务动态")
    DISCLOSURE = "disclosure", _("信息公开")
    SERVICES = "services", _("办事服务")
    INTERACTION = "interaction", _("政民互动")
    INVESTMENT = "investment", _("招商引资")
    TOPICS = "topics", _("专题专栏")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    SCHEDULED = "scheduled", _("已排期")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤稿")


# Two editors must not overwrite each other; a lock left by a closed browser expires on its own.
EDIT_LOCK_MINUTES = 15
LIST_PAGE_SIZE = 20
HOME_BLOCK_SIZE = 7


# Files an article may carry (portal/services/media.py checks uploads against these).
IMAGE_KINDS = ("jpeg", "png", "gif", "webp")
DOCUMENT_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "ofd", "zip")

# kind -> (label, accepted extensions)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "jpeg": ("JPEG", ("jpg", "jpeg")),
    "png": ("PNG", ("png",)),
    "gif": ("GIF", ("gif",)),
    "webp": ("WebP", ("webp",)),
    "pdf": ("PDF", ("pdf",)),
    "doc": ("Word（doc）", ("doc",)),
    "docx": ("Word（docx）", ("docx",)),
    "xls": ("Excel（xls）", ("xls",)),
    "xlsx": ("Excel（xlsx）", ("xlsx",)),
    "ofd": ("OFD", ("ofd",)),
    "zip": ("ZIP", ("zip",)),
}
