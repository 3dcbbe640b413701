"""痕迹保留: every save is a version; the history rebuilds the body exactly; the view colours
insertions and deletions by person."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oa import revisions
from oa.models import BodyVersion
from oa.selectors.documents import document_versions
from oa.selectors.revisions import revision_view
from oa.services import documents as services
from platform_core.constants import RoleCode
from tests.factories import staff_with_role
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
    view = revision_view(document, document_versions(document))
    # The drafter's first version is the original, not a change.
    assert [(a.name, a.colour) for a in view["authors"]] == [("黄磊", 1), ("谢伟", 2)]
    html = str(view["html"])
    assert 'class="rev rev-1" id="rev-i1:1.0" title="黄磊 插入于' in html
    assert ">切实</ins>" in html
    assert '<del class="rev rev-2"' in html and "谢伟 删除于" in html
    assert "二、落实安全责任。</del>" in html
    kinds = [(c.kind, c.author) for c in view["pending"]]
    assert ("i", "黄磊") in kinds and ("d", "谢伟") in kinds
    assert "信息报送" in html and "&amp;" in html


@pytest.mark.django_db
def test_body_is_sanitised_on_save(route, issuer, office, clerk):
    document = make_document(
        clerk, issuer, office, body='<p onclick="x()">正文<script>alert(1)</script></p>'
    )
    assert document.body == "<p>正文</p>"


@pytest.mark.django_db
def test_accept_one_change_and_reject_another(route, issuer, office, clerk, colleague, head):
    """Two colleagues edit; the section head accepts one change and rejects the other."""
    original = "<p>一、加强组织领导。</p><p>二、落实安全责任。</p>"
    document = make_document(clerk, issuer, office, body=original)
    services.document_update(
        document=document,
        by=colleague,
        body="<p>一、切实加强组织领导。</p><p>二、落实安全责任。</p>",
    )
    third = staff_with_role(RoleCode.REVIEW_CLERK, office, name="孙倩")
    services.document_update(
        document=document,
        by=third,
        body="<p>一、切实加强组织领导。</p><p>二、落实安全责任，严格追责。</p>",
    )
    document.refresh_from_db()
    view = revision_view(document, document_versions(document))
    by_author = {c.author: c for c in view["pending"]}
    assert set(by_author) == {"黄磊", "孙倩"}
    services.change_decide(document=document, by=head, change_id=by_author["黄磊"].id, accept=True)
    services.change_decide(document=document, by=head, change_id=by_author["孙倩"].id, accept=False)
    document.refresh_from_db()
    assert document.body == "<p>一、切实加强组织领导。</p><p>二、落实安全责任。</p>"
    with pytest.raises(ValidationError):
        services.change_decide(
            document=document, by=head, change_id=by_author["黄磊"].id, accept=False
        )
    view = revision_view(document, document_versions(document))
    assert view["pending"] == []
    assert "<ins" not in str(view["html"]) and "<del" not in str(view["html"])
    # The reject is a version too: the history still rebuilds the body exactly.
    versions = document_versions(document)
    assert versions[-1].is_decision and versions[-1].author == head
    assert revisions.rebuild([v.delta for v in versions]) == document.body
    actions = list(document.events.values_list("action", flat=True))
    assert actions[-2:] == ["accept", "reject"]


@pytest.mark.django_db
def test_another_unit_cannot_decide(route, issuer, office, clerk, colleague, clerk_b):
    document = make_document(clerk, issuer, office, body="<p>甲</p>")
    services.document_update(document=document, by=colleague, body="<p>甲乙</p>")
    document.refresh_from_db()
    change = revision_view(document, document_versions(document))["pending"][0]
    with pytest.raises(PermissionDenied):
        services.change_decide(document=document, by=clerk_b, change_id=change.id, accept=True)
