"""Read-only endpoints; each declares the scope a calling system needs."""

from __future__ import annotations

import django_filters
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
# know them: a token missing or wrong, a scope not granted, a filter value that is not valid.
ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT, description="查询参数有误：出错的参数名及其错误信息列表。"
    ),
    401: OpenApiResponse(ErrorSerializer, description="未提供令牌，或令牌无效、已停用。"),
    403: OpenApiResponse(ErrorSerializer, description="该系统未获授权访问此接口。"),
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


class ItemFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(field_name="department__code")

    class Meta:
        model = LicensingItem
        fields = ["department", "kind"]


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
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="lt")

    class Meta:
        model = Application
        fields = ["department", "item", "status", "received_after", "received_before"]


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
