"""Revision tracking (痕迹保留) as pure functions over the body's HTML.

The body is split into tokens that partition it exactly: a tag, a character entity, or one
character. A version stores only its change against the previous text as a delta:

    [["=", 12], ["-", 3], ["+", "新增的文字"], ["=", 40]]

keep 12 tokens, delete 3, insert a string, keep 40. `apply_delta(old, make_delta(old, new)) ==
new` for any two texts, so replaying every delta from "" rebuilds the current body exactly.

`attributed` replays the deltas and remembers for each token which version put it there (and,
for a token removed later, which version removed it): the 修订 view colours them by author.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

TOKEN = re.compile(r"<[^>]*>|&#?\w+;|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def sha256(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def make_delta(old: str, new: str) -> list[list]:
    a, b = tokens(old), tokens(new)
    delta: list[list] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            delta.append(["=", i2 - i1])
            continue
        if op in ("delete", "replace"):
            delta.append(["-", i2 - i1])
        if op in ("insert", "replace"):
            delta.append(["+", "".join(b[j1:j2])])
    return delta


class DeltaError(ValueError):
    """A delta that does not fit the text it is applied to."""


def apply_delta(old: str, delta: list[list]) -> str:
    source = tokens(old)
    out: list[str] = []
    position = 0
    for op, value in delta:
        if op == "=":
            out.extend(source[position : position + value])
            position += value
        elif op == "-":
            position += value
        elif op == "+":
            out.append(value)
        else:
            raise DeltaError(op)
        if position > len(source):
            raise DeltaError("delta runs past the end of the text")
    if position != len(source):
        raise DeltaError("delta does not cover the whole text")
    return "".join(out)


def rebuild(deltas: list[list[list]]) -> str:
    text = ""
    for delta in deltas:
        text = apply_delta(text, delta)
    return text


@dataclass
class Piece:
    text: str
    added_by: int  # index of the version that inserted it
    key: str = ""  # stable identity: "<version index>.<n-th token that version inserted>"
    removed_by: int | None = None  # index of the version that deleted it


def attributed(deltas: list[list[list]]) -> list[Piece]:
    """Every token ever in the body, in reading order, with the versions that added and removed
    it. Tokens still present are those with `removed_by is None`."""
    pieces: list[Piece] = []
    for index, delta in enumerate(deltas):
        live = [i for i, p in enumerate(pieces) if p.removed_by is None]
        out: list[Piece] = []
        cursor = 0  # position among all pieces (live and dead) already copied
        live_pos = 0
        inserted = 0
        for op, value in delta:
            if op == "+":
                for t in tokens(value):
                    out.append(Piece(t, index, f"{index}.{inserted}"))
                    inserted += 1
                continue
            for _ in range(value):
                target = live[live_pos]
                out.extend(pieces[cursor:target])  # dead pieces before it stay where they were
                piece = pieces[target]
                if op == "-":
                    piece.removed_by = index
                out.append(piece)
                cursor = target + 1
                live_pos += 1
        out.extend(pieces[cursor:])
        pieces = out
    return pieces


def runs(pieces: list[Piece]) -> list[tuple[str, int, int | None]]:
    """Consecutive pieces with the same (added_by, removed_by), joined: (text, added, removed)."""
    out: list[tuple[str, int, int | None]] = []
    for p in pieces:
        if out and out[-1][1] == p.added_by and out[-1][2] == p.removed_by:
            out[-1] = (out[-1][0] + p.text, p.added_by, p.removed_by)
        else:
            out.append((p.text, p.added_by, p.removed_by))
    return out


@dataclass
class Change:
    """A run of tokens one version inserted ("i") or deleted ("d"), accepted or rejected as one."""

    id: str
    kind: str
    version: int
    indexes: list[int]

    def text(self, pieces: list[Piece]) -> str:
        return "".join(pieces[i].text for i in self.indexes)


def changes(pieces: list[Piece], quiet: set[int]) -> list[Change]:
    """The changes in reading order. Versions in `quiet` (the original draft, versions written
    by accepting or rejecting) change nothing a reviewer decides on; what they deleted is gone
    from the view and does not split a run of another version's change."""
    out: list[Change] = []
    current: Change | None = None
    for i, p in enumerate(pieces):
        if p.removed_by is not None and p.removed_by in quiet:
            continue  # hidden, transparent
        if p.removed_by is not None:
            kind, version = "d", p.removed_by
        elif p.added_by not in quiet:
            kind, version = "i", p.added_by
        else:
            current = None
            continue
        if current is not None and current.kind == kind and current.version == version:
            current.indexes.append(i)
            continue
        current = Change(f"{kind}{version}:{p.key}", kind, version, [i])
        out.append(current)
    return out


def text_after(pieces: list[Piece], drop: set[int] = frozenset(), restore: set[int] = frozenset()):
    """The live text with the pieces `drop` removed and the dead pieces `restore` put back."""
    return "".join(
        p.text
        for i, p in enumerate(pieces)
        if (p.removed_by is None and i not in drop) or i in restore
    )
