"""Permission matrix over HTTP: every role × every object kind × every action (issue 6).

The world (matrix_data.py) is built once: department A owns one object of every kind, department
B has staff in the same roles who guess A's ids and numbers, and the public side has the applicant,
a company account, a second citizen and an anonymous visitor. Each cell sends the real request
(GET a page, POST the form the page would post) and compares with the table below, which is
written from the rules (ADR 0002 and the role catalogue in platform_core/roles.py), not from
what the code happens to do:

- a role gives the permission ("may this person do this kind of thing"), the post's unit gives
  the scope ("on this object"); both are needed, and another department's id is a 404;
- the three security administrators (三员分立) keep to their own work: the system administrator
  designs forms and routes, maintains people and resends failed messages; the security
  administrator assigns posts; the audit administrator reads the logs. None of them reads or
  handles business objects (applications, cases, articles);
- licensing applications are for the licensing roles (窗口受理员, 审批科员, 科室负责人, 分管领导) of
  the handling department and for the supervisor (global); a web editor or disclosure officer of
  the same department has no business there;
- citizens reach only their own applications, notices, uploads and messages; the back office
  refuses them (403) and sends an anonymous visitor to the staff login page.

Outcomes: 200 page (its object shown when the row names a marker); nd: 200 but none of A's data
(a list filtered to nothing); 302 a write that succeeded (its effect is checked); 403/404 refused
and nothing changed; api: 401 or 403; lgs/lgc/lga: redirect to the staff / citizen / admin login.
Test ids read row-actor, e.g. ``appr_detail-weB``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from approval.models import Application, ExportEvent, ItemReview, LicensingItem, SupervisionCard
from disclosure.models import (
    AnnualReport,
    DisclosureRequest,  # disclosure (requests)
    ItemEvent,
    PrivacyFinding,
)
from disclosure.models import Column as DisclosureColumn
from disclosure.models import Item as DisclosureItem
from interaction.models import Case as InteractionCase
from interaction.models import Opinion, Solicitation
from interaction.models import Reply as InteractionReply
from oa.models import (
    ActionItem,
    ArchiveRecord,
    CabinetGrant,
    CalendarDelegation,
    CalendarEvent,
    Circulation,
    CirculationReader,
    Dispatch,
    DutyRecord,
    DutyRoster,
    DutyShift,
    FileEntry,
    FileVersion,
    Folder,
    Handling,
    IncomingAttachment,
    IncomingDocument,
    Law,
    MailAttachment,
    MailDelivery,
    MailFolder,
    MailMessage,
    MailQuota,
    MeetingAttachment,
    MeetingInvitee,
    MeetingNotice,
    Notice,
    NoticeComment,
    OutgoingDocument,
    ResourceFile,
    ShiftSwap,
    SmsMessage,
    SupervisionEvent,
    SupervisionItem,
)
from platform_core.models import (
    CaseEvent,
    CodeEntry,
    Delegation,
    FormDefinition,
    FormField,
    FormVersion,
    Notification,
    OidcClient,
    ProcessVersion,
    ReadingItem,
    StepDefinition,
    TaskInfo,
)
from portal.investment.models import InvestmentProject, ProjectStatus, TradeWarning, WarningLevel
from portal.models import Article, Channel, SensitiveWord, SiteSettings
from tests.security.matrix_data import (
    ACTORS,
    CAL_EVENT,
    INVESTMENT_PROJECT,
    MEETING,
    PUBLIC,
    STAFF_ACTORS,
    TRADE_WARNING,
    World,
    build_world,
)

STAFF_LOGIN = "/office/login/"
CITIZEN_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


# fmt: off
MATRIX = """
row               wc  rc  sh  ld  do  we  su  sy  se  au  wcB ldB weB ci  co  c2  an
office_home       200 200 200 200 200 200 200 200 200 200 200 200 200 403 403 403 lgs
audit_logins      403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 403 lgs
audit_changes     403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 403 lgs
notif_list        200 200 200 200 200 200 200 200 200 200 200 200 200 403 403 403 lgs
notif_read        404 302 404 404 404 404 404 404 404 404 404 404 404 403 403 403 lgs
cnotif_list       403 403 403 403 403 403 403 403 403 403 403 403 403 200 nd  nd  lgc
cnotif_read       403 403 403 403 403 403 403 403 403 403 403 403 403 302 404 404 lgc
outbox_list       403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
outbox_resend     403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
form_list         403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
form_create       403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
form_detail       403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
form_field_edit   403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
form_field_delete 403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
form_publish      403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
form_export       403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
submission        200 200 404 404 404 404 404 404 404 404 404 404 404 200 404 404 lgc
upload            200 200 404 404 404 404 404 404 404 404 404 404 404 200 404 404 lgc
route_list        403 403 200 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
sso_clients       403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
sso_client_new    403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
sso_client_edit   403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
codes_list        403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
codes_table       403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
code_new          403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
code_edit         403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
code_retire       403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
code_restore      403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
route_detail      403 403 200 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
route_graph       403 403 200 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
route_bpmn        403 403 200 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
route_new_draft   403 403 302 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
route_designer    403 403 200 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
route_design_save 403 403 400 403 403 403 403 400 403 403 403 403 403 403 403 403 lgs
case_detail       200 200 200 200 200 200 200 404 404 404 404 404 404 403 403 403 lgs
case_chart        200 200 200 200 200 200 200 404 404 404 404 404 404 403 403 403 lgs
case_comment      302 302 302 302 302 302 302 404 404 404 404 404 404 403 403 403 lgs
task_detail       200 200 200 200 200 200 200 404 404 404 404 404 404 403 403 403 lgs
task_complete     403 403 302 403 403 403 403 404 404 404 404 404 404 403 403 403 lgs
task_remind       302 302 302 302 302 302 302 404 404 404 404 404 404 403 403 403 lgs
delegations       200 200 200 200 200 200 200 200 200 200 200 200 200 403 403 403 lgs
delegation_revoke 404 404 404 404 404 302 404 404 404 404 404 404 404 403 403 403 lgs
inbox             200 200 200 200 200 200 200 200 200 200 200 200 200 403 403 403 lgs
reading_open      404 302 404 404 404 404 404 404 404 404 404 404 404 403 403 403 lgs
appr_home         200 200 200 200 nd  nd  200 nd  nd  nd  nd  nd  nd  403 403 403 lgs
counter_items     200 403 403 403 403 403 403 403 403 403 nd  403 403 403 403 403 lgs
counter_form      200 404 404 404 404 404 404 404 404 404 404 404 404 403 403 403 lgs
appr_detail       200 200 200 200 404 404 200 404 404 404 404 404 404 403 403 403 lgs
appr_accept       302 403 403 403 404 404 403 404 404 404 404 404 404 403 403 403 lgs
appr_notice_pdf   200 200 200 200 404 404 200 404 404 404 404 404 404 403 403 403 lgs
appr_file         200 200 200 200 404 404 200 404 404 404 404 404 404 403 403 403 lgs
handling_list     200 200 200 200 nd  nd  200 nd  nd  nd  nd  nd  nd  403 403 403 lgs
handling_detail   200 200 200 200 404 404 200 404 404 404 404 404 404 403 403 403 lgs
handling_grant    403 403 403 302 404 404 403 404 404 404 404 404 404 403 403 403 lgs
sv_dashboard      403 403 403 200 403 403 200 403 403 403 403 200 403 403 403 403 lgs
sv_data           403 403 403 200 403 403 200 403 403 403 403 200 403 403 403 403 lgs
sv_cases          403 403 403 200 403 403 200 403 403 403 403 nd  403 403 403 403 lgs
sv_performance    403 403 403 200 403 403 200 403 403 403 403 200 403 403 403 403 lgs
sv_perf_pdf       403 403 403 200 403 403 200 403 403 403 403 200 403 403 403 403 lgs
fee_record        302 302 302 302 404 404 403 404 404 404 404 404 404 403 403 403 lgs
sv_rules          403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 403 lgs
sv_cards          403 403 403 200 403 403 200 403 403 403 403 nd  403 403 403 403 lgs
sv_card_clear     403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 403 lgs
sv_export         403 403 403 403 403 403 200 200 403 403 403 403 403 403 403 403 lgs
sv_export_resend  403 403 403 403 403 403 302 302 403 403 403 403 403 403 403 403 lgs
portal_home       403 403 200 200 403 200 403 403 403 403 403 nd  nd  403 403 403 lgs
portal_queue      403 403 200 200 403 nd  403 403 403 403 403 nd  nd  403 403 403 lgs
article_new       403 403 403 403 403 200 403 403 403 403 403 403 200 403 403 403 lgs
article_create    403 403 403 403 403 302 403 403 403 403 403 403 200 403 403 403 lgs
article_detail    403 403 200 200 403 200 403 403 403 403 403 404 404 403 403 403 lgs
article_edit      403 403 403 403 403 302 403 403 403 403 403 404 404 403 403 403 lgs
article_submit    403 403 403 403 403 302 403 403 403 403 403 404 404 403 403 403 lgs
article_approve   403 403 302 302 403 403 403 403 403 403 403 404 404 403 403 403 lgs
article_withdraw  403 403 302 302 403 302 403 403 403 403 403 404 404 403 403 403 lgs
article_history   403 403 200 200 403 200 403 403 403 403 403 404 404 403 403 403 lgs
inv_projects      403 403 403 403 403 200 403 403 403 403 403 403 403 403 403 403 lgs
inv_project_edit  403 403 403 403 403 302 403 403 403 403 403 403 403 403 403 403 lgs
inv_warnings      403 403 403 403 403 200 403 403 403 403 403 403 403 403 403 403 lgs
inv_warning_edit  403 403 403 403 403 302 403 403 403 403 403 403 403 403 403 403 lgs
article_files     403 403 403 403 403 200 403 403 403 403 403 404 404 403 403 403 lgs
article_image     403 403 403 403 403 200 403 403 403 403 403 404 404 403 403 403 lgs
richtext_clean    200 200 200 200 200 200 200 200 200 200 200 200 200 403 403 403 lgs
portal_stats      403 403 200 200 403 200 403 403 403 403 403 200 200 403 403 403 lgs
site_channels     403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
site_chan_new     403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
site_chan_add     403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
site_chan_edit    403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
site_chan_save    403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
site_chan_action  403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
site_settings     403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
site_settings_sv  403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
site_words        403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
site_word_add     403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
site_word_edit    403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
site_word_delete  403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
site_words_import 403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
site_stats        403 403 200 200 403 403 403 200 403 403 403 200 403 403 403 403 lgs
site_stats_xlsx   403 403 200 200 403 403 403 200 403 403 403 200 403 403 403 403 lgs
dis_home          403 403 200 200 200 403 403 403 403 403 403 nd  403 403 403 403 lgs
dis_due           403 403 200 200 200 403 403 403 403 403 403 nd  403 403 403 403 lgs
dis_columns       403 403 200 200 200 403 403 403 403 403 403 nd  403 403 403 403 lgs
dis_column_new    403 403 403 403 200 403 403 403 403 403 403 403 403 403 403 403 lgs
dis_column_add    403 403 403 403 302 403 403 403 403 403 403 403 403 403 403 403 lgs
dis_column_edit   403 403 403 403 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_item_new      403 403 403 403 200 403 403 403 403 403 403 403 403 403 403 403 lgs
dis_item_add      403 403 403 403 302 403 403 403 403 403 403 403 403 403 403 403 lgs
dis_detail        403 403 200 200 200 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_edit          403 403 403 403 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_submit        403 403 403 403 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_check         403 403 302 302 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_approve       403 403 302 403 403 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_override      403 403 302 302 403 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_validity      403 403 302 302 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_withdraw      403 403 302 302 403 403 403 403 403 403 403 404 403 403 403 403 lgs
oa_home           200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
oa_list           200 200 200 200 200 200 200 403 403 403 nd  nd  nd  403 403 403 lgs
oa_new            200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
oa_create         302 302 302 302 302 302 200 403 403 403 200 200 200 403 403 403 lgs
oa_detail         200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
oa_edit           302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
oa_submit         403 302 403 403 403 403 403 403 403 403 404 404 404 403 403 403 lgs
oa_review         403 403 302 403 403 403 403 403 403 403 404 404 404 403 403 403 lgs
oa_signoff        403 403 403 302 403 403 403 403 403 403 404 404 404 403 403 403 lgs
oa_revisions      200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
oa_docx           200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
oa_pdf            200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
oa_dispatch       302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
oa_receipts       nd  nd  nd  nd  nd  nd  nd  403 403 403 200 200 200 403 403 403 lgs
oa_receipt_sign   404 404 404 404 404 404 404 403 403 403 302 302 302 403 403 403 lgs
inc_list          200 200 200 200 200 200 200 403 403 403 nd  nd  nd  403 403 403 lgs
inc_new           200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
inc_create        302 302 302 302 302 302 200 403 403 403 200 200 200 403 403 403 lgs
inc_detail        200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
inc_propose       302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
inc_instruct      403 403 403 302 403 403 403 403 403 403 404 404 404 403 403 403 lgs
inc_report        302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
inc_conclude      302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
inc_attach        302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
inc_download      200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
inc_circulate     302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
inc_read          404 404 302 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
inc_recall        403 302 403 403 403 403 403 403 403 403 404 404 404 403 403 403 lgs
sv_list           200 200 200 200 200 200 200 403 403 403 nd  nd  nd  403 403 403 lgs
sv_new            403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 403 lgs
sv_create         403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 403 lgs
sv_detail         200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
sv_file           200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
sv_progress       302 302 302 302 302 302 403 403 403 403 404 404 404 403 403 403 lgs
sv_review         403 403 403 403 403 403 302 403 403 403 404 404 404 403 403 403 lgs
sv_archive        403 302 403 403 403 403 302 403 403 403 404 404 404 403 403 403 lgs
oa_archive        403 302 403 403 403 403 403 403 403 403 404 404 404 403 403 403 lgs
arc_list          200 200 200 200 200 200 200 403 403 403 nd  nd  nd  403 403 403 lgs
arc_package       200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
cal_home          nd  200 nd  nd  nd  nd  nd  403 403 403 nd  nd  nd  403 403 403 lgs
cal_new           200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
cal_add           302 302 302 302 302 302 302 403 403 403 302 302 302 403 403 403 lgs
cal_detail        404 200 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
cal_edit          404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
cal_delete        404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
cal_delegations   200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
cal_deleg_revoke  404 404 404 302 404 404 404 403 403 403 404 404 404 403 403 403 lgs
cal_feed          200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
mt_list           200 200 200 200 200 200 nd  403 403 403 nd  nd  nd  403 403 403 lgs
mt_new            200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
mt_create         302 302 302 302 302 302 200 403 403 403 200 200 200 403 403 403 lgs
mt_detail         200 200 200 200 200 200 404 403 403 403 404 404 404 403 403 403 lgs
mt_send           302 302 302 302 302 302 404 403 403 403 404 404 404 403 403 403 lgs
mt_remind         302 302 302 302 302 302 404 403 403 403 403 403 403 403 403 403 lgs
mt_cancel         302 302 302 302 302 302 404 403 403 403 403 403 403 403 403 403 lgs
mt_reply          403 403 403 403 403 403 404 403 403 403 302 302 302 403 403 403 lgs
mt_file_add       302 302 302 302 302 302 404 403 403 403 403 403 403 403 403 403 lgs
mt_file           200 200 200 200 200 200 404 403 403 403 200 200 200 403 403 403 lgs
mt_screen         200 200 200 200 200 200 404 403 403 403 403 403 403 403 403 403 lgs
mt_sign_in        200 200 200 200 200 200 404 403 403 403 200 200 200 403 403 403 lgs
mt_minutes        302 302 302 302 302 302 404 403 403 403 403 403 403 403 403 403 lgs
mt_action_add     302 302 302 302 302 302 404 403 403 403 403 403 403 403 403 403 lgs
mt_action_done    403 403 403 403 403 403 404 403 403 403 302 302 302 403 403 403 lgs
mt_rooms          200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
mail_inbox        nd  200 nd  nd  nd  nd  nd  403 403 403 nd  nd  nd  403 403 403 lgs
mail_sent         200 nd  nd  nd  nd  nd  nd  403 403 403 nd  nd  nd  403 403 403 lgs
mail_folder       404 200 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_compose      200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
mail_send         302 302 302 302 302 302 302 403 403 403 302 302 302 403 403 403 lgs
mail_detail       404 200 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_draft        200 404 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_att_remove   302 404 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_attachment   200 200 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_bulk         404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_trash_empty  302 302 302 302 302 302 302 403 403 403 302 302 302 403 403 403 lgs
mail_folders      200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
mail_folder_ren   404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_folder_del   404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
mail_quotas       403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
mail_quota_form   403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 lgs
mail_quota_set    403 403 403 403 403 403 403 302 403 403 403 403 403 403 403 403 lgs
contacts          200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
contacts_xlsx     200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
contacts_vcf      200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
contact_settings  200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
contact_save      302 302 302 302 302 302 302 403 403 403 302 302 302 403 403 403 lgs
sms_threads       nd  200 nd  nd  nd  nd  nd  403 403 403 nd  nd  nd  403 403 403 lgs
sms_new           200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
sms_send          302 302 302 302 302 302 302 403 403 403 302 302 302 403 403 403 lgs
sms_thread        404 200 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
sms_resend        404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
ntc_list          200 200 200 200 200 200 nd  403 403 403 nd  nd  nd  403 403 403 lgs
ntc_new           200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
ntc_create        302 302 302 302 302 302 200 403 403 403 200 200 200 403 403 403 lgs
ntc_detail        200 200 200 200 200 200 404 403 403 403 404 404 404 403 403 403 lgs
ntc_edit          404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
ntc_submit        404 302 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
ntc_review        404 403 302 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
ntc_withdraw      403 302 302 403 403 403 404 403 403 403 404 404 404 403 403 403 lgs
ntc_remind        403 302 302 403 403 403 404 403 403 403 404 404 404 403 403 403 lgs
ntc_comment       302 302 302 302 302 302 404 403 403 403 404 404 404 403 403 403 lgs
ntc_moderate      404 302 302 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
duty_rosters      200 200 200 200 200 200 200 403 403 403 nd  nd  nd  403 403 403 lgs
duty_new          404 404 200 200 404 404 404 403 403 403 404 200 404 403 403 403 lgs
duty_create       404 404 302 302 404 404 404 403 403 403 404 200 404 403 403 403 lgs
duty_roster       200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
duty_shift        200 200 200 200 200 200 200 403 403 403 404 404 404 403 403 403 lgs
duty_record       302 403 302 302 403 403 403 403 403 403 404 404 404 403 403 403 lgs
duty_rec_close    302 403 302 302 403 403 403 403 403 403 404 404 404 403 403 403 lgs
duty_swap_ask     302 403 403 403 403 403 403 403 403 403 404 404 404 403 403 403 lgs
duty_handover     302 403 403 403 403 403 403 403 403 403 404 404 404 403 403 403 lgs
duty_takeover     302 403 403 403 403 403 403 403 403 403 404 404 404 403 403 403 lgs
duty_swaps        nd  nd  200 200 nd  nd  nd  403 403 403 nd  nd  nd  403 403 403 lgs
duty_swap_decide  404 404 302 302 404 404 404 403 403 403 404 404 404 403 403 403 lgs
acc_home          403 403 403 403 403 403 403 403 403 403 403 403 403 200 200 200 lgc
my_list           403 403 403 403 403 403 403 403 403 403 403 403 403 200 nd  nd  lgc
my_detail         403 403 403 403 403 403 403 403 403 403 403 403 403 200 404 404 lgc
my_notice_pdf     403 403 403 403 403 403 403 403 403 403 403 403 403 200 404 404 lgc
my_resubmit       403 403 403 403 403 403 403 403 403 403 403 403 403 302 404 404 lgc
my_rate           403 403 403 403 403 403 403 403 403 403 403 403 403 200 404 404 lgc
api_list          api api api api api api api api api api api api api api api api api
api_detail        api api api api api api api api api api api api api api api api api
admin_index       lga lga lga lga lga lga lga 200 lga lga lga lga lga lga lga lga lga
admin_apps        lga lga lga lga lga lga lga 403 lga lga lga lga lga lga lga lga lga
admin_app_change  lga lga lga lga lga lga lga 403 lga lga lga lga lga lga lga lga lga
admin_logins      lga lga lga lga lga lga lga 403 lga lga lga lga lga lga lga lga lga
admin_users       lga lga lga lga lga lga lga 200 lga lga lga lga lga lga lga lga lga
dis_requests      403 403 200 200 200 403 403 403 403 403 403 nd  403 403 403 403 lgs
dis_req_new       403 403 403 403 200 403 403 403 403 403 403 403 403 403 403 403 lgs
dis_req_add       403 403 403 403 302 403 403 403 403 403 403 403 403 403 403 403 lgs
dis_req_detail    403 403 200 200 200 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_req_clarify   403 403 403 403 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_req_decide    403 403 302 302 403 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_req_letter    403 403 200 200 200 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_req_file      403 403 200 200 200 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_reports       403 403 200 200 200 403 403 403 403 403 403 nd  403 403 403 403 lgs
dis_rep_open      403 403 403 403 302 403 403 403 403 403 403 403 403 403 403 403 lgs
dis_rep_detail    403 403 200 200 200 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_rep_edit      403 403 403 403 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_rep_submit    403 403 403 403 302 403 403 403 403 403 403 404 403 403 403 403 lgs
dis_rep_pdf       403 403 200 200 200 403 403 403 403 403 403 404 403 403 403 403 lgs
zm_home           302 302 302 302 403 403 302 403 403 403 302 302 403 403 403 403 lgs
zm_triage         403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
zm_mine           200 200 200 200 403 403 nd  403 403 403 nd  nd  403 403 403 403 lgs
zm_review_list    403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
zm_all            200 200 200 200 403 403 200 403 403 403 nd  nd  403 403 403 403 lgs
zm_register       403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
zm_detail         200 200 200 200 403 403 200 403 403 403 404 404 403 403 403 403 lgs
zm_file           200 200 200 200 403 403 200 403 403 403 404 404 403 403 403 403 lgs
zm_assign         403 403 403 403 403 403 403 403 403 403 404 404 403 403 403 403 lgs
zm_return         302 302 302 302 403 403 403 403 403 403 404 404 403 403 403 403 lgs
zm_reply          302 302 302 302 403 403 403 403 403 403 404 404 403 403 403 403 lgs
zm_review         403 403 403 403 403 403 403 403 403 403 404 404 403 403 403 403 lgs
zm_feature        403 403 403 403 403 403 403 403 403 403 404 404 403 403 403 403 lgs
zm_kb_list        200 200 200 200 403 403 200 403 403 403 200 200 403 403 403 403 lgs
zm_kb_detail      200 200 200 200 403 403 200 403 403 403 200 200 403 403 403 403 lgs
zm_kb_new         200 200 200 200 403 403 200 403 403 403 200 200 403 403 403 403 lgs
zm_kb_approve     403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
zm_stats          403 403 403 403 403 403 200 403 403 403 403 403 403 403 403 403 lgs
zm_yjzj_list      200 200 200 200 403 403 200 403 403 403 200 200 403 403 403 403 lgs
zm_yjzj_detail    200 200 200 200 403 403 200 403 403 403 404 404 403 403 403 403 lgs
zm_yjzj_new       200 200 200 200 403 403 200 403 403 403 200 200 403 403 403 403 lgs
zm_yjzj_edit      302 302 302 302 403 403 404 403 403 403 404 404 403 403 403 403 lgs
zm_yjzj_publish   403 403 302 302 403 403 403 403 403 403 404 404 403 403 403 403 lgs
zm_yjzj_moderate  302 302 302 302 403 403 403 403 403 403 404 404 403 403 403 403 lgs
zm_yjzj_public    200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
fc_home           200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
fc_search         200 200 200 200 200 200 nd  403 403 403 200 nd  nd  403 403 403 lgs
fc_shared         200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
fc_cabinet        200 200 200 200 200 200 404 403 403 403 200 404 404 403 403 403 lgs
fc_personal       404 200 404 404 404 404 404 403 403 403 404 404 404 403 403 403 lgs
fc_upload         403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_folder_new     403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_bin            403 200 200 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_cab_share      403 403 200 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_cab_share_add  403 403 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_folder         200 200 200 200 200 200 404 403 403 403 200 404 404 403 403 403 lgs
fc_folder_rename  403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_folder_move    403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_folder_delete  403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_folder_restore 403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_folder_purge   403 403 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_folder_share   403 403 200 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_entry          200 200 200 200 200 200 404 403 403 403 200 404 404 403 403 403 lgs
fc_download       200 200 200 200 200 200 404 403 403 403 200 404 404 403 403 403 lgs
fc_version        403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_version_dl     200 200 200 200 200 200 404 403 403 403 200 404 404 403 403 403 lgs
fc_version_restore 403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_rename         403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_move           403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_delete         403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_restore        403 302 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_purge          403 403 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_entry_share    403 403 200 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
fc_grant_delete   403 403 302 403 403 403 404 403 403 403 403 404 404 403 403 403 lgs
res_home          200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
res_list          200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
res_detail        200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
res_new           403 403 403 403 403 200 403 403 403 403 403 403 200 403 403 403 lgs
res_create        403 403 403 403 403 302 403 403 403 403 403 403 302 403 403 403 lgs
res_edit          403 403 403 403 403 302 403 403 403 403 403 403 302 403 403 403 lgs
res_delete        403 403 403 403 403 302 403 403 403 403 403 403 302 403 403 403 lgs
res_attach        403 403 403 403 403 302 403 403 403 403 403 403 302 403 403 403 lgs
res_link          403 403 403 403 403 302 403 403 403 403 403 403 404 403 403 403 lgs
res_file          200 200 200 200 200 200 200 403 403 403 200 200 200 403 403 403 lgs
res_file_remove   403 403 403 403 403 302 403 403 403 403 403 403 302 403 403 403 lgs
ci_list           403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_new            403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_create         403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_detail         403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_edit           403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_version        403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_copy           403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_retire         403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_submit         403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_withdraw       403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_review         404 404 403 200 404 404 404 404 404 404 404 404 404 403 403 403 lgs
ci_approve        404 404 403 302 404 404 404 404 404 404 404 404 404 403 403 403 lgs
ci_import         403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_upload         403 403 302 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_export_xlsx    403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
ci_export_json    403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 lgs
"""
# fmt: on


@dataclass(frozen=True)
class Row:
    """One request: how to build its URL (and POST data), what marks A's object on the page,
    and a snapshot of the state it may change (compared before and after)."""

    url: Callable[[World], str]
    data: dict | Callable[[World], dict] | None = None  # None: GET
    marker: Callable[[World], str] | None = None
    state: Callable[[World], object] | None = None


def _u(name: str, *keys: str, query: str = "") -> Callable[[World], str]:
    """reverse(name) with the world's ids for `keys` as positional arguments."""

    def build(w: World) -> str:
        return reverse(name, args=[w[k] if k in w.ids else k for k in keys]) + query

    return build


def _field(model, key: str, attr: str, **lookup):
    def snapshot(w: World):
        return model.objects.filter(pk=w[key], **lookup).values_list(attr, flat=True).first()

    return snapshot


def _count(model, **filters):
    def snapshot(w: World):
        return model.objects.filter(**{k: w[v] for k, v in filters.items()}).count()

    return snapshot


def _text(value: str) -> Callable[[World], str]:
    return lambda w: value


def _key(key: str) -> Callable[[World], str]:
    return lambda w: str(w[key])


ARTICLE = {"channel": None, "title": "矩阵新稿件", "body": "<p>新稿件正文。</p>"}
SITE_CHANNEL = {
    "name": "矩阵新栏目", "slug": "mxnew", "list_template": "list", "page_template": "article",
    "in_navigation": "on", "home_block": "", "description": "", "link_url": "",
    "update_interval_days": "",
}  # fmt: skip
SITE_SETTINGS = {
    "government_name": "蓝山县人民政府", "site_name": "蓝山县人民政府门户网站",
    "site_code": "4311270099", "icp_number": "", "police_record_number": "",
    "police_record_url": "", "host_unit": "", "address": "", "postcode": "", "phone": "",
    "email": "", "error_report_url": "", "section_news": "1", "section_services": "2",
}  # fmt: skip


def _word_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("words.txt", "矩阵导入词\n".encode(), content_type="text/plain")


DIS_COLUMN = {"name": "矩阵新栏目", "slug": "mxxlm", "kind": "catalogue", "sort_order": 100}
OA_DOCUMENT = {
    "kind": "notice",
    "title": "矩阵新发文",
    "openness": "not_public",
    "copies": 1,
    "body": "<p>矩阵发文正文。</p>",
}
DIS_ITEM = {
    "title": "矩阵新公开",
    "subject": "02",
    "genre": "notice",
    "formed_on": "2026-11-30",
    "body": "<p>矩阵公开正文。</p>",
}


def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("矩阵议程.pdf", PDF_BYTES, "application/pdf")


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 200)).save(buf, "PNG")
    return SimpleUploadedFile("矩阵.png", buf.getvalue(), "image/png")


RES_LAW = {
    "title": "矩阵新法规",
    "level": "normative",
    "issuing_body": "蓝山县人民政府",
    "doc_number": "",
    "promulgated_on": "2026-03-01",
    "effective_on": "2026-04-01",
    "validity": "valid",
    "body": "矩阵法规正文。",
}


def _fc_pdf(name: str, extra: bytes = b""):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.security.matrix_data import PDF

    return SimpleUploadedFile(name, PDF + extra, "application/pdf")


def _zm_status(w: World):  # interaction (政民互动): cases are addressed by number
    return InteractionCase.objects.filter(number=w["zm_case"]).values_list("status", flat=True)[0]


ROWS: dict[str, Row] = {
    # --- Back-office shell, audit log, messages --------------------------------------------------
    "office_home": Row(_u("platform_core:office_home")),
    "audit_logins": Row(_u("platform_core:audit_logins")),
    "audit_changes": Row(_u("platform_core:audit_changes")),
    "notif_list": Row(_u("platform_core:office_notifications")),
    "notif_read": Row(
        _u("platform_core:office_notification_read", "notif_staff"),
        {},
        state=_field(Notification, "notif_staff", "read_at"),
    ),
    "cnotif_list": Row(_u("platform_core:citizen_notifications"), marker=_text("矩阵公众消息")),
    "cnotif_read": Row(
        _u("platform_core:citizen_notification_read", "notif_citizen"),
        {},
        state=_field(Notification, "notif_citizen", "read_at"),
    ),
    "outbox_list": Row(_u("platform_core:outbox_failures"), marker=_text("矩阵短信")),
    "outbox_resend": Row(
        _u("platform_core:outbox_resend", "outbox"),
        {},
        state=_field(Notification, "outbox", "status"),
    ),
    # --- Form designer and submitted forms -------------------------------------------------------
    "form_list": Row(_u("platform_core:dynform_list"), marker=_text("内部登记表")),
    "form_create": Row(
        _u("platform_core:dynform_create"),
        {"code": "mx_new_form", "name": "矩阵新表单"},
        state=lambda w: FormDefinition.objects.filter(code="mx_new_form").count(),
    ),
    "form_detail": Row(_u("platform_core:dynform_detail", "form"), marker=_text("内部登记表")),
    "form_field_edit": Row(
        _u("platform_core:dynform_field_edit", "field"),
        {"key": "title", "label": "矩阵改名", "field_type": "text", "required": "on"},
        state=_field(FormField, "field", "label"),
    ),
    "form_field_delete": Row(
        _u("platform_core:dynform_field_delete", "field2"),
        {},
        state=lambda w: FormField.objects.filter(pk=w["field2"]).count(),
    ),
    "form_publish": Row(
        _u("platform_core:dynform_publish", "form"),
        {},
        state=lambda w: list(
            FormVersion.objects.filter(form_id=w["form"]).values_list("status", flat=True)
        ),
    ),
    "form_export": Row(_u("platform_core:dynform_export", "form"), marker=_text("mx_design")),
    "submission": Row(
        _u("platform_core:dynform_submission", "submission"), marker=_text("城关镇1号")
    ),
    "upload": Row(_u("platform_core:dynform_file", "file")),
    # --- Route designer --------------------------------------------------------------------------
    # --- Single sign-on clients (统一身份认证): the system administrator only -------------------
    "sso_clients": Row(_u("platform_core:oidc_client_list"), marker=_text("矩阵接入系统")),
    "sso_client_new": Row(
        _u("platform_core:oidc_client_create"),
        {
            "name": "矩阵新接入系统",
            "audience": "staff",
            "redirect_uris": "https://mx.example.gov.cn/cb",
            "confidential": "on",
        },
        state=lambda w: OidcClient.objects.filter(application__name="矩阵新接入系统").count(),
    ),
    "sso_client_edit": Row(
        _u("platform_core:oidc_client_edit", "oidc_client"),
        {"name": "矩阵接入系统改名", "redirect_uris": "https://mx.example.gov.cn/cb"},
        state=lambda w: OidcClient.objects.get(pk=w["oidc_client"]).application.name,
    ),
    # --- Code tables (数据字典): the system administrator only; entries are retired, not deleted
    "codes_list": Row(_u("platform_core:code_tables"), marker=_text("矩阵字典")),
    "codes_table": Row(
        _u("platform_core:code_table_detail", "code_table"), marker=_text("矩阵条目")
    ),
    "code_new": Row(
        _u("platform_core:code_entry_create", "code_table"),
        {"code": "MXN", "name": "矩阵新条目", "sort_order": "5"},
        state=lambda w: CodeEntry.objects.filter(table_id=w["code_table"], code="MXN").count(),
    ),
    "code_edit": Row(
        _u("platform_core:code_entry_edit", "code_entry"),
        {"name": "矩阵条目改名", "sort_order": "3"},
        state=_field(CodeEntry, "code_entry", "name"),
    ),
    "code_retire": Row(
        _u("platform_core:code_entry_retire", "code_entry"),
        {},
        state=_field(CodeEntry, "code_entry", "is_active"),
    ),
    "code_restore": Row(
        _u("platform_core:code_entry_restore", "code_entry_off"),
        {},
        state=_field(CodeEntry, "code_entry_off", "is_active"),
    ),
    "route_list": Row(_u("platform_core:route_list"), marker=_key("route")),
    "route_detail": Row(_u("platform_core:route_detail", "route"), marker=_key("route")),
    "route_graph": Row(_u("platform_core:route_graph", "route", 1)),
    "route_bpmn": Row(_u("platform_core:route_export_bpmn", "route", 1)),
    "route_new_draft": Row(
        _u("platform_core:route_new_draft", "route"),
        {},
        state=lambda w: ProcessVersion.objects.filter(definition__code=w["route"]).count(),
    ),
    # --- Graphical route designer (issue 18, bpmn-js): version 1 is published, so the system
    # administrator's save is refused (400) and the route keeps its steps. The section head of A
    # also holds A's 事项管理员 post, which designs routes too (its items' 办理流程).
    "route_designer": Row(_u("platform_core:route_designer", "route", 1)),
    "route_design_save": Row(
        _u("platform_core:route_designer", "route", 1),
        {"diagram": "<bpmn:definitions/>"},
        state=lambda w: StepDefinition.objects.filter(version__definition__code=w["route"]).count(),
    ),
    # --- Running cases, tasks, delegations, the inbox --------------------------------------------
    "case_detail": Row(_u("platform_core:case_detail", "case"), marker=_text("矩阵内部事项")),
    "case_chart": Row(
        lambda w: reverse("platform_core:engine_chart") + f"?case={w['case']}",
    ),
    "case_comment": Row(
        _u("platform_core:case_comment", "case"),
        {"comment": "矩阵意见"},
        state=_count(CaseEvent, process_id="case"),
    ),
    "task_detail": Row(_u("platform_core:task_detail", "task"), marker=_text("矩阵内部事项")),
    "task_complete": Row(
        _u("platform_core:task_action", "task", "complete"),
        {"comment": "同意"},
        state=_field(TaskInfo, "task", "is_open"),
    ),
    "task_remind": Row(
        _u("platform_core:task_action", "task", "remind"),
        {"comment": "请尽快办理"},
        state=_count(CaseEvent, process_id="case"),
    ),
    "delegations": Row(_u("platform_core:delegations")),
    "delegation_revoke": Row(
        _u("platform_core:delegation_revoke", "delegation"),
        {},
        state=_field(Delegation, "delegation", "revoked_at"),
    ),
    "inbox": Row(_u("platform_core:inbox")),
    "reading_open": Row(
        _u("platform_core:inbox_reading_open", "reading"),
        state=_field(ReadingItem, "reading", "read_at"),
    ),
    # --- Licensing: acceptance desk, handling, notices --------------------------------------------
    "appr_home": Row(_u("approval:office_home"), marker=_key("app_sub")),
    "counter_items": Row(_u("approval:counter_items"), marker=_key("item")),
    "counter_form": Row(_u("approval:counter_register", "item"), marker=_key("item")),
    "appr_detail": Row(_u("approval:office_detail", "app_sub"), marker=_key("app_sub")),
    "appr_accept": Row(
        _u("approval:office_decide", "app_sub", "accept"),
        {"note": ""},
        state=lambda w: Application.objects.get(number=w["app_sub"]).status,
    ),
    "appr_notice_pdf": Row(_u("approval:office_notice_pdf", "app_acc", "notice")),
    "appr_file": Row(_u("approval:office_file", "app_sub", "file")),
    "handling_list": Row(_u("approval:handling_list"), marker=_key("app_dec")),
    "handling_detail": Row(_u("approval:handling_detail", "app_dec"), marker=_key("app_dec")),
    "handling_grant": Row(
        _u("approval:handling_action", "app_dec", "grant"),
        {"valid_until": "", "note": "符合条件，准予许可"},
        state=lambda w: Application.objects.get(number=w["app_dec"]).status,
    ),
    # --- E-supervision ---------------------------------------------------------------------------
    "sv_dashboard": Row(_u("supervision:dashboard")),
    "sv_data": Row(_u("supervision:data")),
    "sv_cases": Row(_u("supervision:cases", query="?metric=in_progress"), marker=_key("app_dec")),
    "sv_performance": Row(_u("supervision:performance")),
    "sv_perf_pdf": Row(_u("supervision:performance_pdf")),
    "fee_record": Row(
        _u("supervision:fee_record", "app_sub"),
        {"name": "工本费", "amount": "10", "basis": "矩阵测试"},
        state=lambda w: Application.objects.get(number=w["app_sub"]).fee_charges.count(),
    ),
    "sv_rules": Row(_u("supervision:rules")),
    "sv_cards": Row(_u("supervision:cards"), marker=_text("矩阵测试亮牌")),
    "sv_card_clear": Row(
        _u("supervision:card_clear", "card"),
        {"explanation": "已督促办理"},
        state=_field(SupervisionCard, "card", "cleared_at"),
    ),
    "sv_export": Row(_u("supervision:export"), marker=_key("app_dec")),
    "sv_export_resend": Row(
        _u("supervision:export_resend", "export"),
        {},
        state=_field(ExportEvent, "export", "status"),
    ),
    # --- Portal articles -------------------------------------------------------------------------
    "portal_home": Row(_u("portal:office_home"), marker=_text("矩阵草稿稿件")),
    "portal_queue": Row(_u("portal:review_queue"), marker=_text("矩阵待审稿件")),
    "article_new": Row(_u("portal:article_new")),
    "article_create": Row(
        _u("portal:article_new"),
        lambda w: {**ARTICLE, "channel": w["channel"]},
        state=lambda w: Article.objects.filter(title="矩阵新稿件").count(),
    ),
    "article_detail": Row(_u("portal:article_detail", "art_draft"), marker=_text("矩阵草稿稿件")),
    "article_edit": Row(
        _u("portal:article_edit", "art_draft"),
        lambda w: {**ARTICLE, "channel": w["channel"], "title": "矩阵改稿"},
        state=_field(Article, "art_draft", "title"),
    ),
    "article_submit": Row(
        _u("portal:article_submit", "art_draft"),
        {},
        state=_field(Article, "art_draft", "status"),
    ),
    "article_approve": Row(
        _u("portal:article_review", "art_review"),
        {"decision": "approve", "comment": ""},
        state=_field(Article, "art_review", "status"),
    ),
    "article_withdraw": Row(
        _u("portal:article_withdraw", "art_pub"),
        {"reason": "矩阵撤稿"},
        state=_field(Article, "art_pub", "status"),
    ),
    "article_history": Row(
        _u("portal:article_revisions", "art_draft"), marker=_text("矩阵草稿稿件")
    ),
    "article_files": Row(_u("portal:attachments", "art_draft"), marker=_text("矩阵草稿稿件")),
    # The editor's image upload (JSON): the article's editors only; a refused one stores nothing.
    "article_image": Row(
        _u("portal:article_image_upload", "art_draft"),
        lambda w: {"file": _png_upload(), "alt": "矩阵图片"},
        marker=_text("/files/portal/attachments/"),
    ),
    # Pasted HTML cleaned for the editor: any staff member, nothing stored.
    "richtext_clean": Row(
        _u("platform_core:richtext_clean"),
        {"html": '<p onclick="x()">matrix</p><script>alert(1)</script>'},
        marker=_text('"<p>matrix</p>"'),
    ),
    "inv_projects": Row(_u("portal:investment_projects"), marker=_text("矩阵招商项目")),
    "inv_project_edit": Row(
        _u("portal:investment_project_edit", "project"),
        {**INVESTMENT_PROJECT, "status": ProjectStatus.SIGNED},
        state=_field(InvestmentProject, "project", "status"),
    ),
    "inv_warnings": Row(_u("portal:investment_warnings"), marker=_text("矩阵外贸预警")),
    "inv_warning_edit": Row(
        _u("portal:investment_warning_edit", "warning"),
        {**TRADE_WARNING, "issued_on": "2026-11-20", "level": WarningLevel.NOTICE},
        state=_field(TradeWarning, "warning", "level"),
    ),
    "portal_stats": Row(_u("portal:stats")),
    # --- Site definition (网站定义): the system administrator; 信息统计 also reviewers ---
    "site_channels": Row(_u("portal:site_channels"), marker=_text("矩阵动态")),
    "site_chan_new": Row(_u("portal:site_channel_new")),
    "site_chan_add": Row(
        _u("portal:site_channel_new"),
        lambda w: {**SITE_CHANNEL, "editor_units": [w["dept_a"]]},
        state=lambda w: Channel.objects.filter(slug="mxnew").count(),
    ),
    "site_chan_edit": Row(_u("portal:site_channel_edit", "channel"), marker=_text("矩阵动态")),
    "site_chan_save": Row(
        _u("portal:site_channel_edit", "channel"),
        {**SITE_CHANNEL, "name": "矩阵改名", "slug": "mxdt"},
        state=_field(Channel, "channel", "name"),
    ),
    "site_chan_action": Row(
        _u("portal:site_channel_action", "channel"),
        {"do": "hide"},
        state=_field(Channel, "channel", "in_navigation"),
    ),
    "site_settings": Row(_u("portal:site_settings")),
    "site_settings_sv": Row(
        _u("portal:site_settings"),
        SITE_SETTINGS,
        state=lambda w: SiteSettings.load().site_code,
    ),
    "site_words": Row(_u("portal:site_words"), marker=_text("矩阵敏感词样例")),
    "site_word_add": Row(
        _u("portal:site_words"),
        {"word": "矩阵新禁词", "kind": "banned", "suggestion": "", "is_active": "on"},
        state=lambda w: SensitiveWord.objects.filter(word="矩阵新禁词").count(),
    ),
    "site_word_edit": Row(_u("portal:site_word_edit", "word"), marker=_text("矩阵敏感词样例")),
    "site_word_delete": Row(
        _u("portal:site_word_delete", "word"),
        {},
        state=lambda w: SensitiveWord.objects.filter(pk=w["word"]).count(),
    ),
    "site_words_import": Row(
        _u("portal:site_words_import"),
        lambda w: {"import-kind": "banned", "import-file": _word_file()},
        state=lambda w: SensitiveWord.objects.filter(word="矩阵导入词").count(),
    ),
    "site_stats": Row(_u("portal:site_stats"), marker=_text("矩阵动态")),
    "site_stats_xlsx": Row(_u("portal:site_stats", query="?format=xlsx")),
    # --- Disclosure (信息公开): department A's column and items -----------------------------------
    "dis_home": Row(_u("disclosure:office_home"), marker=_text("矩阵公开草稿")),
    "dis_due": Row(_u("disclosure:dashboard"), marker=_text("矩阵公开草稿")),
    "dis_columns": Row(_u("disclosure:columns"), marker=_text("矩阵专栏")),
    "dis_column_new": Row(_u("disclosure:column_new")),
    "dis_column_add": Row(
        _u("disclosure:column_new"),
        lambda w: {**DIS_COLUMN, "unit": w["dept_a"]},
        state=lambda w: DisclosureColumn.objects.filter(name="矩阵新栏目").count(),
    ),
    "dis_column_edit": Row(
        _u("disclosure:column_edit", "dis_column"),
        {**DIS_COLUMN, "name": "矩阵改栏目"},
        state=_field(DisclosureColumn, "dis_column", "name"),
    ),
    "dis_item_new": Row(_u("disclosure:item_new")),
    "dis_item_add": Row(
        _u("disclosure:item_new"),
        lambda w: {**DIS_ITEM, "column": w["dis_column"], "unit": w["dept_a"]},
        state=lambda w: DisclosureItem.objects.filter(title="矩阵新公开").count(),
    ),
    "dis_detail": Row(_u("disclosure:item_detail", "dis_draft"), marker=_text("矩阵公开草稿")),
    "dis_edit": Row(
        _u("disclosure:item_edit", "dis_draft"),
        lambda w: {**DIS_ITEM, "column": w["dis_column"], "title": "矩阵改公开"},
        state=_field(DisclosureItem, "dis_draft", "title"),
    ),
    "dis_submit": Row(
        _u("disclosure:item_submit", "dis_draft"),
        {},
        state=_field(DisclosureItem, "dis_draft", "status"),
    ),
    "dis_check": Row(
        _u("disclosure:item_check", "dis_draft"),
        {},
        state=lambda w: ItemEvent.objects.filter(item_id=w["dis_draft"], action="scan").count(),
    ),
    "dis_approve": Row(
        _u("disclosure:item_review", "dis_review"),
        {"decision": "approve", "comment": "无涉密内容"},
        state=lambda w: list(
            TaskInfo.objects.filter(
                process__pk=DisclosureItem.objects.get(pk=w["dis_review"]).review_process_id,
                is_open=True,
            ).values_list("step_key", flat=True)
        ),
    ),
    "dis_override": Row(
        _u("disclosure:finding_override", "dis_flagged", "dis_finding"),
        {"reason": "依法公示联系人电话"},
        state=_field(PrivacyFinding, "dis_finding", "overridden_at"),
    ),
    "dis_validity": Row(
        _u("disclosure:item_validity", "dis_pub"),
        {"validity": "expired", "on": "2026-11-30", "note": "矩阵失效"},
        state=_field(DisclosureItem, "dis_pub", "validity"),
    ),
    "dis_withdraw": Row(
        _u("disclosure:item_withdraw", "dis_pub"),
        {"reason": "矩阵撤回"},
        state=_field(DisclosureItem, "dis_pub", "status"),
    ),
    # --- oa (公文): department A's outgoing documents, department B's 收文 -----------------
    "oa_home": Row(_u("oa:office_home"), marker=_text("督办事项的立项")),
    "oa_list": Row(_u("oa:documents"), marker=_text("矩阵发文草稿")),
    "oa_new": Row(_u("oa:document_new")),
    "oa_create": Row(
        _u("oa:document_new"),
        lambda w: {**OA_DOCUMENT, "issuer": w["oa_issuer"], "unit": w["dept_a"]},
        state=lambda w: OutgoingDocument.objects.filter(title="矩阵新发文").count(),
    ),
    "oa_detail": Row(_u("oa:document_detail", "oa_draft"), marker=_text("矩阵发文草稿")),
    "oa_edit": Row(
        _u("oa:document_edit", "oa_draft"),
        {**OA_DOCUMENT, "title": "矩阵改发文"},
        state=_field(OutgoingDocument, "oa_draft", "title"),
    ),
    "oa_submit": Row(
        _u("oa:document_submit", "oa_draft"),
        {},
        state=_field(OutgoingDocument, "oa_draft", "status"),
    ),
    "oa_review": Row(
        _u("oa:document_review", "oa_review"),
        {"comment": "核稿通过"},
        state=lambda w: list(
            TaskInfo.objects.filter(
                process__pk=OutgoingDocument.objects.get(pk=w["oa_review"]).process_id,
                is_open=True,
            ).values_list("step_key", flat=True)
        ),
    ),
    "oa_signoff": Row(
        _u("oa:document_sign_off", "oa_signing"),
        {"comment": "同意"},
        state=_field(OutgoingDocument, "oa_signing", "number"),
    ),
    "oa_revisions": Row(_u("oa:document_revisions", "oa_draft"), marker=_text("矩阵发文草稿")),
    "oa_docx": Row(_u("oa:document_docx", "oa_draft")),
    "oa_pdf": Row(_u("oa:document_pdf", "oa_signed")),
    "oa_dispatch": Row(
        _u("oa:document_dispatch", "oa_signed"),
        {},
        state=_field(OutgoingDocument, "oa_signed", "status"),
    ),
    "oa_receipts": Row(_u("oa:receipts"), marker=_text("矩阵发文已分发")),
    "oa_receipt_sign": Row(
        _u("oa:receipt_sign", "oa_receipt"),
        {},
        state=_field(Dispatch, "oa_receipt", "received_at"),
    ),
    # --- oa: 收文 and 传阅 (issue 15) ---------------------------------------------------------
    "inc_list": Row(_u("oa:incoming"), marker=_text("矩阵收文待拟办")),
    "inc_new": Row(_u("oa:incoming_new")),
    "inc_create": Row(
        _u("oa:incoming_new"),
        lambda w: {
            "unit": w["dept_a"],
            "sender": "市财政局",
            "title": "矩阵新收文",
            "received_on": "2026-12-01",
            "copies": 1,
        },
        state=lambda w: IncomingDocument.objects.filter(title="矩阵新收文").count(),
    ),
    "inc_detail": Row(_u("oa:incoming_detail", "inc_registered"), marker=_text("矩阵收文待拟办")),
    "inc_propose": Row(
        _u("oa:incoming_propose", "inc_registered"),
        lambda w: {"proposal": "拟请阅示", "leader": w.actors["ld"].pk},
        state=_field(IncomingDocument, "inc_registered", "status"),
    ),
    "inc_instruct": Row(
        _u("oa:incoming_instruct", "inc_proposed"),
        lambda w: {"instruction": "同意", "units": [w["dept_a"]], "days": 5},
        state=_field(IncomingDocument, "inc_proposed", "status"),
    ),
    "inc_report": Row(
        _u("oa:incoming_handling_report", "inc_handling", "inc_handling_unit"),
        {"report": "矩阵办理情况"},
        state=_field(Handling, "inc_handling_unit", "report"),
    ),
    "inc_conclude": Row(
        _u("oa:incoming_conclude", "inc_done"),
        {},
        state=_field(IncomingDocument, "inc_done", "status"),
    ),
    "inc_attach": Row(
        _u("oa:incoming_attachment", "inc_registered"),
        lambda w: {"file": _pdf_upload()},
        state=_count(IncomingAttachment, document="inc_registered"),
    ),
    "inc_download": Row(_u("oa:incoming_attachment_download", "inc_registered", "inc_attachment")),
    "inc_circulate": Row(
        _u("oa:incoming_circulate", "inc_registered"),
        lambda w: {"readers": [w.actors["sh"].pk], "mode": "parallel"},
        state=_count(Circulation, document="inc_registered"),
    ),
    "inc_read": Row(
        _u("oa:incoming_read", "inc_handling", "inc_read"),
        {"comment": "已阅"},
        state=_field(CirculationReader, "inc_read", "read_at"),
    ),
    "inc_recall": Row(
        _u("oa:incoming_recall", "inc_handling", "inc_circulation"),
        {},
        state=_field(Circulation, "inc_circulation", "recalled_at"),
    ),
    # --- oa: 督办 (the supervisor's items led by A) and 归档 (A's archivist: rc) ----------------
    "sv_list": Row(_u("oa:supervision"), marker=_text("矩阵督办事项")),
    "sv_new": Row(_u("oa:supervision_new")),
    "sv_create": Row(
        _u("oa:supervision_new"),
        lambda w: {
            "source_kind": "meeting",
            "source_id": w["mt_action"],
            "lead_unit": w["dept_a"],
            "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        },
        state=lambda w: SupervisionItem.objects.filter(source_kind="meeting").count(),
    ),
    "sv_detail": Row(_u("oa:supervision_detail", "sv_open"), marker=_text("矩阵督办事项")),
    "sv_file": Row(_u("oa:supervision_attachment", "sv_open", "sv_file")),
    "sv_progress": Row(
        _u("oa:supervision_progress", "sv_open"),
        {"text": "矩阵办理进展"},
        state=_count(SupervisionEvent, item="sv_open"),
    ),
    "sv_review": Row(
        _u("oa:supervision_review", "sv_submitted"),
        {"decision": "close"},
        state=_field(SupervisionItem, "sv_submitted", "status"),
    ),
    "sv_archive": Row(
        _u("oa:supervision_archive", "sv_closed"),
        {"retention": "D10"},
        state=_count(ArchiveRecord, supervision="sv_closed"),
    ),
    "oa_archive": Row(
        _u("oa:document_archive", "oa_signed"),
        {"retention": "D30"},
        state=_count(ArchiveRecord, document="oa_signed"),
    ),
    "arc_list": Row(_u("oa:archive"), marker=_key("sv_code")),
    "arc_package": Row(_u("oa:archive_package", "sv_record")),
    # --- oa (日程安排, 会议管理): rc's event, ld's delegation to rc, A's meetings inviting B ------
    "cal_home": Row(_u("oa:calendar"), marker=_text("矩阵日程")),
    "cal_new": Row(_u("oa:event_new")),
    "cal_add": Row(
        _u("oa:event_new"),
        lambda w: {**CAL_EVENT},
        state=lambda w: CalendarEvent.objects.filter(title="矩阵新日程").count(),
    ),
    "cal_detail": Row(_u("oa:event_detail", "cal_event"), marker=_text("矩阵日程")),
    "cal_edit": Row(
        _u("oa:event_edit", "cal_event"),
        lambda w: {**CAL_EVENT, "title": "矩阵改日程"},
        state=_field(CalendarEvent, "cal_event", "title"),
    ),
    "cal_delete": Row(
        _u("oa:event_delete", "cal_event"),
        {},
        state=_count(CalendarEvent, pk="cal_event"),
    ),
    "cal_delegations": Row(_u("oa:calendar_delegations")),
    "cal_deleg_revoke": Row(
        _u("oa:calendar_delegation_revoke", "cal_delegation"),
        {},
        state=_count(CalendarDelegation, pk="cal_delegation"),
    ),
    "cal_feed": Row(_u("oa:calendar_feed")),
    "mt_list": Row(_u("oa:meetings"), marker=_text("矩阵会议草稿")),
    "mt_new": Row(_u("oa:meeting_new")),
    "mt_create": Row(
        _u("oa:meeting_new"),
        lambda w: {**MEETING, "unit": w["dept_a"], "units": [w["dept_a"]]},
        state=lambda w: MeetingNotice.objects.filter(title="矩阵新会议").count(),
    ),
    "mt_detail": Row(_u("oa:meeting_detail", "mt_draft"), marker=_text("矩阵会议草稿")),
    "mt_send": Row(
        _u("oa:meeting_send", "mt_draft"), {}, state=_field(MeetingNotice, "mt_draft", "status")
    ),
    "mt_remind": Row(
        _u("oa:meeting_remind", "mt_sent"),
        {},
        state=_field(MeetingInvitee, "mt_invitee", "reminded_at"),
    ),
    "mt_cancel": Row(
        _u("oa:meeting_cancel", "mt_sent"),
        {"reason": "矩阵取消"},
        state=_field(MeetingNotice, "mt_sent", "status"),
    ),
    "mt_reply": Row(
        _u("oa:meeting_reply", "mt_sent", "mt_invitee"),
        lambda w: {
            f"r{w['mt_invitee']}-attending": "1",
            f"r{w['mt_invitee']}-attendees": "矩阵参会人",
        },
        state=_field(MeetingInvitee, "mt_invitee", "replied_at"),
    ),
    "mt_file_add": Row(
        _u("oa:meeting_attachment_add", "mt_sent"),
        lambda w: {"file": _pdf_upload()},
        state=_count(MeetingAttachment, meeting="mt_sent"),
    ),
    "mt_file": Row(_u("oa:meeting_attachment", "mt_sent", "mt_file")),
    "mt_screen": Row(_u("oa:meeting_screen", "mt_sent"), marker=_text("签到二维码")),
    "mt_sign_in": Row(_u("oa:meeting_sign_in", "mt_sent", "mt_token"), marker=_text("矩阵会议")),
    "mt_minutes": Row(
        _u("oa:meeting_minutes", "mt_sent"),
        {"minutes": "矩阵纪要"},
        state=_field(MeetingNotice, "mt_sent", "minutes"),
    ),
    "mt_action_add": Row(
        _u("oa:meeting_action_add", "mt_sent"),
        lambda w: {"title": "矩阵新事项", "owner_unit": w["dept_b"], "due_date": "2099-12-31"},
        state=_count(ActionItem, meeting="mt_sent"),
    ),
    "mt_action_done": Row(
        _u("oa:meeting_action_done", "mt_sent", "mt_action"),
        {},
        state=_field(ActionItem, "mt_action", "done_at"),
    ),
    "mt_rooms": Row(_u("oa:meeting_rooms"), marker=_text("矩阵会议室")),
    # --- oa (公务邮箱, 通讯录): A's window clerk mailed A's review clerk -----------------------
    "mail_inbox": Row(_u("oa:mail_inbox"), marker=_text("矩阵邮件")),
    "mail_sent": Row(_u("oa:mail_box", "sent"), marker=_text("矩阵邮件")),
    "mail_folder": Row(_u("oa:mail_folder", "mail_folder"), marker=_text("矩阵文件夹")),
    "mail_compose": Row(_u("oa:mail_compose")),
    "mail_send": Row(
        _u("oa:mail_compose"),
        {"to": "hm_rc", "subject": "矩阵新邮件", "body": "正文", "action": "send"},
        state=lambda w: MailMessage.objects.filter(subject="矩阵新邮件").count(),
    ),
    "mail_detail": Row(_u("oa:mail_detail", "mail_rc_copy"), marker=_text("矩阵邮件正文")),
    "mail_draft": Row(_u("oa:mail_draft", "mail_draft"), marker=_text("矩阵邮件草稿")),
    "mail_att_remove": Row(
        _u("oa:mail_attachment_remove", "mail_draft", "mail_draft_att"),
        {},
        state=lambda w: MailAttachment.objects.filter(message_id=w["mail_draft_msg"]).count(),
    ),
    "mail_attachment": Row(_u("oa:mail_attachment", "mail_msg", "mail_att")),
    "mail_bulk": Row(
        _u("oa:mail_bulk"),
        lambda w: {"ids": [w["mail_rc_copy"]], "action": "delete"},
        state=_field(MailDelivery, "mail_rc_copy", "box"),
    ),
    "mail_trash_empty": Row(_u("oa:mail_trash_empty"), {}),
    "mail_folders": Row(_u("oa:mail_folders")),
    "mail_folder_ren": Row(
        _u("oa:mail_folder_rename", "mail_folder"),
        {"name": "矩阵改名"},
        state=_field(MailFolder, "mail_folder", "name"),
    ),
    "mail_folder_del": Row(
        _u("oa:mail_folder_delete", "mail_folder"),
        {},
        state=_count(MailFolder, pk="mail_folder"),
    ),
    # 邮箱空间管理: the system administrator sets A's window clerk's quota.
    "mail_quotas": Row(_u("oa:mail_quotas", query="?q=甲wc"), marker=_text("甲wc")),
    "mail_quota_form": Row(_u("oa:mail_quota_edit", "mail_wc"), marker=_text("甲wc")),
    "mail_quota_set": Row(
        _u("oa:mail_quota_edit", "mail_wc"),
        {"limit_mb": "800"},
        state=lambda w: (
            MailQuota.objects.filter(user_id=w["mail_wc"])
            .values_list("limit_bytes", flat=True)
            .first()
        ),
    ),
    "contacts": Row(_u("oa:contacts"), marker=_text("甲rc")),
    "contacts_xlsx": Row(lambda w: reverse("oa:contacts_xlsx") + f"?unit={w['dept_a']}"),
    "contacts_vcf": Row(
        lambda w: reverse("oa:contacts_vcf") + f"?unit={w['dept_a']}", marker=_text("甲rc")
    ),
    "contact_settings": Row(_u("oa:contact_settings")),
    "contact_save": Row(
        _u("oa:contact_settings"),
        {"office_phone": "0746-2345678", "room": "301", "mobile_scope": "unit"},
    ),
    # --- oa: SMS, notices, duty (department A's objects) -------------------------------------
    "sms_threads": Row(_u("oa:sms_threads"), marker=_text("13700009999")),
    "sms_new": Row(_u("oa:sms_new")),
    "sms_send": Row(
        _u("oa:sms_new"),
        {"numbers": "13700008888", "body": "矩阵新短信"},
        state=lambda w: SmsMessage.objects.filter(body="矩阵新短信").count(),
    ),
    "sms_thread": Row(_u("oa:sms_thread", "sms_thread"), marker=_text("矩阵短信内容")),
    "sms_resend": Row(
        _u("oa:sms_resend", "sms_message"),
        {},
        state=_field(SmsMessage, "sms_message", "attempts"),
    ),
    "ntc_list": Row(_u("oa:notices"), marker=_text("矩阵通知已发布")),
    "ntc_new": Row(_u("oa:notice_new")),
    "ntc_create": Row(
        _u("oa:notice_new"),
        lambda w: {
            "unit": w["dept_a"],
            "title": "矩阵新通知",
            "body": "<p>正文</p>",
            "scope": "county",
        },
        state=lambda w: Notice.objects.filter(title="矩阵新通知").count(),
    ),  # fmt: skip
    "ntc_detail": Row(_u("oa:notice_detail", "notice_pub"), marker=_text("矩阵通知已发布")),
    "ntc_edit": Row(
        _u("oa:notice_edit", "notice_draft"),
        {"title": "矩阵改通知", "body": "<p>改</p>", "scope": "county"},
        state=_field(Notice, "notice_draft", "title"),
    ),
    "ntc_submit": Row(
        _u("oa:notice_submit", "notice_draft"), {}, state=_field(Notice, "notice_draft", "status")
    ),
    "ntc_review": Row(
        _u("oa:notice_review", "notice_pending"),
        {"decision": "approve"},
        state=_field(Notice, "notice_pending", "status"),
    ),
    "ntc_withdraw": Row(
        _u("oa:notice_withdraw", "notice_pub"), {}, state=_field(Notice, "notice_pub", "status")
    ),
    "ntc_remind": Row(
        _u("oa:notice_remind", "notice_pub"),
        {},
        state=_field(Notice, "notice_pub", "reminded_at"),
    ),
    "ntc_comment": Row(
        _u("oa:notice_comment", "notice_pub"),
        {"body": "矩阵新留言"},
        state=lambda w: NoticeComment.objects.filter(body="矩阵新留言").count(),
    ),
    "ntc_moderate": Row(
        _u("oa:notice_comment_moderate", "notice_pub", "notice_comment"),
        {"decision": "approve"},
        state=_field(NoticeComment, "notice_comment", "status"),
    ),
    "duty_rosters": Row(_u("oa:duty_rosters"), marker=_text("矩阵值班表")),
    "duty_new": Row(_u("oa:duty_roster_new")),
    "duty_create": Row(
        _u("oa:duty_roster_new"),
        lambda w: {
            "unit": w["dept_a"],
            "title": "矩阵新值班表",
            "start": "2026-10-01",
            "end": "2026-10-08",
            "phone": "0746-1234567",
            "officers": [w.actors["wc"].pk],
        },
        state=lambda w: DutyRoster.objects.filter(title="矩阵新值班表").count(),
    ),  # fmt: skip
    "duty_roster": Row(_u("oa:duty_roster", "roster"), marker=_text("矩阵值班表")),
    "duty_shift": Row(_u("oa:duty_shift", "shift"), marker=_text("矩阵值班表")),
    "duty_record": Row(
        _u("oa:duty_record_add", "shift"),
        {"kind": "phone", "title": "矩阵来电", "content": "矩阵来电内容"},
        state=lambda w: DutyRecord.objects.filter(title="矩阵来电").count(),
    ),
    "duty_rec_close": Row(
        _u("oa:duty_record_close", "shift", "duty_rec"),
        {"result": "矩阵办结结果"},
        state=_field(DutyRecord, "duty_rec", "is_closed"),
    ),
    "duty_swap_ask": Row(
        _u("oa:duty_swap_request", "shift"),
        lambda w: {"substitute": w.actors["rc"].pk, "reason": "矩阵再换班"},
        state=lambda w: ShiftSwap.objects.filter(reason="矩阵再换班").count(),
    ),
    "duty_handover": Row(
        _u("oa:duty_handover", "shift"),
        {"note": "矩阵交班"},
        state=_field(DutyShift, "shift", "handed_over_at"),
    ),
    "duty_takeover": Row(
        _u("oa:duty_take_over", "shift"), {}, state=_field(DutyShift, "shift", "taken_over_at")
    ),
    "duty_swaps": Row(_u("oa:duty_swaps"), marker=_text("矩阵换班申请")),
    "duty_swap_decide": Row(
        _u("oa:duty_swap_decide", "swap"),
        {"decision": "approve"},
        state=_field(ShiftSwap, "swap", "status"),
    ),
    # --- The citizen's own pages -----------------------------------------------------------------
    "acc_home": Row(_u("platform_core:citizen_home")),
    "my_list": Row(_u("approval:my_list"), marker=_key("app_sub")),
    "my_detail": Row(_u("approval:my_detail", "app_sub"), marker=_key("app_sub")),
    "my_notice_pdf": Row(_u("approval:my_notice_pdf", "app_acc", "notice")),
    # Not waiting for correction: the applicant is sent back to the detail page.
    "my_resubmit": Row(_u("approval:resubmit", "app_sub")),
    "my_rate": Row(_u("approval:my_rate", "app_sub"), marker=_key("app_sub")),
    # --- The REST API takes system tokens only, never a session -----------------------------------
    "api_list": Row(_u("api:application-list")),
    "api_detail": Row(_u("api:application-detail", "app_sub")),
    # --- Django admin: the system administrator only, and only for what his role covers ---------
    "admin_index": Row(_u("admin:index")),
    "admin_apps": Row(_u("admin:approval_application_changelist")),
    "admin_app_change": Row(
        lambda w: reverse(
            "admin:approval_application_change",
            args=[Application.objects.get(number=w["app_sub"]).pk],
        )
    ),
    "admin_logins": Row(_u("admin:platform_core_loginevent_changelist")),
    "admin_users": Row(_u("admin:platform_core_user_changelist")),
    # --- disclosure (requests): department A's request ------------------------------------------
    "dis_requests": Row(_u("disclosure:requests"), marker=_key("dis_req_number")),
    "dis_req_new": Row(_u("disclosure:request_new")),
    "dis_req_add": Row(
        _u("disclosure:request_new"),
        lambda w: {
            **w["dis_req_fields"],
            "unit": w["dept_a"],
            "channel": "in_person",
            "description": "矩阵新申请",
        },
        state=lambda w: DisclosureRequest.objects.count(),
    ),
    "dis_req_detail": Row(
        _u("disclosure:request_detail", "dis_req"), marker=_key("dis_req_number")
    ),
    "dis_req_clarify": Row(
        _u("disclosure:request_action", "dis_req", "clarify"),
        {"items": "矩阵补正事项", "answer_days": 5},
        state=_field(DisclosureRequest, "dis_req", "status"),
    ),
    "dis_req_decide": Row(
        _u("disclosure:request_action", "dis_req", "decide"),
        {"approve": "1", "comment": "矩阵同意"},
        state=_field(DisclosureRequest, "dis_req", "extended_days"),
    ),
    "dis_req_letter": Row(_u("disclosure:request_letter", "dis_req", "dis_req_letter")),
    "dis_req_file": Row(_u("disclosure:request_file", "dis_req", "dis_req_file")),
    "dis_reports": Row(_u("disclosure:reports"), marker=_key("dis_rep_title")),
    "dis_rep_open": Row(
        _u("disclosure:reports"),
        lambda w: {"unit": w["dept_a"], "year": 2025},
        state=lambda w: AnnualReport.objects.count(),
    ),
    "dis_rep_detail": Row(_u("disclosure:report_detail", "dis_rep"), marker=_key("dis_rep_title")),
    "dis_rep_edit": Row(
        _u("disclosure:report_detail", "dis_rep"),
        {"overall": "矩阵总体情况", "problems": "", "other": ""},
        state=_field(AnnualReport, "dis_rep", "overall"),
    ),
    "dis_rep_submit": Row(_u("disclosure:report_submit", "dis_rep"), {}),
    "dis_rep_pdf": Row(_u("disclosure:report_pdf", "dis_rep")),
    # --- interaction (政民互动) ---
    "zm_home": Row(_u("interaction:office_home")),
    "zm_triage": Row(_u("interaction:triage_list")),
    "zm_mine": Row(_u("interaction:department_list"), marker=_text("矩阵投诉来件")),
    "zm_review_list": Row(_u("interaction:review_list")),
    "zm_all": Row(_u("interaction:all_list"), marker=_text("矩阵投诉来件")),
    "zm_register": Row(_u("interaction:register")),
    "zm_detail": Row(_u("interaction:case_detail", "zm_case"), marker=_text("矩阵投诉来件")),
    "zm_file": Row(_u("interaction:attachment", "zm_case", "zm_file")),
    "zm_assign": Row(
        _u("interaction:case_assign", "zm_case"),
        data=lambda w: {"department": w["dept_a"]},
        state=_zm_status,
    ),
    "zm_return": Row(
        _u("interaction:case_return", "zm_case"),
        data={"reason": "矩阵退回理由"},
        state=_zm_status,
    ),
    "zm_reply": Row(
        _u("interaction:case_reply", "zm_case"),
        data={"body": "<p>矩阵答复草稿内容，已核查处理。</p>", "submit": "0"},
        state=lambda w: InteractionReply.objects.filter(case__number=w["zm_case"]).count(),
    ),
    "zm_review": Row(
        _u("interaction:case_review", "zm_case"),
        data={"decision": "approve"},
        state=_zm_status,
    ),
    "zm_feature": Row(
        _u("interaction:case_feature", "zm_case"),
        data={"featured": "1"},
        state=lambda w: InteractionCase.objects.filter(number=w["zm_case"]).values_list(
            "featured_at", flat=True
        )[0],
    ),
    "zm_yjzj_list": Row(_u("interaction:solicitation_list")),
    "zm_yjzj_detail": Row(
        _u("interaction:solicitation_office", "zm_yjzj_pub"), marker=_text("矩阵测试意见内容")
    ),
    "zm_yjzj_new": Row(_u("interaction:solicitation_new")),
    "zm_yjzj_edit": Row(
        _u("interaction:solicitation_edit", "zm_yjzj_draft"),
        lambda w: {
            "title": "矩阵改过的征求意见稿",
            "department": w["dept_a"],
            "explanation": "<p>矩阵测试的起草说明内容。</p>",
            "draft_text": "第一条 矩阵测试条文。",
            "opens_on": timezone.localdate().isoformat(),
            "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        state=_field(Solicitation, "zm_yjzj_draft", "title"),
    ),
    "zm_yjzj_publish": Row(
        _u("interaction:solicitation_publish", "zm_yjzj_draft"),
        {},
        state=_field(Solicitation, "zm_yjzj_draft", "status"),
    ),
    "zm_yjzj_moderate": Row(
        _u("interaction:opinion_moderate", "zm_yjzj_pub", "zm_opinion"),
        {"decision": "show"},
        state=_field(Opinion, "zm_opinion", "status"),
    ),
    "zm_yjzj_public": Row(_u("interaction:solicitation", "zm_yjzj_pub"), marker=_text("第二条")),
    "zm_kb_list": Row(_u("interaction:knowledge_list"), marker=_text("矩阵知识条目")),
    "zm_kb_detail": Row(
        _u("interaction:knowledge_detail", "zm_entry"), marker=_text("矩阵知识条目")
    ),
    "zm_kb_new": Row(_u("interaction:knowledge_new")),
    "zm_kb_approve": Row(_u("interaction:knowledge_approve", "zm_entry"), data={}),
    "zm_stats": Row(_u("interaction:stats")),
    # --- oa (文件中心、公共资源) -----------------------------------------------------------------
    "fc_home": Row(_u("oa:files")),
    "fc_search": Row(_u("oa:files_search", query="?q=矩阵文件"), marker=_text("矩阵文件.pdf")),
    "fc_shared": Row(_u("oa:files_shared")),
    "fc_cabinet": Row(_u("oa:files_cabinet", "cab"), marker=_text("矩阵文件夹")),
    "fc_personal": Row(_u("oa:files_cabinet", "cab_rc"), marker=_text("个人文件柜")),
    "fc_upload": Row(
        _u("oa:files_upload", "cab"),
        lambda w: {"file": _fc_pdf("矩阵上传.pdf")},
        state=_count(FileEntry, cabinet="cab"),
    ),
    "fc_folder_new": Row(
        _u("oa:files_folder_new", "cab"),
        {"name": "矩阵新文件夹"},
        state=_count(Folder, cabinet="cab"),
    ),
    "fc_bin": Row(_u("oa:files_bin", "cab"), marker=_text("矩阵已删文件.pdf")),
    "fc_cab_share": Row(_u("oa:files_cabinet_share", "cab")),
    "fc_cab_share_add": Row(
        _u("oa:files_cabinet_share", "cab"),
        {"level": "1", "person": "hm_ldB"},
        state=_count(CabinetGrant, cabinet="cab"),
    ),
    "fc_folder": Row(_u("oa:files_folder", "fo"), marker=_text("矩阵文件.pdf")),
    "fc_folder_rename": Row(
        _u("oa:files_folder_rename", "fo"),
        {"name": "矩阵改名夹"},
        state=_field(Folder, "fo", "name"),
    ),
    "fc_folder_move": Row(
        _u("oa:files_folder_move", "fo"),
        lambda w: {"target": w["fo_target"]},
        state=_field(Folder, "fo", "parent"),
    ),
    "fc_folder_delete": Row(
        _u("oa:files_folder_delete", "fo"), {}, state=_field(Folder, "fo", "in_trash")
    ),
    "fc_folder_restore": Row(
        _u("oa:files_folder_restore", "fo_gone"), {}, state=_field(Folder, "fo_gone", "in_trash")
    ),
    "fc_folder_purge": Row(
        _u("oa:files_folder_purge", "fo_gone"), {}, state=_count(Folder, pk="fo_gone")
    ),
    "fc_folder_share": Row(_u("oa:files_folder_share", "fo")),
    "fc_entry": Row(_u("oa:files_entry", "fe"), marker=_text("矩阵文件.pdf")),
    "fc_download": Row(_u("oa:files_download", "fe")),
    "fc_version": Row(
        _u("oa:files_version", "fe"),
        lambda w: {"file": _fc_pdf("矩阵文件.pdf", b"% v3\n")},
        state=_count(FileVersion, entry="fe"),
    ),
    "fc_version_dl": Row(_u("oa:files_version_download", "fe", "1")),
    "fc_version_restore": Row(
        lambda w: reverse("oa:files_version_restore", args=[w["fe"], 1]),
        {},
        state=_count(FileVersion, entry="fe"),
    ),
    "fc_rename": Row(
        _u("oa:files_rename", "fe"), {"name": "矩阵改名.pdf"}, state=_field(FileEntry, "fe", "name")
    ),
    "fc_move": Row(
        _u("oa:files_move", "fe"),
        lambda w: {"target": w["fo_target"]},
        state=_field(FileEntry, "fe", "folder"),
    ),
    "fc_delete": Row(_u("oa:files_delete", "fe"), {}, state=_field(FileEntry, "fe", "in_trash")),
    "fc_restore": Row(
        _u("oa:files_restore", "fe_gone"), {}, state=_field(FileEntry, "fe_gone", "in_trash")
    ),
    "fc_purge": Row(_u("oa:files_purge", "fe_gone"), {}, state=_count(FileEntry, pk="fe_gone")),
    "fc_entry_share": Row(_u("oa:files_entry_share", "fe")),
    "fc_grant_delete": Row(
        _u("oa:files_grant_delete", "fc_grant"), {}, state=_count(CabinetGrant, pk="fc_grant")
    ),
    "res_home": Row(_u("oa:resources")),
    "res_list": Row(_u("oa:resource_list", "laws"), marker=_text("矩阵法规")),
    "res_detail": Row(_u("oa:resource_detail", "laws", "res_law"), marker=_text("矩阵法规")),
    "res_new": Row(_u("oa:resource_new", "laws")),
    "res_create": Row(_u("oa:resource_new", "laws"), RES_LAW, state=lambda w: Law.objects.count()),
    "res_edit": Row(
        _u("oa:resource_edit", "laws", "res_law"),
        {**RES_LAW, "title": "矩阵改法规"},
        state=_field(Law, "res_law", "title"),
    ),
    "res_delete": Row(
        _u("oa:resource_delete", "laws", "res_law"), {}, state=_count(Law, pk="res_law")
    ),
    "res_attach": Row(
        _u("oa:resource_attach", "laws", "res_law"),
        lambda w: {"file": _fc_pdf("矩阵新附件.pdf")},
        state=_count(ResourceFile, law="res_law"),
    ),
    "res_link": Row(
        _u("oa:resource_link", "laws", "res_law"),
        lambda w: {"entry": w["fe"]},
        state=_count(ResourceFile, law="res_law"),
    ),
    "res_file": Row(_u("oa:resource_file", "laws", "res_law", "res_law_file")),
    "res_file_remove": Row(
        _u("oa:resource_file_remove", "laws", "res_law", "res_law_file"),
        {},
        state=_count(ResourceFile, pk="res_law_file"),
    ),
    # --- approval: 事项管理 (the section head of A also holds A's 事项管理员 post) ---------
    "ci_list": Row(_u("approval:items"), marker=_text("MX-PUB")),
    "ci_new": Row(_u("approval:item_create")),
    "ci_create": Row(
        _u("approval:item_create"),
        lambda w: {**_guide(w), "code": "MX-NEW"},
        state=_count(LicensingItem, code="mx_new_code"),
    ),
    "ci_detail": Row(_u("approval:item_detail", "ci_draft"), marker=_text("第2版")),
    "ci_edit": Row(
        _u("approval:item_edit", "ci_draft"),
        lambda w: {**_guide(w), "phone": "0746-9999999"},
        state=_field(LicensingItem, "ci_draft", "phone"),
    ),
    "ci_version": Row(
        _u("approval:item_new_version", "ci_pub"),
        {},
        state=_count(LicensingItem, code="mx_pub_code"),
    ),
    "ci_copy": Row(
        _u("approval:item_copy", "ci_pub"),
        {"code": "MX-COPY", "name": ""},
        state=_count(LicensingItem, code="mx_copy_code"),
    ),
    "ci_retire": Row(
        _u("approval:item_retire", "ci_pub"), {}, state=_field(LicensingItem, "ci_pub", "status")
    ),
    "ci_submit": Row(
        _u("approval:item_submit", "ci_draft"),
        {"note": "矩阵送审"},
        state=_count(ItemReview, item="ci_draft"),
    ),
    "ci_withdraw": Row(
        _u("approval:item_review_withdraw", "ci_review"),
        {},
        state=_field(ItemReview, "ci_review", "status"),
    ),
    "ci_review": Row(_u("approval:item_review", "ci_review"), marker=_text("矩阵送审事项")),
    "ci_approve": Row(
        _u("approval:item_review", "ci_review"),
        {"decision": "approve", "reason": ""},
        state=_field(ItemReview, "ci_review", "status"),
    ),
    "ci_import": Row(_u("approval:items_import")),
    "ci_upload": Row(
        _u("approval:items_import"),
        lambda w: {"file": _catalogue_json()},
        state=_count(LicensingItem, code="mx_import_code"),
    ),
    "ci_export_xlsx": Row(_u("approval:items_export_xlsx")),
    "ci_export_json": Row(_u("approval:items_export_json"), marker=_text("MX-PUB")),
}


def _guide(w: World) -> dict:
    """Every field of the guide form, for department A, with no material or fee rows."""
    return {
        "name": "矩阵新事项", "kind": "licensing", "department": w["dept_a"],
        "legal_basis": "依据", "conditions": "条件", "keywords": "", "fees": "不收费",
        "fee_basis": "", "statutory_days": "20", "promised_days": "10", "visits": "0",
        "special_procedures": "", "place": "地点", "hours": "时间", "phone": "0746-1",
        "faq": "", "form_code": "", "route_code": "",
        "materials-TOTAL_FORMS": "0", "materials-INITIAL_FORMS": "0",
        "fees-TOTAL_FORMS": "0", "fees-INITIAL_FORMS": "0",
    }  # fmt: skip


def _catalogue_json():
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = '{"items": [{"code": "MX-IMP", "name": "矩阵导入事项", "department": "scjg"}]}'
    return SimpleUploadedFile("items.json", body.encode())


def _parse(table: str) -> list[tuple[str, str, str]]:
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[1:] == ACTORS, header
    cases = []
    for name, *outcomes in rows:
        assert len(outcomes) == len(ACTORS), name
        assert name in ROWS, name
        cases.extend(
            (name, actor, expected)
            for actor, expected in zip(ACTORS, outcomes, strict=True)
            if expected != "-"
        )
    return cases


CASES = _parse(MATRIX)


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    # Built once for the ~1,400 cells, inside a transaction rolled back at the end; each test runs
    # in its own savepoint (pytest-django's `db`), so a write made by one cell never reaches the
    # next. Uploaded files and published pages go to a temporary directory.
    root = tmp_path_factory.mktemp("http_matrix")
    # The actors' sessions are made once, with the module's transaction; each cell's renewal of
    # the idle expiry is rolled back with the cell. On a slow machine the matrix outlives the
    # 30-minute staff idle limit and every later cell would see the login page (seen: 533 cells
    # after 30 minutes), so the sessions here last the run; idle expiry has its own tests
    # (tests/platform_core/test_staff_auth.py).
    long = 12 * 60 * 60
    with (
        override_settings(
            MEDIA_ROOT=root / "media",
            PUBLISH_ROOT=root / "site",
            STAFF_SESSION_IDLE_SECONDS=long,
            CITIZEN_SESSION_IDLE_SECONDS=long,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        world = build_world()
        # One session per actor, made once: logging in for each of the cells would cost more
        # than most of the requests. The cells' own writes to a session are rolled back.
        sessions = {}
        for key, user in world.actors.items():
            if user is not None:
                login = Client()
                _login(login, user)
                sessions[key] = login.cookies[settings.SESSION_COOKIE_NAME].value
        yield world, sessions
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db) -> World:
    return _module_world[0]


@pytest.fixture
def as_actor(_module_world, client):
    """as_actor(key): the test client, signed in as that actor (or anonymous)."""

    def sign_in(key: str):
        session = _module_world[1].get(key)
        if session is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        return client

    return sign_in


def _login(client, user) -> None:
    if user is None:
        return
    backend = (
        "platform_core.auth_backends.StaffBackend"
        if user.is_office_user
        else "platform_core.auth_backends.CitizenSessionBackend"
    )
    client.force_login(user, backend=backend)


def _send(client, world: World, row: Row):
    url = row.url(world)
    if row.data is None:
        return client.get(url)
    data = row.data(world) if callable(row.data) else row.data
    return client.post(url, data)


LOGIN_PAGES = {"lgs": STAFF_LOGIN, "lgc": CITIZEN_LOGIN, "lga": ADMIN_LOGIN}


def _main(response) -> str:
    body = response.content.decode(errors="replace")
    start = body.find('id="main"')
    return body[start if start > 0 else 0 :][:1500]


@pytest.mark.parametrize(
    ("row", "actor", "expected"), CASES, ids=[f"{r}-{a}" for r, a, _e in CASES]
)
def test_http_matrix(as_actor, world, row, actor, expected):
    spec = ROWS[row]
    client = as_actor(actor)
    before = spec.state(world) if spec.state else None

    response = _send(client, world, spec)

    status = response.status_code
    assert status < 500, _main(response)
    if expected in LOGIN_PAGES:
        assert status == 302, (status, _main(response))
        assert response["Location"].startswith(LOGIN_PAGES[expected]), response["Location"]
    elif expected == "api":
        assert status in (401, 403), status
    elif expected == "nd":
        assert status == 200, (status, _main(response))
        assert spec.marker is not None
        assert spec.marker(world) not in response.content.decode(), "another unit's data shown"
    else:
        assert status == int(expected), (status, _main(response))
        if expected == "302":
            assert not any(response["Location"].startswith(p) for p in LOGIN_PAGES.values())
        if expected == "200" and spec.marker is not None:
            assert spec.marker(world) in response.content.decode()
    if spec.state is not None:
        after = spec.state(world)
        if expected == "302":
            assert after != before, "the action reported success but changed nothing"
        else:
            assert after == before, "a refused request changed the object"


# --- Completeness: the table and the URL configuration ------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p


OFFICE_PATTERNS = [
    (route, name, p)
    for route, name, p in _walk(get_resolver().url_patterns)
    if route.startswith("office/") and name not in {"platform_core:staff_login"}
]
# Sample values for the converters of the back-office URLs: the guard must answer before any
# object is looked up, so the values need not exist.
SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x"}


def _concrete(route: str) -> str:
    import re

    def sub(match):
        converter = match.group(1) or "str"
        return SAMPLES.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", sub, route)


# Back-office URL names that are open to everyone on purpose, or covered elsewhere.
NOT_GUARDED = {
    "platform_core:staff_logout",  # logging out is harmless for anyone
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "name"),
    [(r, n) for r, n, _p in OFFICE_PATTERNS if n not in NOT_GUARDED],
    ids=[n or r for r, n, _p in OFFICE_PATTERNS if n not in NOT_GUARDED],
)
def test_citizen_and_anonymous_never_enter_the_back_office(client, route, name):
    """Every /office/ URL, GET and POST: a citizen gets 403, an anonymous visitor the staff login.

    Some pages accept only one method (405 for the other); at least one method must show the
    guard, and none may answer 200 or fail.
    """
    from tests.factories import CitizenFactory

    url = _concrete(route)
    outcomes = {}
    for who in ("citizen", "anonymous"):
        client.logout()
        if who == "citizen":
            _login(client, CitizenFactory())
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            outcomes[(who, method)] = response
            assert response.status_code in (302, 403, 404, 405), (who, method, url)
            if response.status_code == 302:
                assert response["Location"].startswith(STAFF_LOGIN), (who, method, url)
                assert who == "anonymous", (method, url)
    assert 403 in {outcomes[("citizen", m)].status_code for m in ("get", "post")}, url
    assert any(outcomes[("anonymous", m)].status_code == 302 for m in ("get", "post")), url


def _admin_urls() -> list[str]:
    from django.contrib import admin

    urls = ["/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["citizen", "anonymous", "staff"])
def test_only_is_staff_accounts_reach_django_admin(client, gov, who):
    """Every admin list page sends citizens, visitors and ordinary staff to the admin login."""
    from platform_core.constants import RoleCode
    from tests.factories import CitizenFactory, staff_with_role

    if who == "citizen":
        _login(client, CitizenFactory())
    elif who == "staff":
        # The security administrator assigns posts in the back office, never in Django admin.
        _login(client, staff_with_role(RoleCode.SECURITY_ADMIN, gov))
    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(ADMIN_LOGIN), url


# URL names that have no row of their own, each with the reason.
NOT_IN_TABLE = {
    "platform_core:staff_logout": "harmless for anyone",
    "interaction:opinion_adopt": "after moderation only: tests/interaction/test_solicitations.py",
    "interaction:solicitation_report": "after closing: tests/interaction/test_solicitations.py",
    "platform_core:password_change": "own account only, tested in test_staff_auth",
    "platform_core:org_tree": "organisation pages: tests/platform_core/test_permission_matrix.py",
    "platform_core:unit_create": "ditto",
    "platform_core:unit_detail": "ditto",
    "platform_core:unit_edit": "ditto",
    "platform_core:unit_grants": "ditto",
    "platform_core:people_list": "ditto",
    "platform_core:person_create": "ditto",
    "platform_core:person_detail": "ditto",
    "platform_core:person_edit": "ditto",
    "platform_core:person_deactivate": "ditto (test_org_views)",
    "platform_core:person_activate": "ditto (test_org_views)",
    "platform_core:person_posts": "ditto",
    "platform_core:org_calendar": "ditto",
    "platform_core:office_notifications_read_all": "own messages only, like notif_read",
    "platform_core:inbox_mark_read": "own reading items only (ids filtered by recipient)",
    "platform_core:inbox_claim": "offers to the person's own posts only (test_inbox_views)",
    "platform_core:dynform_import": "same guard as form_create",
    "platform_core:dynform_field_add": "same guard as form_field_edit",
    "platform_core:dynform_draft": "same guard as form_publish",
    "platform_core:dynform_copy": "same guard as form_publish",
    "platform_core:dynform_preview": "same guard as form_detail",
    "platform_core:dynform_field_move": "same guard as form_field_delete",
    "platform_core:route_import": "same guard as route_list",
    "platform_core:route_export_xpdl": "same guard as route_bpmn",
    "platform_core:route_publish": "same guard as route_new_draft",
    "platform_core:route_discard": "same guard as route_new_draft",
    "platform_core:route_step_new": "same guard as route_new_draft",
    "platform_core:route_step_edit": "same guard as route_new_draft",
    "platform_core:route_step_delete": "same guard as route_new_draft",
    "platform_core:route_step_move": "same guard as route_new_draft",
    "platform_core:route_transition_new": "same guard as route_new_draft",
    "platform_core:route_transition_delete": "same guard as route_new_draft",
    "platform_core:case_start": "starts a case of one's own (unit choices filtered by scope)",
    "platform_core:case_graph": "fixed-route cases only; same check as case_detail",
    "platform_core:case_bpmn": "same check as case_graph (graphical route designer, issue 18)",
    "platform_core:case_withdraw": "same check as case_comment, then the sender only",
    "supervision:performance_xlsx": "same guard as performance_pdf",
    "portal:attachment_delete": "same guard as article_files (the article's editors)",
    "portal:investment_project_new": "same guard as inv_projects (editors of 招商引资)",
    "portal:investment_warning_new": "same guard as inv_warnings (editors of 招商引资)",
    "disclosure:attachment_add": "same guard as dis_edit (the unit's officers; test_office)",
    "disclosure:attachment_remove": "same guard as dis_edit (the unit's officers; test_office)",
    "disclosure:item_link": "same guard as dis_validity",
    "disclosure:card_clear": "cards of the user's units only (cards_for; test_deadline)",
    # oa
    "oa:document_countersign": "same guard as oa_signoff (the step's open task; test_route)",
    "oa:document_return": "same guard as oa_signoff (the step's open task; test_route)",
    "oa:document_import": "same guard as oa_edit (may_edit; test_office)",
    "oa:change_decide": "same guard as oa_edit (may_edit; test_revisions)",
    "oa:attachment_add": "same guard as oa_edit (may_edit)",
    "oa:attachment_download": "same guard as oa_detail (documents_visible_to)",
    # interaction (政民互动)
    "interaction:case_follow_up": "same guard as zm_return (after the reply; test_services)",
    "interaction:case_extend": "office reviewers only, 信访 cases (test_services)",
    "interaction:case_public": "office staff only (test_services: case_set_public)",
    "interaction:knowledge_from_case": "same guard as zm_detail, then the reply's handlers",
    "interaction:case_merge": "office staff only, like zm_assign (test_duplicates)",
}
ROW_URL_NAMES = {
    "oa:office_home",
    "approval:items", "approval:item_create", "approval:item_detail", "approval:item_edit",
    "approval:item_new_version", "approval:item_copy", "approval:item_retire",
    "approval:item_submit", "approval:item_review_withdraw", "approval:item_review",
    "approval:items_import", "approval:items_export_xlsx", "approval:items_export_json",
    "platform_core:oidc_client_list", "platform_core:oidc_client_create",
    "platform_core:oidc_client_edit",
    "platform_core:code_tables", "platform_core:code_table_detail",
    "platform_core:code_entry_create", "platform_core:code_entry_edit",
    "platform_core:code_entry_retire", "platform_core:code_entry_restore",
    "platform_core:office_home", "platform_core:audit_logins", "platform_core:audit_changes",
    "platform_core:office_notifications", "platform_core:office_notification_read",
    "platform_core:outbox_failures", "platform_core:outbox_resend", "platform_core:dynform_list",
    "platform_core:dynform_create", "platform_core:dynform_detail",
    "platform_core:dynform_field_edit", "platform_core:dynform_field_delete",
    "platform_core:dynform_publish", "platform_core:dynform_export", "platform_core:route_list",
    "platform_core:route_detail", "platform_core:route_graph", "platform_core:route_export_bpmn",
    "platform_core:route_new_draft", "platform_core:case_detail", "platform_core:engine_chart",
    "platform_core:route_designer",
    "platform_core:case_comment", "platform_core:task_detail", "platform_core:task_action",
    "platform_core:delegations", "platform_core:delegation_revoke", "platform_core:inbox",
    "platform_core:inbox_reading_open", "approval:office_home", "approval:counter_items",
    "approval:counter_register", "approval:office_detail", "approval:office_decide",
    "approval:office_notice_pdf", "approval:office_file", "approval:handling_list",
    "approval:handling_detail",
    "approval:handling_action", "supervision:dashboard", "supervision:data", "supervision:cases",
    "supervision:rules", "supervision:cards", "supervision:card_clear", "supervision:export",
    "supervision:export_resend", "supervision:performance", "supervision:performance_pdf",
    "supervision:fee_record", "portal:office_home", "portal:review_queue", "portal:article_new",
    "portal:article_detail", "portal:article_edit", "portal:article_submit",
    "portal:article_review", "portal:article_revisions", "portal:article_withdraw",
    "portal:attachments", "portal:article_image_upload", "platform_core:richtext_clean",
    "portal:stats", "portal:investment_projects", "portal:site_channels",
    "portal:site_channel_new", "portal:site_channel_edit", "portal:site_channel_action",
    "portal:site_settings", "portal:site_words", "portal:site_word_edit",
    "portal:site_word_delete", "portal:site_words_import", "portal:site_stats",
    "portal:investment_project_edit", "portal:investment_warnings",
    "portal:investment_warning_edit", "disclosure:office_home", "disclosure:dashboard",
    "disclosure:columns", "disclosure:column_new", "disclosure:column_edit", "disclosure:item_new",
    "disclosure:item_detail", "disclosure:item_edit", "disclosure:item_submit",
    "disclosure:item_check", "disclosure:item_review", "disclosure:finding_override",
    "disclosure:item_validity", "disclosure:item_withdraw",
    # disclosure (requests)
    "disclosure:requests", "disclosure:request_new", "disclosure:request_detail",
    "disclosure:request_action", "disclosure:request_letter", "disclosure:request_file",
    "disclosure:reports", "disclosure:report_detail", "disclosure:report_submit",
    "disclosure:report_pdf",
    # oa
    "oa:documents", "oa:document_new", "oa:document_detail", "oa:document_edit",
    "oa:document_submit", "oa:document_review", "oa:document_sign_off", "oa:document_revisions",
    "oa:document_docx", "oa:document_pdf", "oa:document_dispatch", "oa:receipts",
    "oa:receipt_sign",
    # oa: 收文 and 传阅 (issue 15)
    "oa:incoming", "oa:incoming_new", "oa:incoming_detail", "oa:incoming_propose",
    "oa:incoming_instruct", "oa:incoming_handling_report", "oa:incoming_conclude",
    "oa:incoming_attachment", "oa:incoming_attachment_download", "oa:incoming_circulate",
    "oa:incoming_read", "oa:incoming_recall",
    # oa: 督办 and 归档 (issue 15)
    "oa:supervision", "oa:supervision_new", "oa:supervision_detail", "oa:supervision_attachment",
    "oa:supervision_progress",
    "oa:supervision_review", "oa:supervision_archive", "oa:document_archive", "oa:archive",
    "oa:archive_package",
    # oa (文件中心、公共资源)
    "oa:files", "oa:files_search", "oa:files_shared", "oa:files_cabinet", "oa:files_upload",
    "oa:files_folder_new", "oa:files_bin", "oa:files_cabinet_share", "oa:files_folder",
    "oa:files_folder_rename", "oa:files_folder_move", "oa:files_folder_delete",
    "oa:files_folder_restore", "oa:files_folder_purge", "oa:files_folder_share",
    "oa:files_entry", "oa:files_download", "oa:files_version", "oa:files_version_download",
    "oa:files_version_restore", "oa:files_rename", "oa:files_move", "oa:files_delete",
    "oa:files_restore", "oa:files_purge", "oa:files_entry_share", "oa:files_grant_delete",
    "oa:resources", "oa:resource_list", "oa:resource_new", "oa:resource_detail",
    "oa:resource_edit", "oa:resource_delete", "oa:resource_attach", "oa:resource_link",
    "oa:resource_file", "oa:resource_file_remove",
    "oa:calendar", "oa:event_new", "oa:event_detail", "oa:event_edit", "oa:event_delete",
    "oa:calendar_delegations", "oa:calendar_delegation_revoke", "oa:calendar_feed",
    "oa:meetings", "oa:meeting_new", "oa:meeting_detail", "oa:meeting_send", "oa:meeting_remind",
    "oa:meeting_cancel",
    "oa:meeting_reply", "oa:meeting_attachment_add", "oa:meeting_attachment",
    "oa:meeting_screen", "oa:meeting_sign_in", "oa:meeting_minutes", "oa:meeting_action_add",
    "oa:meeting_action_done", "oa:meeting_rooms",
    "oa:mail_inbox", "oa:mail_box", "oa:mail_folder", "oa:mail_compose",
    "oa:mail_detail", "oa:mail_draft", "oa:mail_attachment_remove", "oa:mail_attachment",
    "oa:mail_bulk", "oa:mail_trash_empty", "oa:mail_folders", "oa:mail_folder_rename",
    "oa:mail_folder_delete", "oa:mail_quotas", "oa:mail_quota_edit", "oa:contacts",
    "oa:contacts_xlsx", "oa:contacts_vcf",
    "oa:contact_settings",
    "oa:sms_threads", "oa:sms_new", "oa:sms_thread", "oa:sms_resend", "oa:notices",
    "oa:notice_new", "oa:notice_detail", "oa:notice_edit", "oa:notice_submit",
    "oa:notice_review", "oa:notice_withdraw", "oa:notice_remind", "oa:notice_comment",
    "oa:notice_comment_moderate", "oa:duty_rosters", "oa:duty_roster_new", "oa:duty_roster",
    "oa:duty_shift", "oa:duty_record_add", "oa:duty_record_close", "oa:duty_swap_request",
    "oa:duty_handover",
    "oa:duty_take_over", "oa:duty_swaps", "oa:duty_swap_decide",
    # interaction (政民互动)
    "interaction:office_home", "interaction:triage_list", "interaction:department_list",
    "interaction:review_list", "interaction:all_list", "interaction:register",
    "interaction:case_detail", "interaction:attachment", "interaction:case_assign",
    "interaction:case_return", "interaction:case_reply", "interaction:case_review",
    "interaction:case_feature",
    "interaction:knowledge_list", "interaction:knowledge_detail", "interaction:knowledge_new",
    "interaction:knowledge_approve", "interaction:stats",
    "interaction:solicitation_list", "interaction:solicitation_office",
    "interaction:solicitation_new", "interaction:solicitation_edit",
    "interaction:solicitation_publish", "interaction:opinion_moderate",
}  # fmt: skip


def test_every_back_office_url_has_a_row_or_a_reason():
    """A new /office/ page must get its row in MATRIX (or a stated reason here)."""
    names = {name for _route, name, _p in OFFICE_PATTERNS} | {"platform_core:staff_logout"}
    missing = names - ROW_URL_NAMES - set(NOT_IN_TABLE)
    assert not missing, f"back-office URLs without a matrix row: {sorted(missing)}"


def test_every_actor_and_public_user_is_a_column():
    assert set(STAFF_ACTORS) | set(PUBLIC) == {actor for _row, actor, _e in CASES}
    assert set(ROWS) == {row for row, _actor, _e in CASES}


def test_administrator_with_a_business_post_sees_that_unit_only(client, world):
    """兼职: a system administrator who is also a window clerk of department B reads B's business,
    not A's; the administrator's global scope does not carry over to business objects."""
    from platform_core.constants import RoleCode
    from platform_core.models import OrgUnit
    from tests.factories import PostFactory, role, staff_with_role

    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, OrgUnit.objects.get(code="gov"))
    PostFactory(user=admin, unit=OrgUnit.objects.get(code="zrzy"), role=role(RoleCode.WINDOW_CLERK))
    _login(client, admin)
    assert client.get(ROWS["case_detail"].url(world)).status_code == 404
    assert client.get(ROWS["appr_detail"].url(world)).status_code == 404
    # The same person posted in department A reaches A's case and application.
    PostFactory(user=admin, unit=OrgUnit.objects.get(code="scjg"), role=role(RoleCode.WINDOW_CLERK))
    assert client.get(ROWS["case_detail"].url(world)).status_code == 200
    assert client.get(ROWS["appr_detail"].url(world)).status_code == 200
