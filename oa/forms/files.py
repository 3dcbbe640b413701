"""Forms of the file centre. The services check everything again (names, types, rights)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_core.models import OrgUnit, Role, User

from ..models import Level


class UploadForm(forms.Form):
    file = forms.FileField(label=_("选择文件"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class NameForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("文件名或文件内容"), max_length=100, required=False)


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class GrantForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("权限"), choices=Level.choices, coerce=int, initial=Level.READ
    )
    person = forms.CharField(
        label=_("人员（登录名或姓名）"),
        max_length=150,
        required=False,
        help_text=_("共享给个人时填写；同名时请填登录名。"),
    )
    unit = UnitField(
        label=_("单位"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        required=False,
    )
    role = forms.ModelChoiceField(
        label=_("角色"), queryset=Role.objects.order_by("name"), required=False
    )

    def clean_person(self):
        text = self.cleaned_data["person"].strip()
        if not text:
            return None
        people = list(
            User.objects.filter(Q(username=text) | Q(name=text), is_active=True).order_by("pk")[:3]
        )
        exact = [p for p in people if p.username == text]
        if exact:
            return exact[0]
        if not people:
            raise forms.ValidationError(_("找不到这个人员。"))
        if len(people) > 1:
            raise forms.ValidationError(_("有多个同名人员，请填写登录名。"))
        return people[0]

    def clean(self):
        data = super().clean()
        if not (data.get("person") or data.get("unit") or data.get("role")):
            raise forms.ValidationError(_("请选择共享给哪个人员、单位或角色。"))
        if data.get("person") and (data.get("unit") or data.get("role")):
            raise forms.ValidationError(_("共享给个人时不要再选择单位或角色。"))
        return data
