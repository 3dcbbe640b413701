"""load_demo's file centre and public libraries: cabinets with real PDF/Word content that search
finds by its text, a file shared across units, the recycle bin, laws, periodicals with issues."""

import pytest
from django.core.management import call_command

from oa.demo_files import load_demo_files
from oa.models import BulletinPost, Cabinet, FileEntry, Law, PeriodicalIssue
from oa.selectors import files as sel
from platform_core.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_demo_files_and_libraries(settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    assert Cabinet.objects.filter(kind="department").count() >= 2
    caiming = User.objects.get(username="caiming")
    found = sel.search_files(caiming, "年报率")  # text inside a generated Word file
    assert [e.name for e in found] == ["登记注册股2026年工作要点.docx"]
    assert sel.search_files(caiming, "一日办结").filter(name__endswith=".pdf").exists()
    xiongtao = User.objects.get(username="xiongtao")  # another unit: shared one file only
    assert [e.name for e in sel.shared_with_me(xiongtao)[1]] == ["登记注册股2026年工作要点.docx"]
    assert FileEntry.objects.filter(in_trash=True).exists()
    law = Law.objects.get(title="中华人民共和国政府信息公开条例")
    assert law.doc_number == "中华人民共和国国务院令第711号" and law.validity == "valid"
    assert set(Law.objects.values_list("level", flat=True)) >= {"law", "admin_regulation"}
    assert PeriodicalIssue.objects.filter(periodical__kind="special").exists()
    assert PeriodicalIssue.objects.filter(files__isnull=False).exists()
    assert BulletinPost.objects.filter(pinned=True).exists()
    assert load_demo_files() == 0  # repeatable

    # Every link of the file centre and the libraries opens, in Chinese, for a writer, a person
    # with one shared file in another unit, and the libraries' editor.
    from django.test import Client

    from tests.crawl.test_crawl import ALLOWED, crawl

    names = set(User.objects.values_list("username", flat=True))
    for username in ("caiming", "xiongtao", "sunyue"):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        seen, broken, english = crawl(
            client, ["/office/oa/files/", "/office/oa/resources/"], ALLOWED | names
        )
        assert len(seen) > 10, username
        assert broken == [], username
        assert english == {}, username
