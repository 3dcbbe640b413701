"""Read-only endpoints; each declares the scope a calling system needs."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from approval.api.authentication import ApiTokenAuthentication, HasScope
from approval.api.serializers import (
    ApplicationSerializer,
    ErrorSerializer,
    EventSerializer,
    ItemSerializer,
)
from approval.constants import AppStatus, ItemStatus
from approval.models import Application, LicensingItem

# The refusals every endpoint can answer, documented so that clients (and schema-based tests)
# know them: a token missing or wrong, a scope not granted, a filter value that is not valid
# (empty, a NUL byte, a date-time out of range), and the server's own failures. All are JSON.
ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT, description="查询参数有误：出错的参数名及其错误信息列表。"
    ),
    401: OpenApiResponse(ErrorSerializer, description="未提供令牌，或令牌无效、已停用。"),
    403: OpenApiResponse(ErrorSerializer, description="该系统未获授权访问此接口。"),
    500: OpenApiResponse(ErrorSerializer, description="系统内部错误，请稍后再试。"),
    503: OpenApiResponse(
        ErrorSerializer, description="服务暂时不可用（如数据库维护），请按 Retry-After 稍后再试。"
    ),
}
# Lists: a page number past the last page is 404 (DRF's page-number pagination).
LIST_ERRORS = {**ERRORS, 404: OpenApiResponse(ErrorSerializer, description="页码超出范围。")}
DETAIL_ERRORS = {**ERRORS, 404: OpenApiResponse(ErrorSerializer, description="对象不存在。")}


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    # Only system tokens: a staff session must not turn into API access by accident.
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasScope]
    filter_backends = [DjangoFilterBackend]
    required_scope = ""


EMPTY_MESSAGE = "不能为空：不按此条件筛选时，请省略该参数。"
RANGE_MESSAGE = "时间超出范围：时区偏移须在±14:00以内，年份须在1900至9998之间。"
# Real time zones lie within UTC-12:00 and UTC+14:00; PostgreSQL refuses offsets past 15:59.
MAX_OFFSET = datetime.timedelta(hours=14)
YEARS = (1900, 9998)


class StrictFilterForm(forms.Form):
    """A query parameter that is given must have a value: `?kind=` is a 400, not "no filter"
    (the schema lists each parameter's values; an empty one is none of them)."""

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", lambda name: [self.data.get(name)])
        for name in self.fields:
            if name in self.data and any(v is None or not str(v).strip() for v in getlist(name)):
                self.add_error(name, EMPTY_MESSAGE)
        return cleaned


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time that PostgreSQL can compare: offset and year within range (an
    offset such as -17:37 raised DataError "time zone displacement out of range": a 500)."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        offset = parsed.utcoffset()
        if offset is not None and abs(offset) > MAX_OFFSET:
            raise forms.ValidationError(RANGE_MESSAGE, code="out_of_range")
        if not YEARS[0] <= parsed.year <= YEARS[1]:
            raise forms.ValidationError(RANGE_MESSAGE, code="out_of_range")
        return parsed


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class ItemFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(field_name="department__code")

    class Meta:
        model = LicensingItem
        fields = ["department", "kind"]
        form = StrictFilterForm


@extend_schema_view(
    list=extend_schema(responses={200: ItemSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: ItemSerializer, **DETAIL_ERRORS}),
)
class ItemViewSet(ScopedViewSet):
    """已发布的审批事项（每个事项编码的现行版本）。"""

    required_scope = "items:read"
    serializer_class = ItemSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    filterset_class = ItemFilter
    queryset = (
        LicensingItem.objects.filter(status=ItemStatus.PUBLISHED)
        .select_related("department")
        .order_by("code")
    )


class ApplicationFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(field_name="department__code")
    item = django_filters.CharFilter(field_name="item__code")
    received_after = BoundedIsoDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = BoundedIsoDateTimeFilter(field_name="received_at", lookup_expr="lt")

    class Meta:
        model = Application
        fields = ["department", "item", "status", "received_after", "received_before"]
        form = StrictFilterForm


@extend_schema_view(
    list=extend_schema(responses={200: ApplicationSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: ApplicationSerializer, **DETAIL_ERRORS}),
)
class ApplicationViewSet(ScopedViewSet):
    """申请（办件），不含填写中的草稿。"""

    required_scope = "applications:read"
    serializer_class = ApplicationSerializer
    lookup_field = "number"
    lookup_value_regex = r"[^/]+"
    filterset_class = ApplicationFilter
    queryset = (
        Application.objects.exclude(status=AppStatus.DRAFT)
        .select_related("item", "department", "clock")
        .order_by("received_at", "id")
    )

    @extend_schema(responses={200: EventSerializer(many=True), **DETAIL_ERRORS})
    @action(detail=True, methods=["get"])
    def events(self, request, number=None):
        """办件的全部过程记录，按时间先后。"""
        application = self.get_object()
        rows = application.events.select_related("actor").order_by("created_at", "id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(EventSerializer(page, many=True).data)
