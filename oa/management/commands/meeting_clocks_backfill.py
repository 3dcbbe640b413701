"""Give meeting notices sent before oa 0010 their case clocks (reply deadlines of unanswered
invitees, open action items). Migration oa 0012 runs the same; safe to repeat:
`manage.py meeting_clocks_backfill`."""

from django.core.management.base import BaseCommand

from oa.services.meetings import meeting_clocks_backfill


class Command(BaseCommand):
    help = "为 0010 迁移前发出的会议通知补建回执时限和议定事项时限（可重复执行）。"

    def handle(self, *args, **options):
        done = meeting_clocks_backfill()
        self.stdout.write(
            f"meeting clocks started: {done['replies']} replies, "
            f"{done['action_items']} action items"
        )
