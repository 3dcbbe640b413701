"""Public verification of issued documents (文书核验). A printed notice, decision or letter carries
a QR code of /service/verify/<number>/; the page there says whether this system issued a document
with that number, and shows enough of it to match a paper in hand.

The platform knows no app: an app that issues documents registers a resolver in its
AppConfig.ready(), as it does for case subjects (platform_core/subjects.py):

    from platform_core.verification import IssuedDocument, register_document_resolver

    def notice_document(number: str) -> IssuedDocument | None: ...
    register_document_resolver("approval", notice_document)

and prints `verification_url(request, number)` (with its QR code, services/pdf.qr_data_uri) on
the document. Resolvers are asked in the order they were registered; the first that knows the
number answers. Document numbers are unique across apps by their prefixes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class IssuedDocument:
    """What the public verification page shows of a document (the holder is masked there)."""

    number: str
    kind: str  # 文书类型, e.g. 受理通知书
    holder: str  # 持有人, full name: the page masks it
    subject: str  # 事项: what the document is about
    issuer: str  # 出具单位
    issued_on: datetime.date
    valid_until: datetime.date | None = None  # None: 长期有效


Resolver = Callable[[str], IssuedDocument | None]
_RESOLVERS: dict[str, Resolver] = {}


def register_document_resolver(name: str, resolver: Resolver) -> None:
    """`resolver(number)` returns the issued document with that number, or None."""
    _RESOLVERS[name] = resolver


def find_document(number: str) -> IssuedDocument | None:
    for resolver in _RESOLVERS.values():
        document = resolver(number)
        if document is not None:
            return document
    return None


def verification_url(request, number: str) -> str:
    """The absolute address to print (and encode in the QR code) on the document."""
    return request.build_absolute_uri(reverse("platform_core:verify", args=[number]))


def mask_name(name: str) -> str:
    """Enough of a name to match a paper in hand, not enough to harvest names by guessing."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
