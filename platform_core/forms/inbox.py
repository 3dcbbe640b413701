"""The inbox's filter form (GET). An unknown value shows a message and that filter is dropped."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Subsystem
from ..selectors.inbox import FILTERS_BY_KIND, Deadline, InboxFilters


class InboxFilterForm(forms.Form):
    subsystem = forms.ChoiceField(
        label=_("子系统"), required=False, choices=[("", _("全部"))] + list(Subsystem.choices)
    )
    process = forms.ChoiceField(label=_("流程"), required=False)
    deadline = forms.ChoiceField(
        label=_("办理期限"), required=False, choices=[("", _("全部"))] + list(Deadline.choices)
    )

    def __init__(self, *args, kind: str, process_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the filters that mean something for this kind are shown and applied.
        for name in list(self.fields):
            if name not in FILTERS_BY_KIND[kind]:
                del self.fields[name]
        if "process" in self.fields:
            self.fields["process"].choices = [("", _("全部"))] + list(process_choices or [])

    def filters(self) -> InboxFilters:
        """The valid filters (call after is_valid(); invalid fields are simply not applied)."""
        cleaned = getattr(self, "cleaned_data", {})
        return InboxFilters(**{name: cleaned.get(name) or "" for name in self.fields})
