from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _case_subject(process):
    from django.urls import reverse
    from django.utils.translation import gettext as gettext

    from platform_core.subjects import SubjectLink

    from .models import Item

    item = Item.objects.filter(review_process=process).only("pk", "title").first()
    if item is None:
        return None
    return SubjectLink(
        gettext("公开信息：%(title)s") % {"title": item.title},
        reverse("disclosure:item_detail", args=[item.pk]),
    )


def _demo(stdout=None):
    from .demo import load_disclosure_demo

    load_disclosure_demo(stdout)


def _demo_requests(stdout=None):
    from .demo_requests import load_request_demo

    load_request_demo(stdout)


def _generate(context) -> int:
    from .generate import generate_items

    return generate_items(context)


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disclosure"
    verbose_name = _("政府信息公开")

    def ready(self) -> None:
        from disclosure.constants import (
            GENRE_TABLE,
            SUBJECT_TABLE,
            Genre,
            NotProcessedReason,
            RefusalGround,
            Subject,
            UnavailableReason,
        )
        from platform_core.selectors.audit import register_value_labels
        from platform_core.services.codes import code_table_register

        # 数据字典: the subject categories and genres live in platform_core's code tables.
        code_table_register(SUBJECT_TABLE, _("主题分类（政府信息公开）"), Subject.choices)
        code_table_register(GENRE_TABLE, _("体裁（政府信息公开）"), Genre.choices)
        from platform_core.selectors.codes import CodeLabels

        register_value_labels("disclosure.Item.subject", CodeLabels(SUBJECT_TABLE))
        register_value_labels("disclosure.Item.genre", CodeLabels(GENRE_TABLE))

        # The change history shows a reply's legal grounds by name, not by code.
        register_value_labels(
            "disclosure.DisclosureRequest.grounds",
            {
                **dict(RefusalGround.choices),
                **dict(UnavailableReason.choices),
                **dict(NotProcessedReason.choices),
            },
        )
        from platform_core.citizen_links import CitizenLink, register_citizen_link
        from platform_core.demo_data import register_demo_loader
        from platform_core.generate_data import register_generator
        from platform_core.inbox_sources import register_work_source
        from platform_core.models import Subsystem
        from platform_core.subjects import register_subject_link
        from platform_core.verification import register_document_resolver

        from .selectors.letters import letter_document
        from .selectors.work import WORK_SOURCES

        # The generic task and case pages link a review case to its item.
        register_subject_link(Subsystem.DISCLOSURE, _case_subject)
        register_citizen_link(
            CitizenLink("disclosure.mine", _("我的信息公开申请"), "disclosure:my_requests", 20)
        )
        # manage.py load_demo: after the portal's articles (20) and before its publishing (90).
        register_demo_loader("disclosure", _demo, order=30)
        register_demo_loader("disclosure-requests", _demo_requests, order=31)
        # manage.py generate_data: after the portal's articles.
        register_generator("disclosure_items", _generate, order=15)
        # Disclosure requests: every step a staff member must take, in the unified inbox; the
        # letters issued on them, on the platform's public verification page.
        for source in WORK_SOURCES:
            register_work_source(source())
        register_document_resolver("disclosure", letter_document)
