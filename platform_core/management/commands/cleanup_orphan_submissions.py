"""Delete draft form submissions (and their stored files) that nothing refers to any more.

Celery beat runs the same every night (platform_core.tasks.housekeeping); this command is for an
operator: `manage.py cleanup_orphan_submissions [--older-than-hours 24] [--dry-run]`.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from platform_core.services.dynforms import submissions_orphaned_delete


class Command(BaseCommand):
    help = "删除无人引用的草稿表单填报及其附件文件（默认只删一天以前的）。"

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, **options):
        hours = options["older_than_hours"]
        if hours < 1:
            raise CommandError("--older-than-hours must be at least 1")
        count = submissions_orphaned_delete(
            older_than=datetime.timedelta(hours=hours), dry_run=options["dry_run"]
        )
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"orphaned submissions: {verb} {count}")
