"""Forms of the public libraries (one model form per library)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import BulletinPost, Law, LibraryDocument, PeriodicalIssue

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LibraryDocumentForm(forms.ModelForm):
    class Meta:
        model = LibraryDocument
        fields = ["title", "category", "source", "published_on", "summary"]
        widgets = {"published_on": DATE, "summary": forms.Textarea(attrs={"rows": 5})}


class PeriodicalIssueForm(forms.ModelForm):
    class Meta:
        model = PeriodicalIssue
        fields = ["periodical", "year", "number", "total_number", "title", "published_on", "body"]
        widgets = {"published_on": DATE, "body": forms.Textarea(attrs={"rows": 10})}


class BulletinPostForm(forms.ModelForm):
    class Meta:
        model = BulletinPost
        fields = ["title", "body", "pinned", "expires_on"]
        widgets = {"expires_on": DATE, "body": forms.Textarea(attrs={"rows": 6})}


class LawForm(forms.ModelForm):
    class Meta:
        model = Law
        fields = [
            "title",
            "level",
            "issuing_body",
            "doc_number",
            "promulgated_on",
            "effective_on",
            "validity",
            "body",
        ]
        widgets = {
            "promulgated_on": DATE,
            "effective_on": DATE,
            "body": forms.Textarea(attrs={"rows": 10}),
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("promulgated_on")
            and data.get("effective_on")
            and data["effective_on"] < data["promulgated_on"]
        ):
            self.add_error("effective_on", _("施行日期不能早于公布日期。"))
        return data


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
