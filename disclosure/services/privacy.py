"""Privacy check before publishing (个人信息检查).

The body and the text extracted from every attachment (PDF with pypdf, DOCX with python-docx,
XLSX with openpyxl) are scanned for personal data that must not be disclosed:

- resident ID numbers (GB 11643) whose check digit and birth date are valid;
- mobile numbers (11 digits, 13x–19x);
- bank card numbers (16–19 digits) that pass the Luhn check;
- natural persons' names next to such a number (a common surname and one or two characters,
  right before the number or after a 姓名 label).

Each finding records where it is (正文第N段, 附件《…》第N页, 工作表/单元格, …) and a masked excerpt:
the number itself is never stored. A finding stays until a later scan no longer sees it (the
text was redacted) or a reviewer overrides it with a reason; until then publishing is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from platform_core.richtext.sanitize import html_to_text

from ..constants import FindingKind

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
CARD_RE = re.compile(r"(?<![\d-])(\d(?:[ -]?\d){15,18})(?![\d])")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤欧阳易常温康施文牛樊葛邢安齐伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "令狐", "慕容")
_SURNAME_ALT = "|".join(COMPOUND_SURNAMES) + "|[" + SURNAMES + "]"
# Words that often stand right before a person's name in lists and notices.
NAME_LABELS = (
    "申请人|联系人|当事人|负责人|法定代表人|经办人|收款人|户主|姓名|救助对象|对象|本人|代理人"
)
# A name right before a number: "张三 431127…", "张三，身份证号：…", "联系人：李四 138…".
NAME_BEFORE_RE = re.compile(
    r"(?:^|[^\u4e00-\u9fff]|" + NAME_LABELS + r")((?:" + _SURNAME_ALT + r")[\u4e00-\u9fff]{1,2})"
    r"[\s:：,，、（(]*(?:(?:公民)?身份证(?:号码|号)?|手机(?:号码|号)?|电话|联系电话|银行卡号|卡号|账号)?"
    r"[\s:：,，、（(]*$"
)
NAME_LABEL_RE = re.compile(r"姓名[\s:：]*((?:" + _SURNAME_ALT + r")[\u4e00-\u9fff]{1,2})")
WINDOW = 24


@dataclass(frozen=True)
class Segment:
    """A piece of text and where it is, e.g. ("附件《名单.pdf》第2页", "…")."""

    location: str
    text: str


@dataclass(frozen=True)
class Hit:
    kind: str
    location: str
    excerpt: str
    fingerprint: str


# --- number checks ------------------------------------------------------------------------------


def resident_id_valid(value: str) -> bool:
    """GB 11643: the check character and a real birth date."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != value[17]:
        return False
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= birth <= datetime.date.today()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


# --- scanning text ------------------------------------------------------------------------------


def _mask(value: str) -> str:
    keep = 3 if len(value) > 8 else 1
    return value[:keep] + "*" * (len(value) - keep - 2) + value[-2:]


def _fingerprint(kind: str, location: str, value: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}|{location}|{value}".encode(), hashlib.sha256).hexdigest()[:40]


def _excerpt(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The match with some context; every number found in it masked."""
    lo, hi = max(0, start - 12), min(len(text), end + 12)
    out, pos = [], lo
    for s, e in sorted(spans):
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        out.append(text[pos:s])
        out.append(_mask(text[s:e]))
        pos = e
    out.append(text[pos:hi])
    return (
        ("…" if lo else "")
        + "".join(out).replace("\n", " ").strip()
        + ("…" if hi < len(text) else "")
    )


def scan_text(text: str, location: str) -> list[Hit]:
    """Every finding in one segment of text."""
    numbers: list[tuple[str, int, int, str]] = []  # (kind, start, end, value)
    taken: list[tuple[int, int]] = []
    for m in ID_RE.finditer(text):
        if resident_id_valid(m[1]):
            numbers.append((FindingKind.RESIDENT_ID, m.start(1), m.end(1), m[1].upper()))
            taken.append(m.span(1))
    for m in CARD_RE.finditer(text):
        digits = re.sub(r"[ -]", "", m[1])
        overlaps = any(s < m.end(1) and m.start(1) < e for s, e in taken)
        if 16 <= len(digits) <= 19 and not overlaps and luhn_valid(digits):
            numbers.append((FindingKind.BANK_CARD, m.start(1), m.end(1), digits))
            taken.append(m.span(1))
    for m in MOBILE_RE.finditer(text):
        if not any(s <= m.start(1) < e for s, e in taken):
            numbers.append((FindingKind.MOBILE, m.start(1), m.end(1), m[1]))
            taken.append(m.span(1))
    hits: list[Hit] = []
    names: set[tuple[str, int]] = set()
    for kind, start, end, value in sorted(numbers, key=lambda n: n[1]):
        hits.append(
            Hit(
                kind,
                location,
                _excerpt(text, start, end, taken),
                _fingerprint(kind, location, value),
            )
        )
        before = text[max(0, start - WINDOW) : start]
        name = NAME_BEFORE_RE.search(before) or NAME_LABEL_RE.search(before)
        if name:
            name_start = max(0, start - WINDOW) + name.start(1)
            if (name[1], name_start) not in names:
                names.add((name[1], name_start))
                hits.append(
                    Hit(
                        FindingKind.NAME,
                        location,
                        _excerpt(text, name_start, end, taken),
                        _fingerprint(FindingKind.NAME, location, name[1] + value),
                    )
                )
    return hits


# --- extracting attachments ---------------------------------------------------------------------


class ExtractionError(Exception):
    pass


def _pdf_segments(data: bytes, name: str) -> list[Segment]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [
        Segment(_("附件《%(name)s》第%(n)d页") % {"name": name, "n": n}, page.extract_text() or "")
        for n, page in enumerate(reader.pages, start=1)
    ]


def _docx_segments(data: bytes, name: str) -> list[Segment]:
    import docx

    document = docx.Document(io.BytesIO(data))
    out = [
        Segment(_("附件《%(name)s》第%(n)d段") % {"name": name, "n": n}, p.text)
        for n, p in enumerate(document.paragraphs, start=1)
        if p.text.strip()
    ]
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            # A row is one record (name, ID number …): scan it as one line, cells tab-separated.
            text = "\t".join(cell.text for cell in row.cells)
            if text.strip():
                out.append(
                    Segment(
                        _("附件《%(name)s》表格%(t)d第%(r)d行") % {"name": name, "t": t, "r": r},
                        text,
                    )
                )
    return out


def _xlsx_segments(data: bytes, name: str) -> list[Segment]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out = []
    try:
        for sheet in book.worksheets:
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else str(v) for v in row]
                text = "\t".join(cells)
                if text.strip():
                    out.append(
                        Segment(
                            _("附件《%(name)s》工作表“%(sheet)s”第%(r)d行")
                            % {"name": name, "sheet": sheet.title, "r": r},
                            text,
                        )
                    )
    finally:
        book.close()
    return out


EXTRACTORS = {"pdf": _pdf_segments, "docx": _docx_segments, "xlsx": _xlsx_segments}
SCANNED_TYPES = tuple(EXTRACTORS)


def attachment_segments(data: bytes, name: str, extension: str) -> list[Segment]:
    """The text of an attachment by location; a file we cannot read raises ExtractionError."""
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return []
    try:
        return extractor(data, name)
    except Exception as exc:  # a damaged or encrypted file: the officer must know
        raise ExtractionError(str(exc)) from exc


BLOCK_END_RE = re.compile(r"(?i)</(?:p|div|li|tr|h[1-6]|blockquote|table)>|<br\s*/?>|\n\s*\n")


def body_segments(body_html: str) -> list[Segment]:
    """The body's paragraphs (blocks of the rich text, or blank-line separated plain text)."""
    paragraphs = [t for t in (html_to_text(b) for b in BLOCK_END_RE.split(body_html or "")) if t]
    return [
        Segment(_("正文第%(n)d段") % {"n": n}, text) for n, text in enumerate(paragraphs, start=1)
    ]


def scan_segments(segments: list[Segment]) -> list[Hit]:
    hits: dict[str, Hit] = {}
    for segment in segments:
        for hit in scan_text(segment.text, segment.location):
            hits.setdefault(hit.fingerprint, hit)
    return list(hits.values())
