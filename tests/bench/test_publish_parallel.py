"""`publish_site --workers N`: the same files, byte for byte, as the one-process job."""

import pytest
from django.core.management import call_command

from platform_core.generate_data import Scale, generate
from portal.publishing.engine import publish_all


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# Forked workers open their own database connections: the data must be committed.
@pytest.mark.django_db(transaction=True)
def test_parallel_publish_writes_the_same_bytes(settings, tmp_path):
    generate(scale=Scale(staff=10, citizens=5, articles=60, tasks=50, cases=5), seed=9)
    settings.PUBLISH_ROOT = tmp_path / "one"
    one = publish_all()
    settings.PUBLISH_ROOT = tmp_path / "two"
    two = publish_all(workers=3)
    assert sorted(one.written) == sorted(two.written)
    assert len(one.written) > 60
    files_one, files_two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert files_one.keys() == files_two.keys()
    assert any(name.endswith(".html.gz") for name in files_one)
    assert [n for n in files_one if files_one[n] != files_two[n]] == []
    # A second parallel run over the same directory finds every page unchanged.
    again = publish_all(workers=2)
    assert again.written == [] and len(again.unchanged) == len(one.written)


@pytest.mark.django_db(transaction=True)
def test_publish_site_command_accepts_workers(settings, tmp_path, capsys):
    generate(scale=Scale(staff=10, citizens=5, articles=8, tasks=20, cases=2), seed=1)
    settings.PUBLISH_ROOT = tmp_path
    call_command("publish_site", "--workers", "2", verbosity=1)
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "index.html.gz").is_file()
    assert "发布完成" in capsys.readouterr().out
