"""The built-in roles and what each may do (Django permissions, by "app_label.codename").

Which objects a holder may act on is decided by scope (see `permissions.py`): the units where the
person holds the role and everything below them, unless the role has global scope. The three
security roles are kept apart (三员分立): the system administrator maintains units and people, the
security administrator assigns roles and unlocks accounts, the audit administrator only reads the
audit logs; none of them can do another's work.
"""

from .constants import RoleCode

# Every staff member may look up the units and the colleagues within their own scope (the internal
# directory); who that is follows from scope, not from the role.
STAFF_DIRECTORY = ["platform_core.view_orgunit", "platform_core.view_user"]

ROLE_DEFINITIONS: dict[str, dict] = {
    RoleCode.WINDOW_CLERK: {
        "global_scope": False,
        "permissions": [*STAFF_DIRECTORY, "platform_core.view_formsubmission"],
    },
    # 审批科员 also keep their unit's documents: they archive them (归档, oa.archive_record), as
    # the 档案员 role does; a county with archivists in post may take it from this role.
    RoleCode.REVIEW_CLERK: {
        "global_scope": False,
        "permissions": [
            *STAFF_DIRECTORY,
            "platform_core.view_formsubmission",
            "oa.archive_record",
        ],
    },
    RoleCode.SECTION_HEAD: {
        "global_scope": False,
        "permissions": ["platform_core.view_orgunit", "platform_core.view_user"],
    },
    # 分管领导 also approve the publication of their departments' licensing items.
    RoleCode.LEADER: {
        "global_scope": False,
        "permissions": [
            "platform_core.view_orgunit",
            "platform_core.view_user",
            "approval.approve_item",
        ],
    },
    # 事项管理员: keeps the licensing item catalogue of the units where they hold the post
    # (drafts, copies, retirement, import and export); publication needs a leader's approval.
    # They also draw their items' review routes (办理流程) in the route designer (issue 18).
    RoleCode.ITEM_ADMIN: {
        "global_scope": False,
        "permissions": [*STAFF_DIRECTORY, "approval.manage_item", "platform_core.design_process"],
    },
    # 档案员: archives the concluded documents and closed supervision items of the units where
    # they hold the post (归档 by item, DA/T 22-2015), and exports the packages for handover.
    RoleCode.ARCHIVIST: {
        "global_scope": False,
        "permissions": [*STAFF_DIRECTORY, "oa.archive_record"],
    },
    RoleCode.DISCLOSURE_OFFICER: {"global_scope": False, "permissions": STAFF_DIRECTORY},
    # 信息员 also keep the OA public libraries (文档库、刊物库、公告牌、法律法规库).
    RoleCode.WEB_EDITOR: {
        "global_scope": False,
        "permissions": [*STAFF_DIRECTORY, "oa.edit_resource"],
    },
    RoleCode.SUPERVISOR: {
        "global_scope": True,
        "permissions": ["platform_core.view_orgunit", "platform_core.view_user"],
    },
    RoleCode.SYSTEM_ADMIN: {
        "global_scope": True,
        "permissions": [
            "platform_core.view_orgunit",
            "platform_core.add_orgunit",
            "platform_core.change_orgunit",
            "platform_core.view_user",
            "platform_core.add_user",
            "platform_core.change_user",
            "platform_core.manage_people",
            "platform_core.view_post",
            "platform_core.view_calendarday",
            "platform_core.add_calendarday",
            "platform_core.change_calendarday",
            "platform_core.delete_calendarday",
            "platform_core.view_notification",
            "platform_core.resend_notification",
            "platform_core.design_form",
            "platform_core.design_process",
            # Single sign-on: registering the systems that log in with the county's accounts.
            "platform_core.view_oidcclient",
            "platform_core.manage_oidcclient",
            # Code tables (数据字典): extended in Django admin; entries are disabled, not deleted.
            "platform_core.view_codetable",
            "platform_core.add_codetable",
            "platform_core.change_codetable",
            "platform_core.view_codeentry",
            "platform_core.add_codeentry",
            "platform_core.change_codeentry",
            # Configuration kept in the admin (/admin/): the licensing catalogue, deadline
            # thresholds, e-supervision rules, the site's identity, channels and word list.
            # Business records are handled in the back office, where the routes apply.
            "platform_core.view_clockpolicy",
            "platform_core.change_clockpolicy",
            "platform_core.view_searchsynonym",
            "platform_core.add_searchsynonym",
            "platform_core.change_searchsynonym",
            "platform_core.delete_searchsynonym",
            "approval.view_licensingitem",
            "approval.add_licensingitem",
            "approval.change_licensingitem",
            "approval.view_windowgrant",
            "approval.add_windowgrant",
            "approval.change_windowgrant",
            "approval.delete_windowgrant",
            "approval.view_supervisionrule",
            "approval.change_supervisionrule",
            # OA file centre quotas and the list of periodicals (刊物).
            "oa.view_cabinet",
            "oa.change_cabinet",
            # 邮箱空间管理: each person's mailbox quota (usage is kept by the mail services).
            "oa.view_mailquota",
            "oa.change_mailquota",
            "oa.view_periodical",
            "oa.add_periodical",
            "oa.change_periodical",
            "portal.view_sitesettings",
            "portal.change_sitesettings",
            "portal.view_channel",
            "portal.add_channel",
            "portal.change_channel",
            "portal.view_sensitiveword",
            "portal.add_sensitiveword",
            "portal.change_sensitiveword",
            # 会议室 (OA meetings book them; the administrator keeps the list).
            "oa.view_meetingroom",
            "oa.add_meetingroom",
            "oa.change_meetingroom",
            "portal.delete_sensitiveword",
            "portal.view_article",
        ],
    },
    RoleCode.SECURITY_ADMIN: {
        "global_scope": True,
        "permissions": [
            "platform_core.view_orgunit",
            "platform_core.view_user",
            "platform_core.view_post",
            "platform_core.add_post",
            "platform_core.change_post",
            "platform_core.assign_post",
            "platform_core.view_role",
            "platform_core.change_role",
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            # Credentials of the systems that call the API are security, not configuration.
            "approval.view_apiclient",
            "approval.add_apiclient",
            "approval.change_apiclient",
        ],
    },
    RoleCode.AUDIT_ADMIN: {
        "global_scope": True,
        "permissions": ["platform_core.view_audit", "platform_core.view_loginevent"],
    },
}
