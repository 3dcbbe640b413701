"""Choices and fixed numbers of the licensing subsystem."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# 行政许可法 第三十二条: the department decides on acceptance within five (working) days of receipt;
# when it says nothing in that time the application counts as accepted on the day it was received.
ACCEPTANCE_WORKING_DAYS = 5
# Region code at the head of application numbers (431127-YYYYMMDD-NNNNN).
REGION_CODE = getattr(settings, "APPROVAL_REGION_CODE", "431127")
CLOCK_PROCESS = "approval"


class ItemKind(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    CONFIRMATION = "confirmation", _("行政确认")
    PAYMENT = "payment", _("行政给付")
    OTHER = "other", _("其他行政权力")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    BOTH = "both", _("原件及复印件")
    ELECTRONIC = "electronic", _("电子材料")


class Channel(models.TextChoices):
    INTERNET = "internet", _("网上申请")
    COUNTER = "counter", _("窗口申请")


class AppStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("待受理")
    CORRECTION = "correction", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    # After acceptance (approval/services/decision.py): review ends → decision → delivery → 办结.
    DECIDING = "deciding", _("待决定")
    GRANTED = "granted", _("准予许可")
    REFUSED = "refused", _("不予许可")
    DELIVERED = "delivered", _("已送达")
    CONCLUDED = "concluded", _("已办结")


class EventKind(models.TextChoices):
    SUBMIT = "submit", _("提交申请")
    REGISTER = "register", _("窗口登记")
    ACCEPT = "accept", _("受理")
    ACCEPT_DEFERRED = "accept_deferred", _("容缺受理")
    DEEMED_ACCEPT = "deemed_accept", _("逾期视为受理")
    CORRECTION = "correction", _("一次性告知补正")
    RESUBMIT = "resubmit", _("补正材料")
    REJECT = "reject", _("不予受理")
    REVIEW_DONE = "review_done", _("审查完成")
    GRANT = "grant", _("准予行政许可")
    REFUSE = "refuse", _("不予行政许可")
    EXTEND = "extend", _("延长办理时限")
    SPECIAL_START = "special_start", _("特别程序开始")
    SPECIAL_END = "special_end", _("特别程序结束")
    DELIVER = "deliver", _("送达")
    CONCLUDE = "conclude", _("办结")
    RATE = "rate", _("服务评价")
    FEE = "fee", _("收费登记")


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理通知书")
    DEFERRED = "deferred", _("容缺受理通知书")
    CORRECTION = "correction", _("补正材料通知书")
    REJECTION = "rejection", _("不予受理通知书")
    GRANT = "grant", _("准予行政许可决定书")
    REFUSAL = "refusal", _("不予行政许可决定书")
    EXTENSION = "extension", _("延长办理期限告知书")
    SPECIAL = "special", _("特别程序告知书")


# Short code of each notice kind in its document number (e.g. 蓝审受〔2026〕00001号 → SL).
NOTICE_PREFIX = {
    NoticeKind.ACCEPTANCE: "SL",
    NoticeKind.DEFERRED: "RQ",
    NoticeKind.CORRECTION: "BZ",
    NoticeKind.REJECTION: "BY",
    NoticeKind.EXTENSION: "YQ",
    NoticeKind.SPECIAL: "TB",
}
