from django.urls import path

from ..views import knowledge, office, public, solicitations

app_name = "interaction"

urlpatterns = [
    # Public (门户 政民互动)
    path("zmhd/hfxx/", public.case_list, name="public_list"),
    path("zmhd/xj/", public.submit, name="submit"),
    path("zmhd/xj/code/", public.sms_code, name="sms_code"),
    path("zmhd/xj/done/", public.submitted, name="submitted"),
    path("zmhd/xj/suggest/", public.knowledge_suggest, name="knowledge_suggest"),
    path("zmhd/zsk/<int:pk>/", public.knowledge_page, name="public_knowledge"),
    path("zmhd/cx/", public.lookup, name="lookup"),
    path("zmhd/cx/<str:number>/", public.my_case, name="my_case"),
    path("zmhd/cx/<str:number>/rate/", public.rate, name="rate"),
    path("zmhd/hf/<str:number>/", public.case_page, name="public_case"),
    path("zmhd/yjzj/", solicitations.public_list, name="solicitations"),
    path("zmhd/yjzj/<int:pk>/", solicitations.public_detail, name="solicitation"),
    # Back office
    path("office/interaction/", office.office_home, name="office_home"),
    path("office/interaction/triage/", office.triage_list, name="triage_list"),
    path("office/interaction/mine/", office.department_list, name="department_list"),
    path("office/interaction/review/", office.review_list, name="review_list"),
    path("office/interaction/all/", office.all_list, name="all_list"),
    path("office/interaction/register/", office.register, name="register"),
    path("office/interaction/stats/", office.stats, name="stats"),
    path("office/interaction/cases/<str:number>/", office.case_detail, name="case_detail"),
    path("office/interaction/cases/<str:number>/assign/", office.case_assign, name="case_assign"),
    path("office/interaction/cases/<str:number>/return/", office.case_return, name="case_return"),
    path("office/interaction/cases/<str:number>/reply/", office.case_reply, name="case_reply"),
    path("office/interaction/cases/<str:number>/review/", office.case_review, name="case_review"),
    path(
        "office/interaction/cases/<str:number>/follow-up/",
        office.case_follow_up,
        name="case_follow_up",
    ),
    path("office/interaction/cases/<str:number>/extend/", office.case_extend, name="case_extend"),
    path("office/interaction/cases/<str:number>/public/", office.case_public, name="case_public"),
    path(
        "office/interaction/cases/<str:number>/feature/",
        office.case_feature,
        name="case_feature",
    ),
    path("office/interaction/cases/<str:number>/merge/", office.case_merge, name="case_merge"),
    path(
        "office/interaction/cases/<str:number>/files/<int:pk>/",
        office.attachment,
        name="attachment",
    ),
    path(
        "office/interaction/cases/<str:number>/to-knowledge/",
        knowledge.entry_from_case,
        name="knowledge_from_case",
    ),
    # 意见征集
    path("office/interaction/yjzj/", solicitations.office_list, name="solicitation_list"),
    path("office/interaction/yjzj/new/", solicitations.office_edit, name="solicitation_new"),
    path(
        "office/interaction/yjzj/<int:pk>/", solicitations.office_detail, name="solicitation_office"
    ),
    path(
        "office/interaction/yjzj/<int:pk>/edit/",
        solicitations.office_edit,
        name="solicitation_edit",
    ),
    path(
        "office/interaction/yjzj/<int:pk>/publish/",
        solicitations.office_publish,
        name="solicitation_publish",
    ),
    path(
        "office/interaction/yjzj/<int:pk>/report/",
        solicitations.office_report,
        name="solicitation_report",
    ),
    path(
        "office/interaction/yjzj/<int:pk>/opinions/<int:opinion_pk>/moderate/",
        solicitations.office_moderate,
        name="opinion_moderate",
    ),
    path(
        "office/interaction/yjzj/<int:pk>/opinions/<int:opinion_pk>/adopt/",
        solicitations.office_adopt,
        name="opinion_adopt",
    ),
    path("office/interaction/knowledge/", knowledge.entry_list, name="knowledge_list"),
    path("office/interaction/knowledge/new/", knowledge.entry_new, name="knowledge_new"),
    path("office/interaction/knowledge/<int:pk>/", knowledge.entry_detail, name="knowledge_detail"),
    path(
        "office/interaction/knowledge/<int:pk>/approve/",
        knowledge.entry_approve,
        name="knowledge_approve",
    ),
]
