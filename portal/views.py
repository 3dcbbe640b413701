"""Public portal pages rendered on request (published pages are written by the publishing job)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def _tab(code: str, title, more: str) -> dict:
    return {"code": code, "title": title, "more": more, "items": []}


def home_blocks() -> dict:
    """The home page's blocks. Each app fills its own block from its selectors as it lands.

    Until then every list is empty and the page says so ("暂无信息"): the portal never shows made-up
    articles.
    """
    return {
        "picture_news": [],
        "news_tabs": [
            _tab("zwyw", _("政府要闻"), "/zwdt/zwyw/"),
            _tab("bmdt", _("部门动态"), "/zwdt/bmdt/"),
            _tab("xzdt", _("乡镇动态"), "/zwdt/xzdt/"),
            _tab("tzgg", _("通知公告"), "/zwdt/tzgg/"),
        ],
        "disclosure_tabs": [
            _tab("zxgk", _("最新公开"), "/xxgk/"),
            _tab("zcwj", _("政策文件"), "/xxgk/zcwj/"),
            _tab("zcjd", _("政策解读"), "/xxgk/zcjd/"),
        ],
        "interaction_tabs": [
            _tab("hfxx", _("最新回复"), "/zmhd/hfxx/"),
            _tab("yjzj", _("意见征集"), "/zmhd/yjzj/"),
        ],
        "hot_services": [],
        "investment": [],
        "topics": [],
    }


def home(request):
    return render(request, "portal/home.html", home_blocks())
