"""Choices of the citizen interaction platform (政民互动)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    CONSULTATION = "consultation", _("咨询")
    EFFICIENCY = "efficiency", _("效能投诉")
    MAYOR = "mayor", _("县长信箱")


class Source(models.TextChoices):
    """Where a case came from on the portal: the 政民互动 form itself, the 招商引资 channel's
    online consultation, or the 咨询 button of a service-hall item guide (one consultation for the
    whole portal)."""

    FORM = "", _("政民互动")
    INVESTMENT = "investment", _("招商引资")
    SERVICE_ITEM = "service_item", _("办事指南")
    OPEN311 = "open311", _("开放接口")


# Default time limits in working days (an administrator edits them in KindPolicy).
DEFAULT_LIMITS = {
    Kind.CONSULTATION: 5,
    Kind.COMPLAINT: 15,
    Kind.SUGGESTION: 15,
    Kind.EFFICIENCY: 10,
    Kind.MAYOR: 15,
}
# 信访工作条例 第三十二条、第三十七条: decide on acceptance within 15 days, handle within 60,
# extend by at most 30 (counted on the platform's working-day clock, as the issue asks).
PETITION_ACCEPT_DAYS = 15
PETITION_HANDLE_DAYS = 60
PETITION_MAX_EXTENSION_DAYS = 30
# The office triages an ordinary case within this many working days of its arrival.
TRIAGE_DAYS = 2
RATING_WINDOW_DAYS = 14  # calendar days after the reply is published
# Trigram similarity of title + content above which an open case is flagged as a likely duplicate.
DUPLICATE_SIMILARITY = 0.3


class Channel(models.TextChoices):
    ONLINE = "online", _("网上")
    LETTER = "letter", _("来信")
    CALL = "call", _("来电")
    VISIT = "visit", _("来访")


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    RETURNED = "returned", _("已退回待重新交办")
    REVIEW = "review", _("答复待审核")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已并案")


OPEN_STATUSES = (
    CaseStatus.SUBMITTED,
    CaseStatus.ASSIGNED,
    CaseStatus.RETURNED,
    CaseStatus.REVIEW,
)


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    SENT_BACK = "sent_back", _("审核退回")
    APPROVED = "approved", _("已审核发布")


class Score(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class CaseAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    REGISTER = "register", _("登记")
    ASSIGN = "assign", _("交办")
    RETURN = "return", _("退回")
    DRAFT = "draft", _("拟写答复")
    SUBMIT_REPLY = "submit_reply", _("提交答复审核")
    APPROVE = "approve", _("审核通过并发布")
    SEND_BACK = "send_back", _("审核退回")
    PUBLIC = "public", _("设置公开")
    RATE = "rate", _("评议")
    REOPEN = "reopen", _("重新办理")
    CLOSE = "close", _("办结")
    FOLLOW_UP = "follow_up", _("回访")
    EXTEND = "extend", _("延期")
    ATTACH = "attach", _("上传附件")
    MERGE = "merge", _("并案")
    FEATURE = "feature", _("设为重点关注")
    UNFEATURE = "unfeature", _("取消重点关注")


class FollowUpMethod(models.TextChoices):
    PHONE = "phone", _("电话回访")
    VISIT = "visit", _("上门回访")
    SMS = "sms", _("短信回访")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    LIVE = "live", _("已上线")
    RETIRED = "retired", _("已停用")


# --- 意见征集 (opinion solicitation) -----------------------------------------------------------
# A draft policy is open for comment at least this many days unless the department says why
# not (重大行政决策程序暂行条例 第十四条: 征求意见的期限一般不少于30日).
SOLICITATION_MIN_DAYS = 30
OPINION_MODERATION_DAYS = 2  # working days to moderate a comment
REPORT_DAYS = 15  # working days after closing to publish the adoption report
# Case clock processes of a solicitation: every comment moderated (by OPINION_MODERATION_DAYS
# after closing), and the adoption report published (by REPORT_DAYS after closing).
COMMENT_CLOCK = "interaction.solicitation_comments"
REPORT_CLOCK = "interaction.solicitation_report"


class SolicitationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    REPORTED = "reported", _("已公布采纳情况")


class OpinionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    SHOWN = "shown", _("已公开")
    REJECTED = "rejected", _("不予公开")


class Adoption(models.TextChoices):
    UNDECIDED = "", _("未处理")
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not", _("不予采纳")
