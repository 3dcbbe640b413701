"""Choices of the official documents (党政机关公文处理工作条例 2012, GB/T 9704-2012)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocKind(models.TextChoices):
    """文种 (条例第八条: the fifteen kinds of official document)."""

    RESOLUTION = "resolution", _("决议")
    DECISION = "decision", _("决定")
    ORDER = "order", _("命令（令）")
    COMMUNIQUE = "communique", _("公报")
    ANNOUNCEMENT = "announcement", _("公告")
    PUBLIC_NOTICE = "public_notice", _("通告")
    OPINION = "opinion", _("意见")
    NOTICE = "notice", _("通知")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REQUEST = "request", _("请示")
    REPLY = "reply", _("批复")
    MOTION = "motion", _("议案")
    LETTER = "letter", _("函")
    MINUTES = "minutes", _("纪要")


# Upward-going kinds carry the 签发人 in the header (GB/T 9704-2012 7.2.6).
UPWARD_KINDS = frozenset({DocKind.REPORT, DocKind.REQUEST, DocKind.MOTION})


class Secrecy(models.TextChoices):
    NONE = "", _("非密")
    SECRET = "secret", _("秘密")
    CONFIDENTIAL = "confidential", _("机密")
    TOP_SECRET = "top_secret", _("绝密")


class Urgency(models.TextChoices):
    NORMAL = "", _("普通")
    URGENT = "urgent", _("加急")
    EXTRA_URGENT = "extra_urgent", _("特急")


class Openness(models.TextChoices):
    """公开属性."""

    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_PUBLIC = "not_public", _("不予公开")


class DocStatus(models.TextChoices):
    DRAFT = "draft", _("拟稿")
    IN_ROUTE = "in_route", _("审核中")
    SIGNED = "signed", _("已签发")
    DISPATCHED = "dispatched", _("已分发")
    VOIDED = "voided", _("已作废")


EDITABLE = frozenset({DocStatus.DRAFT, DocStatus.IN_ROUTE})


class DocAction(models.TextChoices):
    CREATE = "create", _("拟稿")
    SAVE = "save", _("修改正文")
    IMPORT = "import", _("导入正文")
    SUBMIT = "submit", _("送核稿")
    REVIEW = "review", _("核稿")
    COUNTERSIGN = "countersign", _("会签")
    SIGN_OFF = "sign_off", _("签发")
    RETURN = "return", _("退回")
    NUMBER_VOID = "number_void", _("作废文号")
    DISPATCH = "dispatch", _("分发")
    RECEIPT = "receipt", _("签收")
    DISCLOSE = "disclose", _("主动公开")
    PRINT = "print", _("打印")
    ACCEPT = "accept", _("接受修订")
    REJECT = "reject", _("拒绝修订")


# The route's step keys (platform_core fixed route "oa-outgoing").
STEP_REVIEW = "review"
STEP_COUNTERSIGN = "countersign"
STEP_SIGN_OFF = "signoff"


# File centre: how a file's type (the kind sniffed from its content) reads in the change history.
FILE_KIND_LABELS = {
    "pdf": _("PDF 文件"),
    "ofd": _("OFD 版式文件"),
    "docx": _("Word 文档"),
    "doc": _("Word 文档"),
    "xlsx": _("Excel 表格"),
    "xls": _("Excel 表格"),
    "png": _("PNG 图片"),
    "jpeg": _("JPEG 图片"),
    "gif": _("GIF 图片"),
    "txt": _("纯文本"),
}
# --- Internal mail (我的公务邮箱) and the address book (公共通讯录) ----------------------


class MailBox(models.TextChoices):
    """Where a copy of a message sits in one person's mailbox."""

    INBOX = "inbox", _("收件箱")
    SENT = "sent", _("已发送")
    DRAFTS = "drafts", _("草稿箱")
    TRASH = "trash", _("已删除")
    FOLDER = "folder", _("自定义文件夹")


class MailRole(models.TextChoices):
    """How the owner of a mailbox copy is related to the message."""

    SENDER = "sender", _("发件人")
    TO = "to", _("收件人")
    CC = "cc", _("抄送")
    BCC = "bcc", _("密送")


class MailStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT = "sent", _("已发送")


class MobileScope(models.TextChoices):
    COUNTY = "county", _("全县可见")
    UNIT = "unit", _("仅本单位可见")


class SupervisionStatus(models.TextChoices):
    """督办事项的状态."""

    OPEN = "open", _("办理中")
    SUBMITTED = "submitted", _("待审核办结")
    CLOSED = "closed", _("已办结")


class SupervisionSource(models.TextChoices):
    """督办来源: a document, a meeting decision or a leader's instruction."""

    DOCUMENT = "document", _("公文")
    MEETING = "meeting", _("会议议定事项")
    INSTRUCTION = "instruction", _("领导批示")


class Retention(models.TextChoices):
    """保管期限 (DA/T 22-2015 §6: 永久, 定期30年, 定期10年); the code is the one in the 档号."""

    PERMANENT = "Y", _("永久")
    YEARS_30 = "D30", _("30年")
    YEARS_10 = "D10", _("10年")
