"""manage.py publish_site: render the whole public site into settings.PUBLISH_ROOT."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from platform_core.replica import CURRENT, replica_block
from portal.publishing.engine import (
    PublishReport,
    all_page_paths,
    publish_all,
    publish_root,
    remove_page,
)


class Command(BaseCommand):
    help = "发布门户网站静态页面（首页、栏目列表、文章页、sitemap.xml、RSS、404 页）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--prune",
            action="store_true",
            help="删除发布目录中不再属于网站的页面（如已撤稿文章）",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="并行渲染的进程数（默认 1；多核服务器可设为 CPU 核数）",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        root = publish_root()
        self.stdout.write(f"发布目录：{root}")
        interactive = sys.stdout.isatty() and verbosity >= 1

        def progress(n: int, path: str) -> None:
            if interactive:
                sys.stdout.write(f"\r已处理 {n} 页  {path[:60]:<60}")
                sys.stdout.flush()
            elif verbosity >= 2:
                self.stdout.write(f"  {n}: {path}")
            elif verbosity >= 1 and n % 500 == 0:
                self.stdout.write(f"  已处理 {n} 页")

        # With a streaming replica, the pages are rendered from it once it holds everything the
        # primary had when the run began (platform_core/replica.py); otherwise from the primary.
        with replica_block(CURRENT, wait=settings.REPLICA_WAIT_SECONDS * 100) as on_replica:
            if on_replica:
                self.stdout.write("读取只读副本数据库")
            report = publish_all(progress=progress, workers=max(1, options["workers"]))
        if interactive:
            sys.stdout.write("\n")
        if options["prune"]:
            self._prune(report)
        self.stdout.write(
            self.style.SUCCESS(
                f"发布完成：写入 {len(report.written)} 页，未变化 {len(report.unchanged)} 页，"
                f"删除 {len(report.removed)} 页。"
            )
        )

    def _prune(self, report: PublishReport) -> None:
        keep = all_page_paths()
        root = publish_root()
        for path in sorted(root.rglob("*")):
            if path.suffix not in {".html", ".xml"} or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            if rel not in keep:
                remove_page(rel, report)
