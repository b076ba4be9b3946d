"""The allowlist raw HTML from notes goes through before it reaches the HTML deck (nh3 = ammonia)."""
from __future__ import annotations

import re

import nh3

from confdeck.links import safe_href

# Formatting tags kept from raw HTML in notes; everything else is dropped by nh3.
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "br",
                "code", "kbd", "span", "p", "ul", "ol", "li", "a", "abbr", "q", "cite"}
# Inside a paragraph or list item only phrasing tags make sense.
INLINE_TAGS = ALLOWED_TAGS - {"p", "ul", "ol", "li"}
_CDATA = re.compile(r"<!\[CDATA\[.*?(\]\]>|$)", re.DOTALL)
_HREFLESS_LINK = re.compile(r"<a(?=[\s>])(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
# Dropped together with their content: a reader should never see script or style text.
CONTENT_DROPPED = {"script", "style", "template", "iframe", "object", "embed", "noscript", "noembed",
                   "noframes", "textarea", "title", "svg", "math", "xmp"}


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "a" and name == "href":
        return safe_href(value)  # the same rule as Markdown links
    return value


def sanitise(html: str, tags: set[str]) -> str:
    """Allowlisted tags and attributes only; no script, event handler, style or unsafe link survives."""
    # HTML has no CDATA sections: a browser shows their insides as stray text, so drop them whole
    # (the PowerPoint side drops them too).
    html = _CDATA.sub("", html)
    cleaned = nh3.clean(html, tags=tags, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     clean_content_tags=CONTENT_DROPPED, strip_comments=True,
                     attribute_filter=_filter_attribute, link_rel="noopener noreferrer")
    # A link whose target was refused is plain text, not an anchor that looks clickable.
    return _HREFLESS_LINK.sub(r"\1", cleaned)
