"""The 修订 view: the body with every insertion and deletion, coloured by the person who made it.

Built from the stored deltas (oa.revisions.attributed). The body was cleaned by the sanitiser at
every save, so its tags are the sanitiser's output and are kept as they are for a live run;
text runs are escaped again by `escape` before they are wrapped in <ins>/<del>.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .. import revisions
from ..models import BodyVersion

COLOURS = 6  # rev-0 … rev-5 in oa/office.css


@dataclass
class Author:
    name: str
    colour: int
    times: list


def _text(piece: str) -> str:
    # Tokens of text are single characters or entities (already escaped by the sanitiser).
    return piece if piece.startswith("&") else escape(piece)


def revision_view(versions: list[BodyVersion]) -> dict:
    deltas = [v.delta for v in versions]
    pieces = revisions.attributed(deltas)
    colour_of: dict[int, int] = {}
    by_id: dict[int, Author] = {}
    for v in versions:
        if v.author_id not in colour_of:
            colour_of[v.author_id] = len(colour_of) % COLOURS
            by_id[v.author_id] = Author(v.author.name, colour_of[v.author_id], [])
        by_id[v.author_id].times.append(v.created_at)
    authors = list(by_id.values())
    out: list[str] = []
    for text, added, removed in revisions.runs(pieces):
        added_v = versions[added]
        # The first version is the original draft: shown plain, not as an insertion.
        if removed is not None:
            removed_v = versions[removed]
            words = "".join(_text(t) for t in revisions.tokens(text) if not t.startswith("<"))
            if words:
                out.append(
                    f'<del class="rev rev-{colour_of[removed_v.author_id]}" '
                    f'title="{escape(removed_v.author.name)} 删除于 '
                    f'{removed_v.created_at:%Y-%m-%d %H:%M}">{words}</del>'
                )
            continue
        if added == 0:
            out.append(text)
            continue
        ins_open = (
            f'<ins class="rev rev-{colour_of[added_v.author_id]}" '
            f'title="{escape(added_v.author.name)} 插入于 {added_v.created_at:%Y-%m-%d %H:%M}">'
        )
        buffer: list[str] = []
        for token in [*revisions.tokens(text), None]:
            if token is None or token.startswith("<"):
                if buffer:
                    out.append(ins_open + "".join(buffer) + "</ins>")
                    buffer = []
                if token is not None:
                    out.append(token)
            else:
                buffer.append(_text(token))
    html: SafeString = mark_safe("".join(out))  # noqa: S308 - built from sanitised tokens
    return {"authors": authors, "html": html}
