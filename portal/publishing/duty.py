"""The home page's 今日值班电话, kept current for the oa app's duty rosters.

The number of the day comes from oa through the platform's public-block registry
(platform_core.office_blocks.public_blocks, read by portal.selectors.home). The published home
page is a file, so it is re-rendered when a public roster changes (oa calls
`request_publish("oa.duty", roster_pk)`) and when the shift changes (oa's beat task asks at
00:01, 08:31 and 17:31).
"""

from __future__ import annotations

from dataclasses import dataclass

from celery import shared_task

from portal.publishing.engine import publish_change, register_page_source


@dataclass(frozen=True)
class DutyChange:
    roster_id: int


class DutySource:
    name = "oa.duty_phone"

    def claims_channels(self) -> tuple[str, ...]:
        return ()

    def all_pages(self):
        return iter(())

    def touched_by(self, change):
        if not isinstance(change, DutyChange):
            return [], []
        from portal.publishing.sources import HomeSource

        return [HomeSource().page()], []


@shared_task(name="portal.tasks.publish_duty_phone", acks_late=True, ignore_result=True)
def publish_duty_phone(roster_id: int):
    report = publish_change(DutyChange(roster_id=roster_id))
    return {"written": report.written, "removed": report.removed}


def on_publish_request(kind: str, pk: int) -> None:
    """platform_core.publishing handler: re-render the home page for the duty phone."""
    if kind == "oa.duty":
        publish_duty_phone.delay(pk)


register_page_source(DutySource())
