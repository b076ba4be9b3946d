"""Which link targets may become clickable in a deck."""
from __future__ import annotations

import html
import re

SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Browsers ignore these anywhere in a URL's scheme (`java\tscript:`), so we do too before judging it.
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff]+")


def safe_href(href: str | None) -> str | None:
    """Web, mail and relative links pass; anything else (javascript:, vbscript:, data: …) gives None.

    The scheme is judged the way a browser reads it: character references decoded,
    whitespace and control characters removed, any letter case.
    """
    if not href:
        return None
    cleaned = href.strip()
    probe = _IGNORED.sub("", html.unescape(cleaned)).lower()
    if probe.startswith(SAFE_SCHEMES):
        return cleaned if not _IGNORED.search(cleaned.split(":", 1)[0]) else None
    if probe.startswith(("/", "#", "?", ".")) and not probe.startswith("//"):
        return cleaned  # a path on the same site, or an anchor
    head = re.split(r"[/?#]", probe, maxsplit=1)[0]
    if ":" in head:
        return None  # a scheme we do not allow (javascript:, vbscript:, data:, file: …)
    return cleaned  # relative path such as images/x.png or page.html
