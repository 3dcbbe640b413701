"""The 政民互动 block of the published home page, kept current by the interaction app.

The channel's landing page (zmhd/index.html, claiming the portal's 政民互动 column) and the home
page's 最新回复 block are published files. The pages behind them (the full list /zmhd/hfxx/, each
case's page /zmhd/hf/<number>/, the form, the lookup and the rating) are dynamic views of the
interaction app: they change with every reply and rating. When a reply is published or a case's
public flag or its 重点关注 pick changes, interaction calls
`request_publish("interaction.case", pk)` (platform_core's hook, no import of the portal), and the
handler below re-renders both published pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from celery import shared_task

from interaction.selectors.public import featured_cases, latest_replies
from portal.publishing.engine import Page, publish_change, register_page_source, render_bytes


@dataclass(frozen=True)
class InteractionChange:
    case_id: int


CHANNEL_PAGE = "zmhd/index.html"


def _channel_page() -> Page:
    """The 政民互动 channel's landing page: 重点关注 (staff-picked), the latest public replies and
    the ways in."""

    def render():
        context = {"featured": featured_cases(limit=10), "replies": latest_replies(limit=20)}
        return render_bytes("portal/zmhd/index.html", context, CHANNEL_PAGE)

    return Page(CHANNEL_PAGE, render)


class InteractionSource:
    name = "interaction.channel"

    def claims_channels(self) -> tuple[str, ...]:
        return ("zmhd/",)  # the portal's 政民互动 column: this landing page replaces its list

    def all_pages(self):
        yield _channel_page()

    def touched_by(self, change):
        if not isinstance(change, InteractionChange):
            return [], []
        from portal.publishing.sources import HomeSource

        # The home page's 最新回复 block and the channel's landing page list the latest replies.
        return [HomeSource().page(), _channel_page()], []


@shared_task(name="portal.tasks.publish_interaction_pages", acks_late=True, ignore_result=True)
def publish_interaction_pages(case_id: int):
    report = publish_change(InteractionChange(case_id=case_id))
    return {"written": report.written, "removed": report.removed}


def on_publish_request(kind: str, pk: int) -> None:
    """platform_core.publishing handler: re-render the home page after an interaction change."""
    if kind == "interaction.case":
        publish_interaction_pages.delay(pk)
    elif kind == "interaction.solicitation":  # the home page's 意见征集 tab
        publish_interaction_pages.delay(0)


register_page_source(InteractionSource())
