"""What other systems see of items, applications and events.

Applications carry the applicant's name and organisation code but not the personal ID number or
mobile: the receiving systems need to identify the case, not to contact the person.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from approval.models import Application, ApplicationEvent, LicensingItem


class ItemSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = LicensingItem
        fields = [
            "code",
            "version",
            "name",
            "kind",
            "department",
            "department_name",
            "legal_basis",
            "conditions",
            "fees",
            "statutory_days",
            "promised_days",
            "visits",
            "place",
            "phone",
            "published_at",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_version = serializers.IntegerField(source="item.version", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    due_date = serializers.SerializerMethodField()
    finished_on = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "number",
            "item_code",
            "item_version",
            "item_name",
            "department",
            "applicant_name",
            "applicant_uscc",
            "channel",
            "status",
            "received_at",
            "accept_due",
            "accepted_on",
            "deemed_accepted",
            "due_date",
            "finished_on",
        ]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due_date(self, obj):
        return obj.clock.due_date if obj.clock_id else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_finished_on(self, obj):
        return obj.clock.finished_on if obj.clock_id else None


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationEvent
        fields = ["id", "kind", "from_status", "to_status", "actor", "reason", "created_at"]

    @extend_schema_field(serializers.CharField())
    def get_actor(self, obj) -> str:
        return obj.actor.name if obj.actor_id else ""


class ErrorSerializer(serializers.Serializer):
    """拒绝请求时的说明（401、403、404）。"""

    detail = serializers.CharField(required=False)
