"""Rich text from editors is cleaned with an allow-list before it is stored or published.

Only structural tags and a few attributes survive; every URL must be relative, http(s) or mailto.
Scripts, event handlers, inline styles, SVG and `javascript:` URLs are removed by nh3 (ammonia),
which parses the HTML like a browser does, so tricks with broken markup do not get through.

HTML pasted from Word or WPS is cleaned by the same function: its hidden blocks (`<head>`, `<xml>`,
conditional comments), class and style attributes, wrong `lang` marks, images pointing at the
writer's own disk (`file:///C:/...`) and empty paragraphs and list items go; `<h1>` becomes
`<h2>` (a page has one `<h1>`, its title), `<h5>`/`<h6>` become `<h4>`.
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
    "*": set(),  # no generic attributes (nh3 would keep lang and title: Word marks runs EN-US)
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
TAG_RE = re.compile(r"<[^>]+>")
# Word/WPS: a hidden block inside a conditional comment (<!--[if gte mso 9]><xml>...<![endif]-->).
CONDITIONAL_BLOCK_RE = re.compile(r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->", re.S | re.I)
HEADING_RE = re.compile(r"<(/?)h([156])\b", re.I)
IMG_WITHOUT_SRC_RE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
EMPTY_BLOCK_RE = re.compile(r"<(p|li)>(?:\s|&nbsp;|\u00a0|<br>|<span>|</span>)*</\1>")
EMPTY_LIST_RE = re.compile(r"<(ul|ol)>\s*</\1>")
_HEADING_TO = {"1": "2", "5": "4", "6": "4"}
SPACE_RE = re.compile(r"\s+")


def clean_html(html: str) -> str:
    """The editor's (or Word's) HTML with everything outside the allow-list removed."""
    html = CONDITIONAL_BLOCK_RE.sub("", html or "")
    html = HEADING_RE.sub(lambda m: f"<{m[1]}h{_HEADING_TO[m[2]]}", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "head", "title", "xml"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    cleaned = IMG_WITHOUT_SRC_RE.sub("", cleaned)
    cleaned = EMPTY_BLOCK_RE.sub("", cleaned)
    return EMPTY_LIST_RE.sub("", cleaned).strip()


def html_to_text(html: str) -> str:
    """Plain text of cleaned HTML (for search, summaries and word checks)."""
    text = TAG_RE.sub(" ", html or "")
    return SPACE_RE.sub(" ", unescape(text)).strip()
