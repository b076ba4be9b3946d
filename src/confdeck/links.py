"""Which link targets may become clickable in a deck."""
from __future__ import annotations

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_href(href: str | None) -> str | None:
    """Web, mail and relative links pass; anything else (javascript:, data: …) gives None."""
    if not href:
        return None
    cleaned = href.strip()
    if cleaned.lower().startswith(SAFE_SCHEMES):
        return cleaned
    if ":" not in cleaned.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]:
        return cleaned  # relative path or #anchor
    return None
