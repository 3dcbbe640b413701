"""Issue 13, same-named units: every OA unit chooser shows a section with its department
(县市场监督管理局 / 办公室), never a list of identical "办公室" entries."""

import pytest

from oa.forms.calendar import ActionItemForm, MeetingForm
from oa.forms.documents import DocumentForm
from oa.forms.supervision import ItemForm
from oa.forms.tools import NoticeForm, SmsForm
from platform_core.constants import UnitKind
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(dept_a, dept_b):
    for dept, code in ((dept_a, "scjg-bgs"), (dept_b, "zrzy-bgs")):
        OrgUnitFactory(parent=dept, name="办公室", code=code, kind=UnitKind.SECTION)


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (ActionItemForm, "owner_unit"),
        (MeetingForm, "units"),
        (DocumentForm, "countersign_units"),
        (DocumentForm, "recipient_units"),
        (ItemForm, "lead_unit"),
        (ItemForm, "co_units"),
        (NoticeForm, "scope_units"),
        (SmsForm, "units"),
    ],
)
def test_a_section_is_shown_with_its_department(offices, form_class, field):
    labels = [str(label).strip("　") for _value, label in form_class().fields[field].choices]
    offices = [label for label in labels if label.endswith("办公室")]
    assert sorted(offices) == ["县市场监督管理局 / 办公室", "县自然资源局 / 办公室"], labels
