"""A built deck cut into the parts a save changes on their own, so the preview sends only those.

A save usually changes one slide. Sending the open page the whole deck again (megabytes once
it holds photos) and letting it parse that cost more than the rebuild itself, so the preview
keeps each build cut into:

  pictures  every large data: URI (photos, logos, fonts) moved out of the page to its own address,
            /__confdeck/pictures/<hash>: the browser fetches each once and keeps it (it is named by
            its content), so an unchanged picture is never sent again, nor decoded again;
  slides    the HTML of each top-level <section>;
  styles    the text of each <style>, and the <title>;
  shell     everything else: reveal.js, its settings, the talk clock. When the shell changes the
            page must reload; when only slides, styles or title change, update() says which.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

PICTURES_PATH = "/__confdeck/pictures/"
PICTURE_NAME = re.compile(r"[0-9a-f]{32}")
# Only big ones move out: a small data: URI costs less inline than a request of its own.
DATA_URI = re.compile(rb"data:([a-z]+/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]{4096,}={0,2})")
SLIDES_START = re.compile(rb'<div class="slides">')
SECTION_TAG = re.compile(rb"<(/?)section\b[^>]*>")
# (the text as runs of "not <", not a lazy .*?: that steps through 50 kB of CSS one byte at a time)
STYLE = re.compile(rb"(<style\b[^>]*>)([^<]*(?:<(?!/style>)[^<]*)*)(</style>)")
TITLE = re.compile(rb"(<title>)(.*?)(</title>)", re.S)
KEPT_BUILDS = 16  # an open page more builds behind than this reloads


@dataclass
class Picture:
    mime: str
    base64: bytes

    @property
    def data(self) -> bytes:
        import base64
        return base64.b64decode(self.base64)


@dataclass
class DeckParts:
    page: bytes                                   # the deck as served: pictures by address
    pictures: dict[str, Picture] = field(default_factory=dict)
    shell: bytes | None = None                    # None: not cut into slides; every change reloads
    styles: list[str] = field(default_factory=list)
    title: str = ""
    slides: list[str] = field(default_factory=list)


def _move_pictures(page: bytes, pictures: dict[str, Picture]) -> bytes:
    def moved(match: re.Match) -> bytes:
        # The base64 text names the picture: hashing it is cheaper than decoding it.
        name = hashlib.blake2b(match.group(2), digest_size=16).hexdigest()
        pictures.setdefault(name, Picture(match.group(1).decode("ascii"), match.group(2)))
        return (PICTURES_PATH + name).encode("ascii")
    return DATA_URI.sub(moved, page)


def _slide_spans(page: bytes) -> tuple[int, int, list[tuple[int, int]]] | None:
    """Where the slides are: (start, end) of the slides' container contents and of each top-level section.

    None when the page does not have the plain shape the deck template writes (sections side by
    side, nothing but white space between them): then every save reloads, which is always right.
    """
    start = SLIDES_START.search(page)
    if start is None:
        return None
    at = start.end()
    spans: list[tuple[int, int]] = []
    depth, opened = 0, at
    for tag in SECTION_TAG.finditer(page, at):
        if depth == 0:
            if page[at:tag.start()].strip():
                break  # the end of the slides' container
            if tag.group(1):
                return None
            opened = tag.start()
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            spans.append((opened, tag.end()))
            at = tag.end()
    if depth != 0 or not page[at:].lstrip().startswith(b"</div>"):
        return None
    return start.end(), at, spans


def cut(built: bytes) -> DeckParts:
    pictures: dict[str, Picture] = {}
    page = _move_pictures(built, pictures)
    parts = DeckParts(page=page, pictures=pictures)
    where = _slide_spans(page)
    if where is None:
        return parts
    begin, end, spans = where
    parts.slides = [page[a:b].decode("utf-8") for a, b in spans]
    # Styles and title are looked for before the slides only: the scripts after them may well
    # hold the text "<style>" in a string.
    head = page[:begin]
    parts.styles = [m.group(2).decode("utf-8") for m in STYLE.finditer(head)]
    title = TITLE.search(head)
    parts.title = html.unescape(title.group(2).decode("utf-8")) if title else ""
    parts.shell = TITLE.sub(rb"\1\3", STYLE.sub(rb"\1\3", head), count=1) + page[end:]
    return parts


def update(old: DeckParts | None, new: DeckParts) -> dict:
    """What turns a page showing `old` into one showing `new`, or {"reload": True}.

    slides: for each new slide, the index of the same slide in the old page (kept as it is, with
    its decoded pictures), or its HTML. styles: null for each style that did not change.
    """
    if (old is None or old.shell is None or new.shell is None or old.shell != new.shell
            or len(old.styles) != len(new.styles)):
        return {"reload": True}
    index: dict[str, int] = {}
    for number, slide in enumerate(old.slides):
        index.setdefault(slide, number)
    return {
        "reload": False,
        "before": len(old.slides),
        "slides": [index.get(slide, slide) for slide in new.slides],
        "styles": [None if was == now else now for was, now in zip(old.styles, new.styles)],
        "title": new.title,
    }
