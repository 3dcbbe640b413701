"""The 修订 view: the body with every change not yet decided coloured by the person who made it
(insertions underlined, deletions struck through), and the list of those changes.

Built from the stored deltas (oa.revisions). The body was cleaned by the sanitiser at every save,
so its tags are the sanitiser's output and are kept as they are; text tokens are single
characters (escaped here) or entities the sanitiser wrote.

What a reviewer already decided reads as plain text: an accepted insertion is plain, an accepted
deletion is gone; a rejected change was undone by a decision version, whose own edits are quiet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from platform_core.richtext.sanitize import html_to_text

from .. import revisions
from ..models import BodyVersion, OutgoingDocument

COLOURS = 6  # rev-0 … rev-5 in oa/office.css


@dataclass
class Author:
    name: str
    colour: int
    times: list = field(default_factory=list)


@dataclass
class PendingChange:
    id: str
    kind: str  # "i" insertion, "d" deletion
    author: str
    colour: int
    at: object
    text: str


def _text(token: str) -> str:
    return token if token.startswith("&") else escape(token)


def quiet_versions(versions: list[BodyVersion]) -> set[int]:
    """Versions whose edits are not changes to decide on: the first draft, a text imported from
    Word (a new base), and the versions written by accepting or rejecting."""
    return {0} | {i for i, v in enumerate(versions) if v.is_decision or v.is_base}


def revision_view(document: OutgoingDocument, versions: list[BodyVersion]) -> dict:
    pieces = revisions.attributed([v.delta for v in versions])
    quiet = quiet_versions(versions)
    decided = set(document.decisions.values_list("change_id", flat=True))
    colour_of: dict[int, int] = {}
    by_id: dict[int, Author] = {}
    for i, v in enumerate(versions):
        if v.author_id not in colour_of:
            colour_of[v.author_id] = len(colour_of) % COLOURS
            by_id[v.author_id] = Author(v.author.name, colour_of[v.author_id])
        if i not in quiet:
            by_id[v.author_id].times.append(v.created_at)
    pending: list[PendingChange] = []
    mark: dict[int, PendingChange] = {}  # piece index -> its pending change
    for change in revisions.changes(pieces, quiet):
        if change.id in decided:
            continue
        v = versions[change.version]
        item = PendingChange(
            id=change.id,
            kind=change.kind,
            author=v.author.name,
            colour=colour_of[v.author_id],
            at=v.created_at,
            text=html_to_text(change.text(pieces))[:120] or "（格式）",
        )
        pending.append(item)
        for i in change.indexes:
            mark[i] = item
    out: list[str] = []
    open_change: PendingChange | None = None

    def close():
        nonlocal open_change
        if open_change is not None:
            out.append("</ins>" if open_change.kind == "i" else "</del>")
            open_change = None

    for i, piece in enumerate(pieces):
        change = mark.get(i)
        if piece.removed_by is not None and change is None:
            continue  # deleted and decided (or deleted by a decision): gone
        if piece.text.startswith("<"):
            if piece.removed_by is None:
                close()
                out.append(piece.text)
            continue
        if change is not open_change:
            close()
            if change is not None:
                tag = "ins" if change.kind == "i" else "del"
                verb = "插入" if change.kind == "i" else "删除"
                out.append(
                    f'<{tag} class="rev rev-{change.colour}" id="rev-{escape(change.id)}" '
                    f'title="{escape(change.author)} {verb}于 {change.at:%Y-%m-%d %H:%M}">'
                )
                open_change = change
        out.append(_text(piece.text))
    close()
    # Tags come from the sanitised body, text through _text (escaped), attributes escaped above.
    html: SafeString = mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
    authors = [a for a in by_id.values() if a.times]
    return {"authors": authors, "html": html, "pending": pending}
