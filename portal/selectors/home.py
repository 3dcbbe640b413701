"""The home page's blocks, read once for Django's "/" and for the publishing job's index.html, so
that the two are byte-identical."""

from django.utils.translation import gettext_lazy as _

from approval.selectors.applications import published_items
from disclosure.selectors.public import standard_sections
from interaction.selectors.public import latest_replies
from interaction.selectors.solicitations import open_solicitations
from platform_core.office_blocks import public_blocks
from portal.constants import HomeSection
from portal.selectors import articles as selectors


def _tab(code: str, title, more: str, blocks: dict) -> dict:
    channel, items = blocks[code]
    return {
        "code": code,
        "title": title,
        "more": channel.url if channel else more,
        "items": items,
    }


NEWS_TABS = [
    ("zwyw", _("政府要闻"), "/zwdt/zwyw/"),
    ("bmdt", _("部门动态"), "/zwdt/bmdt/"),
    ("xzdt", _("乡镇动态"), "/zwdt/xzdt/"),
    ("tzgg", _("通知公告"), "/zwdt/tzgg/"),
]
DISCLOSURE_TABS = [
    ("zxgk", _("最新公开"), "/xxgk/"),
    ("zcwj", _("政策文件"), "/xxgk/zcwj/"),
    ("zcjd", _("政策解读"), "/xxgk/zcjd/"),
]


WIDE_SECTIONS = {HomeSection.NEWS, HomeSection.SERVICES}


def home_sections(settings_row) -> list[str]:
    """The home page's sections in order: the saved layout, or all of them by default."""
    valid = [code for code in settings_row.home_layout or [] if code in HomeSection.values]
    return valid or list(HomeSection.values)


def home_groups(codes: list[str]) -> list[dict]:
    """The sections as the template lays them out: a wide one alone, consecutive half-width ones
    together in one two-column row."""
    groups: list[dict] = []
    for code in codes:
        template = f"portal/home/_{code}.html"
        if code in WIDE_SECTIONS:
            groups.append({"wide": True, "template": template})
        elif groups and not groups[-1]["wide"]:
            groups[-1]["templates"].append(template)
        else:
            groups.append({"wide": False, "templates": [template]})
    return groups


def home_blocks() -> dict:
    """The home page's blocks, filled from the columns that feed them (Channel.home_block).

    A block whose column does not exist yet, or has nothing published, says so ("暂无信息"): the
    portal never shows made-up articles. The 最新回复 tab lists the interaction app's latest public
    replies (one more query). Four queries whatever the number of blocks: the columns, the
    articles of every block (one UNION ALL), the picture news and the featured services.
    """
    channels = selectors.home_block_channels()
    codes = [code for code, _t, _m in NEWS_TABS + DISCLOSURE_TABS] + ["investment", "topics"]
    blocks = selectors.home_blocks_items(codes, channels)
    from portal.context_processors import site_settings_cached

    return {
        "home_groups": home_groups(home_sections(site_settings_cached())),
        "picture_news": selectors.picture_news(channels=channels),
        "news_tabs": [_tab(code, title, more, blocks) for code, title, more in NEWS_TABS],
        "disclosure_tabs": [
            _tab(code, title, more, blocks) for code, title, more in DISCLOSURE_TABS
        ],
        "interaction_tabs": [
            # interaction (政民互动): the latest replies citizens allowed and staff agreed to show.
            {
                "code": "hfxx",
                "title": _("最新回复"),
                "more": "/zmhd/hfxx/",
                "items": latest_replies(),
            },
            {
                "code": "yjzj",
                "title": _("意见征集"),
                "more": "/zmhd/yjzj/",
                "items": open_solicitations(),
            },
        ],
        # 信息公开指南/制度/法定主动公开内容/年报: the published catalogue's pages (one query).
        "disclosure_sections": standard_sections(),
        "hot_services": hot_services(),
        "investment": blocks["investment"][1],
        "topics": blocks["topics"][1],
        # Facts other apps publish through the platform (oa: 今日值班电话), one query each.
        "duty_phone": public_blocks().get("oa.duty_phone"),
    }


def hot_services(limit: int = 6) -> list[dict]:
    """Licensing items for the home page's 热门事项 (the service hall's own selector), linking
    to their published guides (portal/publishing/hall.py)."""
    from portal.publishing.hall import guide_url

    return [{"title": item.name, "url": guide_url(item.code)} for item in published_items()[:limit]]
