"""`publish_site --workers N`: the same files, byte for byte, as the one-process job.

The parallel job forks its workers, so it runs here as production runs it: in a fresh
`manage.py publish_site` process. Forking the long-lived pytest process instead let the children
inherit whatever earlier tests left open in it (CI saw two children reading one PostgreSQL socket:
"lost synchronization with server"), which says nothing about the command.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from platform_core.generate_data import Scale, generate
from portal.publishing.engine import publish_all

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"发布完成：写入 (\d+) 页，未变化 (\d+) 页")


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def publish_site(root: Path, workers: int) -> tuple[int, int, str]:
    """Run `manage.py publish_site --workers N` against this test's database into `root`."""
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        PUBLISH_ROOT=str(root),
    )
    done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "publish_site", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    match = SUMMARY.search(done.stdout)
    assert match, done.stdout
    return int(match.group(1)), int(match.group(2)), done.stdout


# The command's process opens its own database connection: the data must be committed.
@pytest.mark.django_db(transaction=True)
def test_parallel_publish_writes_the_same_bytes(settings, tmp_path):
    generate(scale=Scale(staff=10, citizens=5, articles=60, tasks=50, cases=5), seed=9)
    settings.PUBLISH_ROOT = tmp_path / "one"
    one = publish_all()
    written, unchanged, _ = publish_site(tmp_path / "two", workers=3)
    assert written == len(one.written) and unchanged == 0
    assert len(one.written) > 60
    files_one, files_two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert files_one.keys() == files_two.keys()
    assert any(name.endswith(".html.gz") for name in files_one)
    assert [n for n in files_one if files_one[n] != files_two[n]] == []
    # A second parallel run over the same directory finds every page unchanged.
    written, unchanged, _ = publish_site(tmp_path / "two", workers=2)
    assert written == 0 and unchanged == len(one.written)


@pytest.mark.django_db(transaction=True)
def test_publish_site_command_accepts_workers(tmp_path):
    generate(scale=Scale(staff=10, citizens=5, articles=8, tasks=20, cases=2), seed=1)
    written, _, out = publish_site(tmp_path, workers=2)
    assert written > 0
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "index.html.gz").is_file()
    assert "发布目录：" + str(tmp_path) in out
