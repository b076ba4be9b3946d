"""Short labels for long bare links: the slide shows a readable label, the link keeps the full address."""
from __future__ import annotations

from dataclasses import replace
from operator import attrgetter
from urllib.parse import urlsplit

from confdeck.geometry import Geometry
from confdeck.model import Block, Run, TextBlock
from confdeck.plan.measure import Fonts, text_width

MAX_LABEL_CHARS = 48
LABEL_SHARE = 0.9  # of the body width: a bare link wider than this would break mid-address, so gets a label


def is_bare_link(run: Run) -> bool:
    """A link whose text is its own address (an autolink such as <https://…>)."""
    if not run.href:
        return False
    text = run.text.strip()
    return text == run.href or f"mailto:{text}" == run.href


def short_label(url: str, max_chars: int = MAX_LABEL_CHARS) -> str:
    """host/first/…/last for a long address; the address itself when short enough."""
    parts = urlsplit(url)
    if not parts.netloc:
        return url if len(url) <= max_chars else url[:max_chars - 1] + "…"
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    label = host + path + (f"?{parts.query}" if parts.query else "")
    if len(label) <= max_chars:
        return label
    segments = [s for s in path.split("/") if s]
    if len(segments) >= 2:
        label = f"{host}/{segments[0]}/…/{segments[-1]}"
        if len(label) <= max_chars:
            return label
        label = f"{host}/…/{segments[-1]}"
        if len(label) <= max_chars:
            return label
    return label[:max_chars - 1] + "…"


def copy_with(node, **changes):
    """dataclasses.replace for the model's plain dataclasses (no __post_init__, every field set by __init__).

    Why not replace itself: it looks the fields up again on every call, and this runs for
    every bullet of a deck.
    """
    copy = object.__new__(type(node))
    copy.__dict__.update(node.__dict__, **changes)
    return copy


_HREF = attrgetter("href")


def _shorten(runs: list[Run], limit_pt: float, size: float, fonts: Fonts) -> list[Run]:
    if not any(map(_HREF, runs)):
        return runs  # no link at all (most bullets): one C-speed look instead of a loop
    out = []
    for run in runs:
        if run.href and is_bare_link(run) and text_width(run.text, size, fonts.body) > limit_pt:
            run = replace(run, text=short_label(run.href.removeprefix("mailto:")))
        out.append(run)
    return out


def shorten_link_labels(blocks: list[Block], geo: Geometry, fonts: Fonts) -> list[Block]:
    limit = geo.body_width_in * 72 * LABEL_SHARE
    size = geo.body_size(0)
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            lines = block.text_lines()
            shortened = [_shorten(runs, limit, size, fonts) for runs in lines]
            if any(new is not old for new, old in zip(shortened, lines)):
                block = block.with_text_lines(shortened)
        out.append(block)
    return out
