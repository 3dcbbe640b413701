"""The public service another app (OA) calls to disclose a document it already holds."""

from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied

from disclosure.constants import ItemStatus
from disclosure.selectors.items import item_for_source
from disclosure.services.documents import document_disclose
from tests.disclosure.conftest import RESIDENT_ID, days_ago
from tests.disclosure.files import pdf_bytes

pytestmark = pytest.mark.django_db


@dataclass
class OutgoingDocument:
    """Stands for OA's 发文: it keeps the item it was disclosed as (the link back)."""

    pk: int
    title: str
    number: str
    unit: object
    files: list = field(default_factory=list)
    disclosure_item_id: int | None = None
    disclosure_url: str = ""

    @property
    def ref(self) -> str:
        return f"oa.outgoing:{self.pk}"

    def mark_public(self, by):
        result = document_disclose(
            source_ref=self.ref,
            source_url=f"/office/oa/outgoing/{self.pk}/",
            by=by,
            unit=self.unit,
            title=self.title,
            document_number=self.number,
            formed_on=days_ago(2),
            body=f"<p>{self.title}</p><p>各乡镇人民政府，县直各单位：现将有关事项通知如下。</p>",
            files=self.files,
        )
        self.disclosure_item_id, self.disclosure_url = result.item_id, result.url
        return result


def test_disclose_is_idempotent_and_links_both_ways(columns, leader_a, dept_a):
    doc = OutgoingDocument(
        7, "关于做好2026年冬春森林防火工作的通知", "蓝政办发〔2026〕21号", dept_a
    )
    first = doc.mark_public(leader_a)
    assert first.created and first.status == ItemStatus.PUBLISHED and first.blocked == 0
    assert first.index_number.startswith(f"{dept_a.code.upper()}/")
    again = doc.mark_public(leader_a)
    assert not again.created and again.item_id == first.item_id
    item = item_for_source(doc.ref)
    assert item.pk == doc.disclosure_item_id and doc.disclosure_url == item.url
    assert item.source_url == "/office/oa/outgoing/7/"
    assert item.column == columns["zcwj"]  # the county's 政策文件 column


def test_personal_data_keeps_it_as_a_draft_for_the_officer(columns, leader_a, dept_a):
    doc = OutgoingDocument(
        8,
        "关于对见义勇为人员给予表彰的决定",
        "蓝政发〔2026〕30号",
        dept_a,
        files=[("表彰名单.pdf", pdf_bytes(f"见义勇为人员：周强 {RESIDENT_ID}"))],
    )
    result = doc.mark_public(leader_a)
    assert result.created and result.status == ItemStatus.DRAFT and result.blocked == 2
    assert result.url == "" and result.index_number == ""


def test_caller_must_be_staff_of_the_unit(columns, officer_b, dept_a):
    doc = OutgoingDocument(9, "关于调整县政府领导分工的通知", "蓝政发〔2026〕31号", dept_a)
    with pytest.raises(PermissionDenied):
        doc.mark_public(officer_b)
