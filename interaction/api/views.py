"""Open311 GeoReport v2: services, service definitions, requests (read and submit).

Reads are public and show only what the portal shows: cases the citizen allowed and staff agreed
to publish, replied, without the name, phone or any address beyond the township. A submission
goes through the same public-submission service as the portal's form (length, sensitive words,
mobile, category), and names who stands behind it: a calling system registered for the REST API
with the "open311:submit" scope (api_key), or the citizen's mobile proven by an SMS code.
Errors are GeoReport's list of {code, description}. Every endpoint is rate-limited per client.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 # nosec B405 - builds XML, never parses it

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from platform_core.http import client_ip
from platform_core.richtext.sanitize import html_to_text
from platform_core.services.citizen_auth import SmsCodeError, sms_code_consume, sms_code_issue

from ..checks import api_client_name
from ..constants import OPEN_STATUSES, Kind, Source
from ..selectors import open311 as selectors
from ..services import cases as case_services
from .serializers import (
    Open311ServiceDefinitionSerializer,
    Open311ServiceRequestSerializer,
    Open311ServiceSerializer,
    Open311SmsCodeResultSerializer,
    Open311SmsCodeSerializer,
    Open311SubmitResultSerializer,
    Open311SubmitSerializer,
)

MAX_IDS = 100
# An open case whose text staff have not yet agreed to show.
OPEN_NOTICE = "办理中；来件内容经审核同意公开后显示。"
TITLE_FROM_DESCRIPTION = 30


# --- errors, throttles, formats -----------------------------------------------------------------


class Open311Error(APIException):
    def __init__(self, status_code: int, description: str):
        self.status_code = status_code
        super().__init__(description)


class _Throttle(SimpleRateThrottle):
    @property
    def cache(self):
        # The rate-limit cache of django-ratelimit (Redis; the local cache in the demo mode).
        return caches[settings.RATELIMIT_USE_CACHE]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "-"}


class ReadThrottle(_Throttle):
    scope = "open311-read"
    rate = "120/min"


class SubmitThrottle(_Throttle):
    # As the portal's form: a person files a case in minutes; a script posting faster is refused.
    scope = "open311-submit"
    rate = "5/min"


def _error_list(status_code: int, data) -> list[dict]:
    if isinstance(data, list) and all(isinstance(e, dict) and "code" in e for e in data):
        return data
    if isinstance(data, dict) and "detail" in data:
        return [{"code": status_code, "description": str(data["detail"])}]
    return [{"code": status_code, "description": str(data)}]


def _to_xml(root: str, item: str, data) -> bytes:
    """GeoReport's XML: <services><service>…, <service_requests><request>…, <errors><error>…"""

    def fill(element, value):
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(child, list):
                    holder = ET.SubElement(element, key)
                    for entry in child:
                        fill(ET.SubElement(holder, key[:-1] if key.endswith("s") else key), entry)
                else:
                    fill(ET.SubElement(element, key), child)
        elif value is None:
            return
        elif isinstance(value, bool):
            element.text = "true" if value else "false"
        else:
            element.text = str(value)

    top = ET.Element(root)
    if not item:  # a single object: <service_definition><service_code/>…
        fill(top, data)
    else:
        for entry in data if isinstance(data, list) else [data]:
            fill(ET.SubElement(top, item), entry)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")


# drf-spectacular draws a list serializer as an array only for 2xx responses: the error list is
# written out (GeoReport's [{code, description}]).
ERROR_LIST = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "required": ["code", "description"],
    },
}
# A NUL byte in a parameter is refused before the view by platform_core's RejectNulMiddleware,
# in the REST API's shape {"<parameter>": ["…"]}; every other 400 is GeoReport's list.
ERRORS_400 = OpenApiResponse(
    {
        "oneOf": [
            ERROR_LIST,
            {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        ]
    },
    description="参数有误（含空字符的参数由中间件拒绝，格式为 {参数名: [信息]}）。",
)
ERRORS_403 = OpenApiResponse(ERROR_LIST, description="api_key 无效、已停用或未获授权。")
ERRORS_404 = OpenApiResponse(ERROR_LIST, description="不存在或不公开。")
ERRORS_429 = OpenApiResponse(ERROR_LIST, description="请求过于频繁，请稍后再试。")


class Open311View(APIView):
    authentication_classes: list = []  # public reads; a submission names its api_key itself
    permission_classes = [AllowAny]
    throttle_classes = [ReadThrottle]
    fmt = "json"
    xml_root = ("", "")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL text cannot hold NUL: refuse it up front rather than fail in a query.
        values = [*kwargs.values(), *request.query_params.values()]
        if request.method == "POST" and hasattr(request.data, "values"):
            values += list(request.data.values())
        if any("\x00" in str(v) for v in values):
            raise Open311Error(400, "参数中不能含有空字符（NUL）。")

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        response.data = _error_list(response.status_code, response.data)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.fmt == "xml" and isinstance(response, Response):
            root, item = ("errors", "error") if response.status_code >= 400 else self.xml_root
            xml = HttpResponse(
                _to_xml(root, item, response.data),
                status=response.status_code,
                content_type="text/xml; charset=utf-8",
            )
            for header in ("Retry-After", "Allow"):
                if header in response:
                    xml[header] = response[header]
            return xml
        return response


def _iso(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _service(category) -> dict:
    return {
        "service_code": str(category.pk),
        "service_name": category.label,
        "description": "",
        "metadata": True,  # every service has the attributes below (kind, title, township, …)
        "type": "batch",  # handled by staff; the reply is published later
        "keywords": "",
        "group": category.parent.name if category.parent_id else category.name,
    }


def _expected(case) -> str | None:
    """An open case is expected to be answered by the end of its clock's due date."""
    clock = case.clock if case.clock_id else None
    if clock is None or clock.due_date is None or clock.finished_on:
        return None
    end = datetime.datetime.combine(clock.due_date, datetime.time(23, 59, 59))
    return _iso(timezone.make_aware(end))


def _request(case) -> dict:
    is_open = case.status in OPEN_STATUSES
    replies = [] if is_open else list(case.replies.all())
    updated = max(filter(None, [case.received_at, case.replied_at, case.closed_at]))
    return {
        "service_request_id": case.number,
        "status": "open" if is_open else "closed",
        # An open case: where it stands (待分办, 办理中 …), never a reply not yet published.
        "status_notes": html_to_text(replies[-1].body)
        if replies
        else (case.get_status_display() if is_open else ""),
        "service_name": case.category.label,
        "service_code": str(case.category_id),
        # The citizen's text only once staff agreed to show it, as on the portal's case page (it
        # may name people or places); until then an open case shows its category and township.
        "description": case.content if case.staff_public else "",
        "agency_responsible": case.department.name if case.department_id else "",
        "service_notice": "" if case.staff_public else OPEN_NOTICE,
        "requested_datetime": _iso(case.received_at),
        "updated_datetime": _iso(updated),
        "expected_datetime": _expected(case) if is_open else None,
        # No name, contact, address beyond the township or coordinates: the portal's masking.
        # No media_url: the portal never serves a case's attachments to the public (only staff
        # open them), so there is no public photo to point to.
        "address": case.township.name if case.township_id else "",
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


# --- services -----------------------------------------------------------------------------------


class ServiceListView(Open311View):
    xml_root = ("services", "service")

    @extend_schema(
        operation_id="open311_services",
        summary="政民互动服务列表（Open311 GeoReport v2）",
        description="可提交的服务，即启用的问题分类；service_code 用于提交和筛选。",
        parameters=[OpenApiParameter("jurisdiction_id", OpenApiTypes.STR, required=False)],
        responses={200: Open311ServiceSerializer(many=True), 400: ERRORS_400, 429: ERRORS_429},
        tags=["open311"],
    )
    def get(self, request, **kwargs):
        return Response([_service(c) for c in selectors.services()])


def _attributes() -> list[dict]:
    townships = selectors.townships()
    return [
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 1,
            "description": "来件类型（默认为投诉）",
            "values": [{"key": k, "name": str(label)} for k, label in Kind.choices],
        },
        {
            "variable": True,
            "code": "title",
            "datatype": "string",
            "required": False,
            "datatype_description": "4至100字；不填则取问题描述的开头",
            "order": 2,
            "description": "标题",
        },
        {
            "variable": True,
            "code": "township",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 3,
            "description": "所在乡镇（街道）",
            "values": [{"key": t.code, "name": t.name} for t in townships],
        },
        {
            "variable": True,
            "code": "allow_public",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 4,
            "description": "是否同意在门户公开（隐去个人信息）",
            "values": [{"key": "1", "name": "同意公开"}, {"key": "0", "name": "不同意公开"}],
        },
        {
            "variable": True,
            "code": "sms_code",
            "datatype": "string",
            "required": False,
            "datatype_description": "未提供 api_key 时必填：发送到 phone 的短信验证码",
            "order": 5,
            "description": "短信验证码",
        },
    ]


class ServiceDefinitionView(Open311View):
    xml_root = ("service_definition", "")

    @extend_schema(
        operation_id="open311_service_definition",
        summary="服务定义：提交时可填的附加属性",
        parameters=[OpenApiParameter("jurisdiction_id", OpenApiTypes.STR, required=False)],
        responses={
            200: Open311ServiceDefinitionSerializer,
            400: ERRORS_400,
            404: ERRORS_404,
            429: ERRORS_429,
        },
        tags=["open311"],
    )
    def get(self, request, service_code: str, **kwargs):
        category = selectors.service(service_code)
        if category is None:
            raise Open311Error(404, "服务代码不存在。")
        return Response({"service_code": str(category.pk), "attributes": _attributes()})


# --- requests -----------------------------------------------------------------------------------


def _parse_when(name: str, raw: str | None) -> datetime.datetime | None:
    if raw is None:
        return None
    raw = raw.strip()
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None:
        day = None
        try:
            day = parse_date(raw)
        except ValueError:
            day = None
        if day is None:
            raise Open311Error(
                400, f"{name} 须为 ISO 8601 日期时间，如 2026-05-01T00:00:00+08:00。"
            )
        value = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    offset = value.utcoffset()
    if offset is not None and abs(offset) > datetime.timedelta(hours=14):
        raise Open311Error(400, f"{name} 的时区偏移须在±14:00以内。")
    if not 1900 <= value.year <= 9998:
        raise Open311Error(400, f"{name} 的年份须在1900至9998之间。")
    return value


LIST_PARAMETERS = [
    OpenApiParameter(
        "service_request_id", OpenApiTypes.STR, description="来件编号，多个用逗号分隔"
    ),
    OpenApiParameter("service_code", OpenApiTypes.STR, description="服务代码"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=["open", "closed"], description="状态"),
    OpenApiParameter("start_date", OpenApiTypes.DATETIME, description="收件时间起（ISO 8601）"),
    OpenApiParameter("end_date", OpenApiTypes.DATETIME, description="收件时间止（ISO 8601）"),
    OpenApiParameter("jurisdiction_id", OpenApiTypes.STR),
]


class RequestListView(Open311View):
    xml_root = ("service_requests", "request")
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    def get_throttles(self):
        if self.request.method == "POST":
            return [SubmitThrottle()]
        return super().get_throttles()

    @extend_schema(
        operation_id="open311_requests",
        summary="公开的来件（Open311 服务请求）列表",
        description=(
            "已答复的来件（status=closed）：门户公开的来件（本人同意、经审核同意公开）；"
            "办理中的来件（status=open）：本人同意公开的来件，其问题描述经审核同意公开后才显示，"
            "expected_datetime 为办理期限。一律隐去姓名、电话和乡镇以下地址；门户不公开来件附件，"
            "media_url 恒为空。不带日期时为最近90天，最多1000件，收件时间倒序。"
        ),
        parameters=LIST_PARAMETERS,
        responses={
            200: Open311ServiceRequestSerializer(many=True),
            400: ERRORS_400,
            429: ERRORS_429,
        },
        tags=["open311"],
    )
    def get(self, request, **kwargs):
        params = request.query_params
        status = params.get("status")
        if status is not None and status not in ("open", "closed"):
            raise Open311Error(400, "status 须为 open 或 closed。")
        numbers = None
        if params.get("service_request_id") is not None:
            numbers = [n.strip() for n in params["service_request_id"].split(",") if n.strip()]
            if not numbers or len(numbers) > MAX_IDS:
                raise Open311Error(400, f"service_request_id 须为1至{MAX_IDS}个来件编号。")
        start = _parse_when("start_date", params.get("start_date"))
        end = _parse_when("end_date", params.get("end_date"))
        cases = selectors.public_requests(
            numbers=numbers,
            service_code=params.get("service_code"),
            status=status,
            start=start,
            end=end,
        )
        return Response([_request(c) for c in cases])

    @extend_schema(
        operation_id="open311_request_create",
        summary="提交来件（Open311 服务请求）",
        description=(
            "与门户写信相同的检查（长度、敏感词、手机号码、问题分类）。须提供已登记调用系统的"
            " api_key（授权范围 open311:submit），或来件人手机号码 phone 及其短信验证码"
            " attribute[sms_code]。编号和查询码以短信发送给来件人。不支持 media_url。"
        ),
        request={
            "application/x-www-form-urlencoded": Open311SubmitSerializer,
            "multipart/form-data": Open311SubmitSerializer,
            "application/json": Open311SubmitSerializer,
        },
        responses={
            201: Open311SubmitResultSerializer(many=True),
            400: ERRORS_400,
            403: ERRORS_403,
            429: ERRORS_429,
        },
        tags=["open311"],
    )
    def post(self, request, **kwargs):
        data = request.data
        get = (lambda key: str(data.get(key) or "").strip()) if hasattr(data, "get") else None
        if get is None:
            raise Open311Error(400, "请求内容须为表单或 JSON 对象。")
        client = None
        if get("api_key"):
            client = api_client_name(get("api_key"))
            if client is None:
                raise Open311Error(403, "api_key 无效、已停用或未获授权提交来件。")
        category = selectors.service(get("service_code"))
        if category is None:
            raise Open311Error(400, "service_code 缺失或不存在。")
        kind = get("attribute[kind]") or Kind.COMPLAINT
        township = None
        if get("attribute[township]"):
            township = selectors.townships().filter(code=get("attribute[township]")).first()
            if township is None:
                raise Open311Error(400, "attribute[township]: 乡镇（街道）代码不存在。")
        allow_public = get("attribute[allow_public]")
        if allow_public not in ("", "0", "1"):
            raise Open311Error(400, "attribute[allow_public] 须为 1 或 0。")
        description = get("description")
        title = get("attribute[title]") or description.splitlines()[0][:TITLE_FROM_DESCRIPTION]
        fields = {
            "kind": kind,
            "category": category,
            "title": title,
            "content": description,
            "name": (get("last_name") + get("first_name")),
            "mobile": get("phone"),
            "township": township,
            "address": get("address_string"),
            "allow_public": allow_public == "1",
            "source": Source.OPEN311,
            "source_ref": client or "",
        }
        # The text first, so that a refused text does not use up the citizen's SMS code.
        problems = case_services.check_text(
            title=title, content=description, address=fields["address"]
        )
        if problems:
            raise Open311Error(400, "；".join(f"{k}: {v}" for k, v in problems.items()))
        if client is None:
            if not get("attribute[sms_code]"):
                raise Open311Error(400, "请提供 api_key，或手机号码 phone 及短信验证码。")
            try:
                sms_code_consume(mobile=get("phone"), code=get("attribute[sms_code]"))
            except SmsCodeError as exc:
                raise Open311Error(400, exc.messages[0]) from exc
        try:
            case, _code = case_services.case_submit(**fields)
        except ValidationError as exc:
            messages = (
                [f"{k}: {'；'.join(v)}" for k, v in exc.message_dict.items()]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            raise Open311Error(400, "；".join(messages)) from exc
        return Response(
            [
                {
                    "service_request_id": case.number,
                    "service_notice": "来件已收到，编号和查询码已通过短信发送至来件人手机。",
                    "account_id": None,
                }
            ],
            status=http.HTTP_201_CREATED,
        )


class RequestDetailView(Open311View):
    xml_root = ("service_requests", "request")

    @extend_schema(
        operation_id="open311_request",
        summary="单个公开来件（Open311 服务请求）",
        parameters=[OpenApiParameter("jurisdiction_id", OpenApiTypes.STR, required=False)],
        responses={
            200: Open311ServiceRequestSerializer(many=True),
            400: ERRORS_400,
            404: ERRORS_404,
            429: ERRORS_429,
        },
        tags=["open311"],
    )
    def get(self, request, service_request_id: str, **kwargs):
        cases = selectors.public_requests(numbers=[service_request_id])
        if not cases:
            raise Open311Error(404, "来件不存在或未公开。")
        return Response([_request(cases[0])])


class SmsCodeView(Open311View):
    """Not part of GeoReport v2: the SMS code a citizen without an app's api_key proves a mobile
    with (the same codes, limits and messages as the portal's form)."""

    xml_root = ("sms_code", "")
    throttle_classes = [SubmitThrottle]
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="open311_sms_code",
        summary="发送短信验证码（扩展，供无 api_key 的提交使用）",
        request={
            "application/x-www-form-urlencoded": Open311SmsCodeSerializer,
            "application/json": Open311SmsCodeSerializer,
        },
        responses={201: Open311SmsCodeResultSerializer, 400: ERRORS_400, 429: ERRORS_429},
        tags=["open311"],
    )
    def post(self, request, **kwargs):
        data = request.data
        phone = str(data.get("phone") or "").strip() if hasattr(data, "get") else ""
        try:
            sms_code_issue(mobile=phone, ip=client_ip(request))
        except SmsCodeError as exc:
            raise Open311Error(400, exc.messages[0]) from exc
        return Response(
            {"phone": phone, "service_notice": "验证码已发送，请在提交时填写。"},
            status=http.HTTP_201_CREATED,
        )
