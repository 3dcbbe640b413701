"""Fees charged on a case (收费登记): recorded, audited, exported, and checked by e-supervision."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.constants import EventKind
from approval.models import ApplicationEvent, FeeCharge, ItemFee, SupervisionCard
from approval.models.supervision import ExportEvent, RuleKind, SupervisionRule
from approval.services import fees as fee_services
from approval.services import items as item_services
from platform_core.constants import Channel, RoleCode
from platform_core.models import Notification
from tests.approval.conftest import build_item, submitted
from tests.factories import staff_with_role


@pytest.fixture
def leader_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="分管领导甲")


@pytest.fixture
def fee_item(item, sysadmin, dept_a):
    """A published item listing one fee: 工本费, at most 10 yuan."""
    draft = build_item(sysadmin, dept_a, code="431127-XK-002", fees="工本费每证10元")
    item_services.fee_add(
        item=draft,
        name="工本费",
        standard="每证10元",
        amount=Decimal("10"),
        basis="湘价费〔2020〕12号",
    )
    return item_services.item_publish(item=draft, by=sysadmin)


def red_fee_cards(application):
    return SupervisionCard.objects.filter(
        application=application, rule__kind=RuleKind.FEE_NOT_LISTED, color="red"
    )


def test_listed_fee_is_recorded_audited_and_exported_without_card(fee_item, clerk_a):
    application = submitted(fee_item, clerk_a)
    result = fee_services.fee_record(
        application=application, by=clerk_a, name=" 工本费 ", amount="10"
    )
    charge = result.charge
    assert result.card is None
    assert charge.listed and charge.item_fee.name == "工本费"
    assert charge.amount == Decimal("10.00") and charge.charged_by == clerk_a
    assert charge.basis == "湘价费〔2020〕12号"  # taken from the item when left empty
    event = charge.event
    assert event.kind == EventKind.FEE and event.actor == clerk_a
    assert event.from_status == event.to_status == application.status
    assert "工本费" in event.reason and "10.00元" in event.reason
    export = ExportEvent.objects.get(event=event)
    assert export.payload["kind"] == "fee"
    assert export.payload["fee"] == {
        "name": "工本费",
        "amount": "10.00",
        "basis": "湘价费〔2020〕12号",
        "listed": True,
    }
    # The fee event follows the submission event in the case's export sequence.
    assert export.seq == ExportEvent.objects.filter(application=application).count()
    assert not red_fee_cards(application).exists()


def test_unlisted_fee_fires_red_card_at_once_and_notifies(fee_item, clerk_a, leader_a):
    application = submitted(fee_item, clerk_a)
    result = fee_services.fee_record(
        application=application, by=clerk_a, name="检测费", amount=Decimal("50")
    )
    assert not result.charge.listed and result.charge.item_fee is None
    card = result.card
    assert card.rule.kind == RuleKind.FEE_NOT_LISTED and card.color == "red"
    assert card.department == application.department and card.cleared_at is None
    assert "检测费" in card.reason and "工本费" in card.reason
    for person in (clerk_a, leader_a):
        note = Notification.objects.get(recipient=person, channel=Channel.IN_APP)
        assert "红牌" in note.subject and application.number in note.subject
    assert Notification.objects.filter(channel=Channel.SMS, subject__contains="红牌").count() == 2
    # A second unlisted fee is recorded and exported, but the case keeps its one card.
    second = fee_services.fee_record(application=application, by=clerk_a, name="咨询费", amount=5)
    assert second.card.pk == card.pk
    assert FeeCharge.objects.filter(application=application).count() == 2
    assert red_fee_cards(application).count() == 1


def test_fee_above_listed_amount_is_not_listed(fee_item, clerk_a):
    application = submitted(fee_item, clerk_a)
    result = fee_services.fee_record(application=application, by=clerk_a, name="工本费", amount=12)
    assert not result.charge.listed and result.charge.item_fee.name == "工本费"
    assert "12.00元" in result.card.reason and "10.00元" in result.card.reason


def test_item_that_charges_nothing_gets_red_card_for_any_fee(item, clerk_a):
    assert item.fees == "不收费" and not item.fee_items.exists()
    application = submitted(item, clerk_a)
    result = fee_services.fee_record(application=application, by=clerk_a, name="工本费", amount=1)
    assert "不收费" in result.card.reason
    assert red_fee_cards(application).count() == 1


def test_free_text_fees_are_matched_by_name(item, sysadmin, dept_a, clerk_a):
    draft = build_item(sysadmin, dept_a, code="431127-XK-003", fees="证书工本费每本5元")
    free_text = item_services.item_publish(item=draft, by=sysadmin)
    application = submitted(free_text, clerk_a)
    ok = fee_services.fee_record(application=application, by=clerk_a, name="工本费", amount=5)
    assert ok.charge.listed and ok.card is None
    bad = fee_services.fee_record(application=application, by=clerk_a, name="加急费", amount=5)
    assert not bad.charge.listed and bad.card is not None


def test_inactive_rule_records_fee_without_card(item, clerk_a):
    SupervisionRule.objects.create(kind=RuleKind.FEE_NOT_LISTED, color="red", active=False)
    application = submitted(item, clerk_a)
    result = fee_services.fee_record(application=application, by=clerk_a, name="工本费", amount=1)
    assert result.card is None and not result.charge.listed
    assert not SupervisionCard.objects.exists()


def test_rights_and_bad_input(item, clerk_a, clerk_b):
    application = submitted(item, clerk_a)
    with pytest.raises(PermissionDenied):
        fee_services.fee_record(application=application, by=clerk_b, name="工本费", amount=1)
    for amount in ("0", "-3", "abc", None):
        with pytest.raises(ValidationError) as exc:
            fee_services.fee_record(
                application=application, by=clerk_a, name="工本费", amount=amount
            )
        assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        fee_services.fee_record(application=application, by=clerk_a, name="  ", amount=1)
    assert exc.value.message_dict["name"] == ["请填写收费项目。"]
    assert not FeeCharge.objects.exists()
    assert not ApplicationEvent.objects.filter(kind=EventKind.FEE).exists()


def test_new_version_copies_fees_and_events(fee_item, sysadmin):
    draft = item_services.item_new_version(item=fee_item, by=sysadmin)
    assert [(f.name, f.amount, f.basis) for f in draft.fee_items.all()] == [
        ("工本费", Decimal("10.00"), "湘价费〔2020〕12号")
    ]
    item_services.item_events_set(item=draft, events=["kaiban", "jingying"])
    with pytest.raises(ValidationError):
        item_services.item_events_set(item=draft, events=["nonsense"])
    # A published version is read only: fees and events cannot change on it.
    with pytest.raises(ValidationError):
        item_services.fee_add(item=fee_item, name="加急费")
    with pytest.raises(ValidationError):
        item_services.item_events_set(item=fee_item, events=["kaiban"])
    published = item_services.item_publish(item=draft, by=sysadmin)
    newer = item_services.item_new_version(item=published, by=sysadmin)
    assert sorted(newer.life_events.values_list("event", flat=True)) == ["jingying", "kaiban"]
    assert ItemFee.objects.filter(item=newer).count() == 1


# --- the form on the office application page ---------------------------------------------------


def test_office_page_records_fee_and_rejects_bad_input(client, fee_item, clerk_a, clerk_b):
    application = submitted(fee_item, clerk_a)
    page_url = f"/office/approval/applications/{application.number}/"
    url = f"/office/approval/supervision/fees/{application.number}/"
    client.force_login(clerk_a)
    page = client.get(page_url).content.decode()
    assert "登记收费" in page and 'action="' + url + '"' in page and "工本费" in page
    bad = client.post(url, {"name": "工本费", "amount": "-1"})
    assert bad.status_code == 400 and "金额应大于0元。" in bad.content.decode()
    missing = client.post(url, {"name": "", "amount": ""})
    assert missing.status_code == 400
    assert "请填写收费项目。" in missing.content.decode()
    assert not FeeCharge.objects.exists()
    ok = client.post(url, {"name": "检测费", "amount": "30", "basis": "无"}, follow=True)
    body = ok.content.decode()
    assert "已登记收费：检测费 30.00元。" in body and "已亮红牌" in body and "未公布收费" in body
    assert red_fee_cards(application).count() == 1
    # Staff of another department do not see the case at all; GET is not allowed.
    client.force_login(clerk_b)
    assert client.post(url, {"name": "工本费", "amount": "1"}).status_code == 404
    client.force_login(clerk_a)
    assert client.get(url).status_code == 405


# --- Django admin ------------------------------------------------------------------------------


def test_admin_lists_audit_records_read_only(admin_client, fee_item, clerk_a):
    application = submitted(fee_item, clerk_a)
    fee_services.fee_record(application=application, by=clerk_a, name="检测费", amount=5)
    charge = FeeCharge.objects.get()
    card = SupervisionCard.objects.get()
    export = ExportEvent.objects.filter(application=application).first()
    for model in (
        "decision",
        "rating",
        "supervisionrule",
        "supervisioncard",
        "feecharge",
        "exportevent",
        "apiclient",
    ):
        assert admin_client.get(f"/admin/approval/{model}/").status_code == 200, model
    for model, pk in (
        ("feecharge", charge.pk),
        ("supervisioncard", card.pk),
        ("exportevent", export.pk),
    ):
        assert admin_client.get(f"/admin/approval/{model}/add/").status_code == 403
        page = admin_client.get(f"/admin/approval/{model}/{pk}/change/")
        assert page.status_code == 200 and b'name="_save"' not in page.content
        assert admin_client.post(f"/admin/approval/{model}/{pk}/delete/").status_code == 403
    assert SupervisionCard.objects.filter(pk=card.pk, cleared_at__isnull=True).exists()
