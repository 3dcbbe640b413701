"""PDFs of the letters issued on disclosure requests (答复书, 补正告知书, 延期告知书, 收费通知书,
征求意见函, 登记回执): rendered from the letter row by the platform's PDF service with the unit's
seal and a QR code of the platform's public verification page (platform_core.verification)."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

from ..constants import (
    NOT_PROCESSED_ARTICLE,
    REFUSAL_ARTICLE,
    UNAVAILABLE_ARTICLE,
    FeeMode,
    LetterKind,
    NotProcessedReason,
    RefusalGround,
    ReplyOutcome,
    UnavailableReason,
)
from ..models import RequestLetter

DOC_WORD = {
    LetterKind.REPLY: "答复",
    LetterKind.CLARIFICATION: "告知",
    LetterKind.EXTENSION: "告知",
    LetterKind.FEE: "收费决定",
}


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def grounds_text(outcome: str, grounds: list[str]) -> tuple[str, str]:
    """(labels, articles) of the legal grounds of a reply, as the letter cites them."""
    if outcome in (ReplyOutcome.REFUSED, ReplyOutcome.PARTIAL):
        choices, articles = RefusalGround, REFUSAL_ARTICLE
    elif outcome == ReplyOutcome.UNAVAILABLE:
        choices, articles = UnavailableReason, UNAVAILABLE_ARTICLE
    elif outcome == ReplyOutcome.NOT_PROCESSED:
        choices, articles = NotProcessedReason, NOT_PROCESSED_ARTICLE
    else:
        return "", ""
    labels = "、".join(str(choices(g).label) for g in grounds)
    cited = []
    for g in grounds:
        if articles[g] not in cited:
            cited.append(articles[g])
    return labels, "、".join(cited)


def review_body(letter: RequestLetter) -> str:
    """Where to ask for reconsideration: the government above a department (行政复议法 第二十四条),
    or the government one level up for the county government itself."""
    unit = letter.request.unit
    parent = unit.get_parent()
    return parent.name if parent is not None else "上一级人民政府"


def letter_context(letter: RequestLetter, verify_url: str) -> dict:
    from platform_core.services.pdf import qr_data_uri
    from platform_core.services.seal import get_seal_provider

    body = letter.body or {}
    labels, articles = grounds_text(body.get("outcome", ""), body.get("grounds", []))
    mode = body.get("mode")
    return {
        "letter": letter,
        "request": letter.request,
        "unit": letter.request.unit,
        "body": body,
        "due": _date(body.get("due", "")),
        "due_on": _date(body.get("due_on", "")),
        "answer_due": _date(body.get("answer_due", "")),
        "pay_due": _date(body.get("pay_due", "")),
        "mode_label": FeeMode(mode).label if mode else "",
        "ground_labels": labels,
        "ground_articles": articles,
        "review_body": review_body(letter),
        "doc_word": DOC_WORD.get(letter.kind, "告知"),
        "seal": get_seal_provider().seal_data_uri(letter.request.unit),
        "qr": qr_data_uri(verify_url),
        "verify_url": unquote(verify_url),
    }


def letter_pdf(letter: RequestLetter, verify_url: str) -> bytes:
    """The letter as a sealed PDF with its verification QR code."""
    from platform_core.services.pdf import render_pdf

    return render_pdf("disclosure/pdf/request_letter.html", letter_context(letter, verify_url))
