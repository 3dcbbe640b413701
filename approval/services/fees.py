"""Fees charged on an application (收费登记) and their check against the item's published fees.

行政许可法 第五十八、五十九条: a department may charge for a licence only where a law or
administrative regulation provides for it, at the published standard. Staff record every fee they
charge; the record is an ApplicationEvent of kind "fee" (so the provincial export carries it) plus a
FeeCharge row. A fee the item version does not list, or above the listed amount, fires the red card
FEE_NOT_LISTED at once, and the handler and the unit heads are told.

What counts as "listed": the item version's structured fees (`ItemFee`, matched by name, amount at
most its `amount` when one is set). An older item with no structured fees is judged by its free
text: "不收费" (or an empty text) lists nothing; otherwise the fee's name must appear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.constants import AppStatus, EventKind
from approval.models import Application, FeeCharge, ItemFee, LicensingItem, SupervisionCard
from approval.selectors.decision import may_process
from approval.services.applications import event_add, locked
from approval.services.supervision import fee_card_fire
from platform_core.models import User

MAX_AMOUNT = Decimal("99999999.99")
NO_FEE_WORDS = ("不收费", "免费", "无")


@dataclass(frozen=True)
class FeeCheck:
    item_fee: ItemFee | None
    listed: bool
    problem: str = ""  # why it is not listed (the red card's reason)


def _norm(text: str) -> str:
    return "".join((text or "").split()).lower()


def item_charges_nothing(item: LicensingItem) -> bool:
    text = (item.fees or "").strip().rstrip("。.")
    return not text or text in NO_FEE_WORDS


def fee_check(item: LicensingItem, *, name: str, amount: Decimal) -> FeeCheck:
    """Whether `item` lists a fee called `name` of at most `amount` yuan."""
    fees = list(item.fee_items.all())
    if fees:
        match = next((f for f in fees if _norm(f.name) == _norm(name)), None)
        if match is None:
            return FeeCheck(
                None,
                False,
                _("事项公布的收费项目中没有“%(n)s”（公布的有：%(l)s）。")
                % {"n": name, "l": "、".join(f.name for f in fees)},
            )
        if match.amount is not None and amount > match.amount:
            return FeeCheck(
                match,
                False,
                _("“%(n)s”收费%(a)s元，超过事项公布的标准%(m)s元。")
                % {"n": name, "a": amount, "m": match.amount},
            )
        return FeeCheck(match, True)
    if item_charges_nothing(item):
        return FeeCheck(None, False, _("该事项公布为不收费，却收取了“%(n)s”。") % {"n": name})
    if _norm(name) and _norm(name) in _norm(item.fees):
        return FeeCheck(None, True)
    return FeeCheck(
        None,
        False,
        _("事项公布的收费标准中没有“%(n)s”（公布为：%(t)s）。")
        % {"n": name, "t": item.fees.strip()[:100]},
    )


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"amount": _("请填写正确的金额。")}) from None
    if not Decimal("0") < amount <= MAX_AMOUNT:
        raise ValidationError({"amount": _("金额应大于0元。")})
    return amount


def may_record_fee(user: User, application: Application) -> bool:
    """Licensing staff of the handling department, once the application was received."""
    return application.status != AppStatus.DRAFT and may_process(user, application)


@dataclass(frozen=True)
class FeeResult:
    charge: FeeCharge
    card: SupervisionCard | None


@transaction.atomic
def fee_record(
    *, application: Application, by: User, name: str, amount, basis: str = ""
) -> FeeResult:
    """收费登记：记录对申请收取的费用（项目、金额、依据、收费人、时间）；未公布的收费立即亮红牌。"""
    if not may_record_fee(by, application):
        raise PermissionDenied
    name = (name or "").strip()
    basis = (basis or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写收费项目。")})
    if len(name) > 200 or len(basis) > 500:
        raise ValidationError(_("收费项目或收费依据过长。"))
    amount = _amount(amount)
    application = locked(application)
    if application.status == AppStatus.DRAFT:
        raise PermissionDenied
    check = fee_check(application.item, name=name, amount=amount)
    if not basis and check.item_fee is not None:
        basis = check.item_fee.basis
    now = timezone.now()
    reason = _("收取“%(n)s”%(a)s元") % {"n": name, "a": amount}
    if basis:
        reason += _("（依据：%(b)s）") % {"b": basis}
    event = event_add(
        application,
        kind=EventKind.FEE,
        actor=by,
        from_status=application.status,
        reason=reason,
        extra={
            "fee": {
                "name": name,
                "amount": str(amount),
                "basis": basis,
                "listed": check.listed,
            }
        },
    )
    charge = FeeCharge.objects.create(
        application=application,
        name=name,
        amount=amount,
        basis=basis,
        item_fee=check.item_fee,
        listed=check.listed,
        event=event,
        charged_by=by,
        charged_at=now,
    )
    card = None
    if not check.listed:
        card = fee_card_fire(application=application, reason=check.problem)
    return FeeResult(charge=charge, card=card)
