"""协同办公's entry page (/office/oa/): the office tools, each with what it is for."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..selectors.mail import may_manage_quotas
from .common import oa_staff_required

TOOLS = (
    ("oa:documents", _("发文"), _("拟稿、核稿、会签、签发、编号与分发")),
    ("oa:receipts", _("收文签收"), _("其他单位分发给本单位的公文")),
    ("oa:incoming", _("收文"), _("登记、拟办、批示、承办与传阅")),
    ("oa:supervision", _("督办"), _("督办事项的立项、进展、催办与办结")),
    ("oa:archive", _("归档"), _("公文和督办事项的档号与归档包")),
    ("oa:mail_inbox", _("公务邮箱"), _("收发邮件、草稿、文件夹与回执")),
    ("oa:contacts", _("通讯录"), _("全县单位与人员，可按拼音查找")),
    ("oa:calendar", _("日程安排"), _("个人与领导日程、提醒、订阅")),
    ("oa:meetings", _("会议管理"), _("会议通知、会议室、回执、签到与纪要")),
    ("oa:notices", _("通知公告"), _("机关内部通知、阅读情况与留言")),
    ("oa:files", _("文件中心"), _("部门与个人文件柜、共享与版本")),
    ("oa:resources", _("公共资源"), _("文档库、刊物库、公告牌与法律法规库")),
    ("oa:sms_threads", _("短信收发"), _("短信发送、状态与双向会话")),
    ("oa:duty_rosters", _("值班管理"), _("排班、换班、电话记录与交接班")),
)


# Settings of the office tools, each shown only to who may open it (the permission test).
ADMIN_TOOLS = (
    (
        "oa:mail_quotas",
        _("邮箱空间管理"),
        _("设置人员的公务邮箱空间上限，查看各人已用空间"),
        may_manage_quotas,
    ),
)


@oa_staff_required
def office_home(request):
    tools = [
        {"url": reverse(name), "label": label, "description": description}
        for name, label, description in TOOLS
    ]
    admin_tools = [
        {"url": reverse(name), "label": label, "description": description}
        for name, label, description, may_open in ADMIN_TOOLS
        if may_open(request.user)
    ]
    return render(request, "oa/office/home.html", {"tools": tools, "admin_tools": admin_tools})
