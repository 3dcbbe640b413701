"""Register a calling system for the REST API and print its token once.

manage.py api_client "市政务数据平台" --scope items:read --scope applications:read
manage.py api_client "市政务数据平台" --disable
"""

from django.core.management.base import BaseCommand, CommandError

from approval.api.authentication import SCOPES, api_client_create
from approval.models import ApiClient


class Command(BaseCommand):
    help = "登记接口调用系统并生成令牌（令牌只显示一次），或停用已登记的系统。"

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scope", action="append", choices=SCOPES, default=[])
        parser.add_argument("--disable", action="store_true")

    def handle(self, *args, name, scope, disable, **options):
        if disable:
            count = ApiClient.objects.filter(name=name, active=True).update(active=False)
            if not count:
                raise CommandError(f"没有名为“{name}”的启用中的系统。")
            self.stdout.write(f"已停用 {count} 个令牌。")
            return
        if not scope:
            raise CommandError("请至少指定一个 --scope。")
        client, token = api_client_create(name=name, scopes=scope)
        self.stdout.write(f"{client.name}：{' '.join(client.scopes)}")
        self.stdout.write(token)
