"""信息处理费 (国办函〔2020〕109号《政府信息公开信息处理费管理办法》): pure arithmetic.

No fee by default. Above the thresholds, either by piece (按件) or by volume (按量), never both
for one request (第三条), each progressive (超额累进):
- 按件 (第四条), the applicant's requests to one agency in one calendar month: 1–10 free;
  11–30: 100 元 each; from 31 on, each further band of 10 costs 100 元 more per piece
  (31–40: 200, 41–50: 300, …).
- 按量 (第五条), pages of one request (paper, e-mail, copied electronic data): 1–30 free;
  31–100: 10 元 a page; 101–200: 20 元; 201 on: 40 元.
"""

from __future__ import annotations

PIECE_FREE = 10
PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))


def piece_fee(nth: int) -> int:
    """The fee (元) for the applicant's `nth` request of the month to the same agency."""
    if nth <= PIECE_FREE:
        return 0
    if nth <= 30:
        return 100
    return 100 + 100 * ((nth - 31) // 10 + 1)


def pieces_fee(count: int) -> int:
    """What `count` requests in one month cost together (the sum of each one's fee)."""
    return sum(piece_fee(n) for n in range(1, count + 1))


def volume_fee(pages: int) -> int:
    """The fee (元) for `pages` pages of one request, progressive by band."""
    total, lower = 0, 0
    for upper, price in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return total
