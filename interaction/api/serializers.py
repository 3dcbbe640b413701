"""The shapes of Open311 GeoReport v2 responses, for the OpenAPI schema (the views build plain
dicts with exactly these fields)."""

from __future__ import annotations

from rest_framework import serializers


class Open311ServiceSerializer(serializers.Serializer):
    service_code = serializers.CharField(help_text="服务代码（问题分类编号）")
    service_name = serializers.CharField(help_text="服务名称（问题分类）")
    description = serializers.CharField(allow_blank=True)
    metadata = serializers.BooleanField(help_text="是否有服务定义（附加属性）")
    type = serializers.ChoiceField(choices=["realtime", "batch", "blackbox"])
    keywords = serializers.CharField(allow_blank=True)
    group = serializers.CharField(allow_blank=True, help_text="上级分类")


class Open311AttributeValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class Open311AttributeSerializer(serializers.Serializer):
    variable = serializers.BooleanField()
    code = serializers.CharField()
    datatype = serializers.ChoiceField(
        choices=["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    )
    required = serializers.BooleanField()
    datatype_description = serializers.CharField(allow_blank=True)
    order = serializers.IntegerField()
    description = serializers.CharField()
    values = Open311AttributeValueSerializer(many=True, required=False)


class Open311ServiceDefinitionSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = Open311AttributeSerializer(many=True)


class Open311ServiceRequestSerializer(serializers.Serializer):
    service_request_id = serializers.CharField(help_text="来件编号")
    status = serializers.ChoiceField(choices=["open", "closed"])
    status_notes = serializers.CharField(
        allow_blank=True, help_text="已答复：答复内容（纯文本）；办理中：办理状态"
    )
    service_name = serializers.CharField()
    service_code = serializers.CharField()
    description = serializers.CharField(
        allow_blank=True, help_text="问题描述（经审核同意公开后显示，否则为空）"
    )
    agency_responsible = serializers.CharField(allow_blank=True, help_text="承办单位")
    service_notice = serializers.CharField(allow_blank=True)
    requested_datetime = serializers.CharField(help_text="收件时间（ISO 8601，含时区）")
    updated_datetime = serializers.CharField(allow_null=True)
    expected_datetime = serializers.CharField(
        allow_null=True, help_text="办理中来件的办理期限（ISO 8601）"
    )
    address = serializers.CharField(allow_blank=True, help_text="所在乡镇（不公开详细地址）")
    address_id = serializers.CharField(allow_null=True)
    zipcode = serializers.CharField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    long = serializers.FloatField(allow_null=True)
    media_url = serializers.CharField(
        allow_null=True, help_text="恒为空：门户不公开来件的附件和照片"
    )


class Open311SubmitSerializer(serializers.Serializer):
    """POST requests.json (form-encoded, as GeoReport v2; JSON is accepted too)."""

    api_key = serializers.CharField(
        required=False, help_text="已登记并获授权 open311:submit 的调用系统令牌"
    )
    jurisdiction_id = serializers.CharField(required=False)
    service_code = serializers.CharField(help_text="服务代码（问题分类编号）")
    description = serializers.CharField(help_text="问题描述（10至3000字）")
    first_name = serializers.CharField(required=False, help_text="名")
    last_name = serializers.CharField(required=False, help_text="姓")
    phone = serializers.CharField(help_text="来件人手机号码（接收编号和查询码短信）")
    email = serializers.CharField(required=False)
    address_string = serializers.CharField(required=False, help_text="详细地址（不公开）")
    lat = serializers.FloatField(required=False)
    long = serializers.FloatField(required=False)
    device_id = serializers.CharField(required=False)
    account_id = serializers.CharField(required=False)
    media_url = serializers.CharField(required=False, help_text="不支持：附件请在门户上传")


# GeoReport v2 passes a service's attributes as attribute[<code>]: names no Python attribute can
# have, so they are added to the declared fields by name.
ATTRIBUTE_HELP = {
    "kind": "来件类型（见服务定义），默认为投诉",
    "title": "标题（4至100字），默认取问题描述的开头",
    "township": "乡镇（街道）代码（见服务定义）",
    "allow_public": "1 同意在门户公开（隐去个人信息），0 不同意（默认）",
    "sms_code": "未提供 api_key 时必填：发送到 phone 的短信验证码（sms_code.json）",
}
for _code, _help in ATTRIBUTE_HELP.items():
    Open311SubmitSerializer._declared_fields[f"attribute[{_code}]"] = serializers.CharField(
        required=False, help_text=_help
    )


class Open311SubmitResultSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    service_notice = serializers.CharField()
    account_id = serializers.CharField(allow_null=True)


class Open311SmsCodeSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="手机号码")


class Open311SmsCodeResultSerializer(serializers.Serializer):
    phone = serializers.CharField()
    service_notice = serializers.CharField()
