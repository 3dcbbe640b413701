"""Load or update the national administrative divisions (统一基础数据·行政区划)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from platform_core.services.divisions import DATA_FILE, divisions_load


class Command(BaseCommand):
    help = "载入或更新全国行政区划（省、市、县、乡镇街道），按代码更新，可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(DATA_FILE),
            help="数据文件（默认 platform_core/data/divisions.json.gz，"
            "由 config/deploy/divisions.sh 生成）",
        )

    def handle(self, *args, **options):
        report = divisions_load(path=Path(options["file"]))
        self.stdout.write(
            f"{report.source}：共 {report.total} 条，新增 {report.created}，"
            f"更新 {report.updated}，停用 {report.deactivated}。"
        )
