"""痕迹保留: every save is a version; the history rebuilds the body exactly; the view colours
insertions and deletions by person."""

import pytest

from oa import revisions
from oa.models import BodyVersion
from oa.selectors.documents import document_versions
from oa.selectors.revisions import revision_view
from oa.services import documents as services
from tests.oa.conftest import make_document

TEXTS = [
    "<p>一、加强组织领导。</p><p>二、落实安全责任。</p>",
    "<p>一、切实加强组织领导。</p><p>二、落实安全责任。</p><p>三、做好应急值守。</p>",
    "<p>一、切实加强组织领导。</p><p>三、做好应急值守&amp;信息报送。</p>",
    "",
    "<p>全文重写：<strong>统一部署</strong>。</p><table><tr><td>单位</td></tr></table>",
]


@pytest.mark.parametrize("steps", [TEXTS, list(reversed(TEXTS)), TEXTS[::2]])
def test_deltas_rebuild_every_step(steps):
    deltas, previous = [], ""
    for text in steps:
        delta = revisions.make_delta(previous, text)
        assert revisions.apply_delta(previous, delta) == text
        deltas.append(delta)
        previous = text
    assert revisions.rebuild(deltas) == steps[-1]
    live = [p.text for p in revisions.attributed(deltas) if p.removed_by is None]
    assert "".join(live) == steps[-1]


@pytest.mark.django_db
def test_every_save_is_a_version_and_the_history_rebuilds_the_body(
    route, issuer, office, clerk, colleague, head
):
    document = make_document(clerk, issuer, office, body=TEXTS[0])
    services.document_update(document=document, by=colleague, body=TEXTS[1])
    services.document_update(document=document, by=clerk, body=TEXTS[1])  # unchanged: no version
    services.document_update(document=document, by=head, body=TEXTS[2])
    document.refresh_from_db()
    versions = list(BodyVersion.objects.filter(document=document).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert [v.author_id for v in versions] == [clerk.pk, colleague.pk, head.pk]
    rebuilt = revisions.rebuild([v.delta for v in versions])
    assert rebuilt == document.body
    assert revisions.sha256(rebuilt) == versions[-1].sha256
    # Each intermediate text matches the checksum stored with its version.
    for n in range(1, len(versions) + 1):
        text = revisions.rebuild([v.delta for v in versions[:n]])
        assert revisions.sha256(text) == versions[n - 1].sha256


@pytest.mark.django_db
def test_revision_view_colours_by_person(route, issuer, office, clerk, colleague, head):
    document = make_document(clerk, issuer, office, body=TEXTS[0])
    services.document_update(document=document, by=colleague, body=TEXTS[1])
    services.document_update(document=document, by=head, body=TEXTS[2])
    view = revision_view(document_versions(document))
    assert [(a.name, a.colour) for a in view["authors"]] == [
        ("周敏", 0),
        ("黄磊", 1),
        ("谢伟", 2),
    ]
    html = str(view["html"])
    assert 'class="rev rev-1" title="黄磊 插入于' in html and ">切实</ins>" in html
    assert (
        '<del class="rev rev-2" title="谢伟 删除于' in html and "二、落实安全责任。</del>" in html
    )
    assert "信息报送" in html and "&amp;" in html


@pytest.mark.django_db
def test_body_is_sanitised_on_save(route, issuer, office, clerk):
    document = make_document(
        clerk, issuer, office, body='<p onclick="x()">正文<script>alert(1)</script></p>'
    )
    assert document.body == "<p>正文</p>"
