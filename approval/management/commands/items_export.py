"""Write the licensing item catalogue to Excel (.xlsx) or JSON.

manage.py items_export catalogue.xlsx [--status published]
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from approval.constants import ItemStatus
from approval.models import LicensingItem
from approval.services import catalogue_io


class Command(BaseCommand):
    help = "导出审批事项目录为 Excel 或 JSON 文件（默认导出已发布版本）。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--status", choices=ItemStatus.values, default=ItemStatus.PUBLISHED)

    def handle(self, *args, path, status, **options):
        items = LicensingItem.objects.filter(status=status).order_by("code")
        if path.lower().endswith(".json"):
            Path(path).write_text(catalogue_io.catalogue_export_json(items), encoding="utf-8")
        else:
            Path(path).write_bytes(catalogue_io.catalogue_export_xlsx(items))
        self.stdout.write(f"已导出 {items.count()} 个事项到 {path}。")
