"""Rich text from editors is cleaned with an allow-list before it is stored or published.

Only structural tags and a few attributes survive; every URL must be relative, http(s) or mailto.
Scripts, event handlers, inline styles, SVG and `javascript:` URLs are removed by nh3 (ammonia),
which parses the HTML like a browser does, so tricks with broken markup do not get through.
"""

import re
from html import unescape

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "caption", "hr", "span", "div", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
TAG_RE = re.compile(r"<[^>]+>")
SPACE_RE = re.compile(r"\s+")


def clean_html(html: str) -> str:
    """The editor's HTML with everything outside the allow-list removed."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def html_to_text(html: str) -> str:
    """Plain text of cleaned HTML (for search, summaries and word checks)."""
    text = TAG_RE.sub(" ", html or "")
    return SPACE_RE.sub(" ", unescape(text)).strip()
