"""Load a county's licensing item catalogue from Excel (.xlsx) or JSON, all or nothing.

manage.py items_import catalogue.xlsx --by admin
Every row is checked; if any is refused nothing is loaded and each refused row is listed with why.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from approval.services import catalogue_io
from platform_core.models import User


class Command(BaseCommand):
    help = "从 Excel 或 JSON 文件导入审批事项（全部通过才入库，否则逐行列出被拒原因）。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--by", required=True, help="导入人账号")

    def handle(self, *args, path, by, **options):
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"账号“{by}”不存在。")
        data = Path(path).read_bytes()
        try:
            if path.lower().endswith(".json"):
                rows = catalogue_io.records_from_json(data)
            else:
                rows = catalogue_io.records_from_xlsx(data)
        except catalogue_io.ImportFileError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        report = catalogue_io.catalogue_import(rows=rows, by=user, allowed_units=None)
        if not report.ok:
            for refused in report.refused:
                self.stderr.write(f"{refused.row}（{refused.code}）：{'；'.join(refused.reasons)}")
            raise CommandError(f"有 {len(report.refused)} 行被拒绝，本次未导入任何事项。")
        self.stdout.write(f"已导入 {len(report.created)} 个事项（草稿）。")
