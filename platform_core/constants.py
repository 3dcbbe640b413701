"""Choices used across the support platform."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    STAFF = "staff", _("工作人员")
    CITIZEN = "citizen", _("公众用户")


class PersonType(models.TextChoices):
    NATURAL = "natural", _("自然人")
    LEGAL = "legal", _("法人")


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇（街道）")
    SECTION = "section", _("科室")


class RoleCode(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("窗口受理员")
    REVIEW_CLERK = "review_clerk", _("审批科员")
    SECTION_HEAD = "section_head", _("科室负责人")
    LEADER = "leader", _("分管领导")
    DISCLOSURE_OFFICER = "disclosure_officer", _("信息公开专员")
    WEB_EDITOR = "web_editor", _("网站编辑")
    SUPERVISOR = "supervisor", _("督查员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    ITEM_ADMIN = "item_admin", _("事项管理员")
    ARCHIVIST = "archivist", _("档案员")


class LoginEventKind(models.TextChoices):
    LOGIN = "login", _("登录成功")
    FAILED = "failed", _("登录失败")
    LOCKED = "locked", _("账号锁定")
    LOGOUT = "logout", _("退出登录")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内消息")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class SmsPurpose(models.TextChoices):
    LOGIN = "login", _("登录/注册")
