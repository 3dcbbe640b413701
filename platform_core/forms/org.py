"""Forms of the organisation pages. They parse and check input; services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import UnitKind, UserKind
from ..models import CalendarDay, OrgUnit, Role, User


class _UnitChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads the parents of the listed sections in one query, for their labels."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = list(self.queryset)
        step = OrgUnit.steplen
        parents = {u.path[:-step] for u in units if u.depth > 2}
        names = dict(OrgUnit.objects.filter(path__in=parents).values_list("path", "name"))
        for unit in units:
            unit.parent_name = names.get(unit.path[:-step], "") if unit.depth > 2 else ""
            yield self.choice(unit)


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so the select reads as the tree, and a section with its
    department (县教育局 / 办公室): a county has a dozen sections called 办公室."""

    iterator = _UnitChoiceIterator

    def label_from_instance(self, obj: OrgUnit) -> str:
        parent = getattr(obj, "parent_name", "")
        name = f"{parent} / {obj.name}" if parent else obj.name
        return f"{'　' * (obj.depth - 1)}{name}"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several units, shown as the tree (indented, a section with its department), with the
    search box of the pickers (office/js/picker.js)."""

    iterator = _UnitChoiceIterator
    label_from_instance = UnitChoiceField.label_from_instance

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 10}))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.Select):
            attrs.update({"data-picker": "", "data-picker-placeholder": _("输入单位名称筛选")})
        return attrs


def _unit_field(label, required: bool = True) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=OrgUnit.objects.order_by("path"),
        required=required,
        empty_label=_("（请选择）"),
        error_messages={"invalid_choice": _("所选单位不存在，请重新选择。")},
    )


class UnitForm(forms.ModelForm):
    """New unit or edit: the parent is part of the form; a changed parent is a move."""

    parent = _unit_field(_("上级单位"))

    class Meta:
        model = OrgUnit
        fields = [
            "name",
            "short_name",
            "code",
            "uscc",
            "kind",
            "sort_order",
            "phone",
            "address",
            "is_active",
        ]
        error_messages = {
            "code": {"unique": _("单位代码已被使用，请换一个。")},
        }
        help_texts = {"code": _("字母、数字、下划线或连字符，全局唯一。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = UnitKind.choices
        if not self.instance.pk:
            return
        if self.instance.depth == 1:
            # The root stays the root; it has no parent to choose.
            del self.fields["parent"]
            return
        self.fields["parent"].initial = OrgUnit.objects.get_parent(self.instance)
        # Neither the unit itself nor anything below it can become its parent.
        self.fields["parent"].queryset = OrgUnit.objects.exclude(
            path__startswith=self.instance.path
        ).order_by("path")

    def unit_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StaffCreateForm(forms.Form):
    username = forms.SlugField(label=_("用户名"), max_length=64)
    name = forms.CharField(label=_("姓名"), max_length=64)
    mobile = forms.CharField(label=_("手机号码"), max_length=11, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        help_text=_(
            "至少 8 位，含大写字母、小写字母、数字、特殊字符中的至少三类。首次登录须修改。"
        ),
    )
    password2 = forms.CharField(
        label=_("确认密码"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class StaffUpdateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "mobile", "email"]

    def _post_clean(self):
        # The service validates the whole model, uniqueness included; here only field checks.
        pass


class PostAssignForm(forms.Form):
    unit = _unit_field(_("单位"))
    role = forms.ModelChoiceField(
        label=_("角色"),
        queryset=Role.objects.order_by("id"),
        empty_label=_("（请选择）"),
        error_messages={"invalid_choice": _("所选角色不存在，请重新选择。")},
    )
    title = forms.CharField(label=_("职务"), max_length=64, required=False)
    is_primary = forms.BooleanField(label=_("主岗"), required=False, initial=True)


class PostEndForm(forms.Form):
    post = forms.IntegerField(widget=forms.HiddenInput)
    end_date = forms.DateField(
        label=_("离任日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填为今天；离任日期当天岗位仍有效。"),
    )


class UnitGrantForm(forms.Form):
    username = forms.CharField(label=_("工作人员用户名"), max_length=64)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        person = User.objects.filter(username=username, kind=UserKind.STAFF).first()
        if person is None:
            raise forms.ValidationError(
                _("没有用户名为“%(name)s”的工作人员。"), params={"name": username}
            )
        if not person.is_active:
            raise forms.ValidationError(_("该工作人员账号已停用。"))
        return person


class UnitRevokeForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)


class CalendarDayForm(forms.Form):
    KIND_CHOICES = [("holiday", _("节假日")), ("workday", _("调休上班"))]

    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("类型"), choices=KIND_CHOICES)
    name = forms.CharField(
        label=_("名称"), max_length=64, help_text=CalendarDay._meta.get_field("name").help_text
    )

    @property
    def is_working_day(self) -> bool:
        return self.cleaned_data["kind"] == "workday"


class CalendarDeleteForm(forms.Form):
    day = forms.IntegerField(widget=forms.HiddenInput)
