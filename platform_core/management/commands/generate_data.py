"""manage.py generate_data --scale small|medium|large --seed N: realistic data at scale.

Meant for a freshly migrated database of its own (the benchmarks use `egov_bench2_<scale>`):
the rows are added, not merged, so running it twice doubles the articles, cases and tasks.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from platform_core.generate_data import SCALES, STAFF_PREFIX, generate
from platform_core.models import User

NAMES = (
    "staff",
    "citizens",
    "articles",
    "tasks",
    "cases",
    "disclosure_items",
    "interaction_cases",
    "oa_documents",
)


class Command(BaseCommand):
    help = (
        "生成压测数据：组织机构、工作人员、公众用户、网站稿件、审批申请、政民互动来件、公文和待办"
        "（批量写入，可复现）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1, help="随机种子：同一种子生成相同数据")
        for name in NAMES:
            parser.add_argument(f"--{name}", type=int, default=None, help=f"覆盖规模中的 {name}")
        parser.add_argument("--force", action="store_true", help="数据库中已有生成数据时仍然追加")

    def handle(self, *args, **options):
        if User.objects.filter(username__startswith=STAFF_PREFIX).exists() and not options["force"]:
            raise CommandError("数据库中已有生成的数据；请使用新建的数据库，或加 --force 追加。")
        overrides = {k: options[k] for k in NAMES}
        out = generate(
            scale=options["scale"],
            seed=options["seed"],
            overrides=overrides,
            log=lambda msg: self.stdout.write(f"  {msg}"),
        )
        self.stdout.write(
            json.dumps(
                {
                    "scale": out.scale,
                    "seed": out.seed,
                    "counts": out.counts,
                    "seconds": out.seconds,
                },
                ensure_ascii=False,
            )
        )
