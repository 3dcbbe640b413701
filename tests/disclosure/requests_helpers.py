"""Helpers of the disclosure-request tests: applicants and a registered request."""

import datetime

from disclosure.constants import ApplicantType, DeliveryMethod, InfoForm, RequestChannel
from disclosure.services import requests as services
from platform_core.constants import PersonType
from tests.factories import CitizenFactory, CitizenProfileFactory, make_resident_id, make_uscc


def natural_fields(n: int = 3, **extra) -> dict:
    fields = {
        "applicant_type": ApplicantType.NATURAL,
        "applicant_name": "王建军",
        "id_number": make_resident_id(n),
        "mobile": "13974610101",
        "address": "蓝山县塔峰镇舜乡路18号",
        "description": "2026年蓝山县城区老旧小区改造项目的资金安排文件",
        "form_wanted": InfoForm.ELECTRONIC,
        "delivery_method": DeliveryMethod.ONLINE,
    }
    fields.update(extra)
    return fields


def legal_fields(n: int = 5, subtype: str = "commercial", **extra) -> dict:
    fields = natural_fields(
        applicant_type=ApplicantType.LEGAL,
        applicant_name="蓝山县舜源皮具有限公司",
        id_number="",
        uscc=make_uscc(n),
        legal_subtype=subtype,
        contact_person="陈国栋",
    )
    fields.update(extra)
    return fields


def register(officer, unit, received_on: datetime.date, channel=RequestChannel.LETTER, **extra):
    request, code = services.request_register(
        by=officer, unit=unit, channel=channel, received_on=received_on, **natural_fields(**extra)
    )
    return request, code


def citizen(n: int = 1):
    return CitizenFactory(name="王建军", mobile=f"1397461{n:04d}")


def company(n: int = 9):
    user = CitizenFactory(name="蓝山县舜源皮具有限公司", mobile=f"1397462{n:04d}", profile=None)
    CitizenProfileFactory(
        user=user,
        person_type=PersonType.LEGAL,
        name=user.name,
        id_number="",
        uscc=make_uscc(n),
        legal_representative="陈国栋",
    )
    return user


def online(user, unit, **extra):
    fields = {
        "description": "2026年本局行政处罚案件数量统计",
        "form_wanted": InfoForm.ELECTRONIC,
        "delivery_method": DeliveryMethod.ONLINE,
    }
    fields.update(extra)
    return services.request_submit_online(by=user, unit=unit, **fields)
