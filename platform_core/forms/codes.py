"""Forms of the code-table (数据字典) upkeep pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CodeEntry
from ..services.codes import code_entry_duplicate_error

_CODE_MAX = CodeEntry._meta.get_field("code").max_length
_NAME_MAX = CodeEntry._meta.get_field("name").max_length


class CodeEntryForm(forms.Form):
    """新增条目（代码可填）；修改时代码只读，见 `for_edit`。"""

    code = forms.CharField(
        label=_("代码"),
        max_length=_CODE_MAX,
        help_text=_("保存后不能修改：业务记录按代码保存。"),
        error_messages={"required": _("请填写代码。")},
    )
    name = forms.CharField(
        label=_("名称"), max_length=_NAME_MAX, error_messages={"required": _("请填写名称。")}
    )
    sort_order = forms.IntegerField(
        label=_("排序"),
        min_value=0,
        max_value=2_147_483_647,
        initial=0,
        help_text=_("数字小的排在前面。"),
        error_messages={"required": _("请填写排序号。"), "invalid": _("排序须为整数。")},
    )

    def __init__(self, *args, table=None, for_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        if for_edit:
            del self.fields["code"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if self.table is not None:
            duplicate = code_entry_duplicate_error(self.table, code)
            if duplicate:
                raise forms.ValidationError(duplicate)
        return code
