"""Choices of the disclosure catalogue (政府信息公开目录)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The process code of the 20-working-day clock (条例 第二十六条) on the platform's case clock.
CLOCK_PROCESS = "disclosure-proactive"
CLOCK_LIMIT_DAYS = 20
PUBLIC_ROOT = "xxgk/"  # the channel's directory under the published site
LIST_PAGE_SIZE = 20


class Subject(models.TextChoices):
    """主题分类: the State Council's subject categories of documents (国务院公文主题分类)."""

    ORGANISATION = "01", _("国务院组织机构")
    GENERAL = "02", _("综合政务")
    ECONOMY = "03", _("国民经济管理、国有资产监管")
    FINANCE = "04", _("财政、金融、审计")
    LAND = "05", _("国土资源、能源")
    AGRICULTURE = "06", _("农业、林业、水利")
    INDUSTRY = "07", _("工业、交通")
    TRADE = "08", _("商贸、海关、旅游")
    MARKET = "09", _("市场监管、安全生产监管")
    CONSTRUCTION = "10", _("城乡建设、环境保护")
    SCIENCE = "11", _("科技、教育")
    CULTURE = "12", _("文化、广电、新闻出版")
    HEALTH = "13", _("卫生、体育")
    POPULATION = "14", _("人口与计划生育、妇女儿童工作")
    LABOUR = "15", _("劳动、人事、监察")
    SECURITY = "16", _("公安、安全、司法")
    CIVIL = "17", _("民政、扶贫、救灾")
    ETHNIC = "18", _("民族、宗教")
    FOREIGN = "19", _("对外事务")
    HMT = "20", _("港澳台侨工作")
    DEFENCE = "21", _("国防")
    OTHER = "22", _("其他")


class Genre(models.TextChoices):
    """体裁: the kind of document."""

    DECISION = "decision", _("决定")
    ORDER = "order", _("命令（令）")
    ANNOUNCEMENT = "announcement", _("公告")
    NOTICE_PUBLIC = "notice_public", _("通告")
    OPINION = "opinion", _("意见")
    NOTICE = "notice", _("通知")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REPLY = "reply", _("批复")
    MEASURES = "measures", _("办法")
    RULES = "rules", _("规定")
    PLAN = "plan", _("方案")
    PROGRAMME = "programme", _("规划")
    INTERPRETATION = "interpretation", _("政策解读")
    BUDGET = "budget", _("预决算")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    """有效性. A document that is no longer in force says so prominently on its page."""

    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class ColumnKind(models.TextChoices):
    """What a column holds: items of the catalogue, or one of the standard fixed sections."""

    CATALOGUE = "catalogue", _("公开目录")
    GUIDE = "guide", _("信息公开指南")
    RULES = "rules", _("信息公开制度")
    REPORT = "report", _("信息公开年报")
    REQUEST = "request", _("依申请公开")


class FindingKind(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证号码")
    MOBILE = "mobile", _("手机号码")
    BANK_CARD = "bank_card", _("银行卡号")
    NAME = "name", _("号码旁的自然人姓名")


class ItemAction(models.TextChoices):
    CREATE = "create", _("录入")
    UPDATE = "update", _("修改")
    SUBMIT = "submit", _("送审")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")
    VALIDITY = "validity", _("变更有效性")
    SCAN = "scan", _("隐私检查")
    OVERRIDE = "override", _("隐私检查放行")
    ATTACH = "attach", _("上传附件")
    DETACH = "detach", _("删除附件")
    LINK = "link", _("关联政策解读")


STATUS_EDITABLE = (ItemStatus.DRAFT, ItemStatus.RETURNED)
