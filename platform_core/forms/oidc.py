"""Forms of the single sign-on client registration (统一身份认证接入系统登记)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import UserKind

URIS_HELP = _("每行一个完整地址，须与接入系统发送的地址完全一致。")


class OidcClientForm(forms.Form):
    name = forms.CharField(label=_("系统名称"), max_length=255)
    audience = forms.ChoiceField(
        label=_("用户类型"),
        choices=UserKind.choices,
        help_text=_("登记后不可修改：工作人员系统只允许工作人员登录，公众系统只允许公众用户登录。"),
    )
    redirect_uris = forms.CharField(
        label=_("登录回调地址"), widget=forms.Textarea(attrs={"rows": 3}), help_text=URIS_HELP
    )
    post_logout_redirect_uris = forms.CharField(
        label=_("退出后返回地址"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=URIS_HELP,
    )
    backchannel_logout_uri = forms.URLField(
        assume_scheme="https",
        label=_("后端退出通知地址"),
        required=False,
        help_text=_("用户在本平台退出时，本平台向该地址发送退出通知。"),
    )
    skip_authorization = forms.BooleanField(
        label=_("受信任系统，登录时不再询问用户授权"), required=False
    )
    confidential = forms.BooleanField(
        label=_("服务端系统（持有客户端密钥）"),
        required=False,
        initial=True,
        help_text=_("浏览器或手机端应用不能保管密钥，请不要勾选，并使用 PKCE。"),
    )
    owner_unit_name = forms.CharField(label=_("建设单位"), max_length=128, required=False)
    contact = forms.CharField(label=_("联系人及电话"), max_length=128, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The audience and the client type are fixed once registered.
            del self.fields["audience"]
            del self.fields["confidential"]
        else:
            del self.fields["is_active"]

    def clean_redirect_uris(self):
        return _clean_uris(self.cleaned_data["redirect_uris"])

    def clean_post_logout_redirect_uris(self):
        return _clean_uris(self.cleaned_data["post_logout_redirect_uris"])


def _clean_uris(text: str) -> str:
    validate = forms.URLField(assume_scheme="https").clean
    uris = [line.strip() for line in text.splitlines() if line.strip()]
    for uri in uris:
        validate(uri)
    return " ".join(uris)
