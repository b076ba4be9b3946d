"""Inline HTML tags in notes (`<b>`, `<br>`, `<a href>` …) → formatting on plain runs.

The reader keeps each inline tag as a Run with html=True. Where HTML cannot be
shown (PowerPoint, titles, plain text) the tags become bold/italic/code/strike/
line breaks/links; everything else is dropped, and the content of script-like
elements disappears with them, so no markup or script text leaks into a slide.
"""
from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from confdeck.model import Run

STYLE_TAGS = {
    "b": {"bold": True}, "strong": {"bold": True},
    "i": {"italic": True}, "em": {"italic": True}, "cite": {"italic": True},
    "s": {"strike": True}, "del": {"strike": True}, "strike": {"strike": True},
    "code": {"code": True}, "kbd": {"code": True}, "tt": {"code": True}, "samp": {"code": True},
    "mark": {"highlight": True},
}
# Elements whose content is not text a reader should see (scripts, styles, embedded documents).
HIDDEN_TAGS = {"script", "style", "template", "iframe", "object", "embed", "noscript", "noembed",
               "noframes", "textarea", "title", "svg", "math", "xmp", "plaintext", "head"}
VOID_TAGS = {"br", "img", "hr", "wbr", "input", "meta", "link", "area", "base", "col", "embed",
             "param", "source", "track"}


class _TagReader(HTMLParser):
    """Parses an HTML fragment into ("start"|"end", name, attrs) and ("text", data, {}) events."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID_TAGS:
            self.events.append(("end", tag, {}))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, {}))

    def handle_data(self, data):
        self.events.append(("text", data, {}))


def _events(markup: str) -> list[tuple[str, str, dict]]:
    reader = _TagReader()
    reader.feed(markup)
    reader.close()
    return reader.events


def resolve_inline_html(runs: list[Run]) -> list[Run]:
    """Runs without raw HTML: supported tags turned into formatting, the rest dropped."""
    if not any(run.html for run in runs):
        return runs
    out: list[Run] = []
    open_tags: list[tuple[str, dict]] = []   # (tag, style it adds)
    hidden = 0
    for run in runs:
        if not run.html:
            if hidden:
                continue
            style: dict = {}
            for _, added in open_tags:
                style.update(added)
            out.append(replace(run, **style) if style else run)
            continue
        for kind, tag, attrs in _events(run.text):
            if kind == "text":
                if not hidden and tag:
                    style = {"html": False}
                    for _, added in open_tags:
                        style.update(added)
                    out.append(replace(run, text=" ".join(tag.split("\n")), **style))
            elif kind == "start":
                if tag in HIDDEN_TAGS and tag not in VOID_TAGS:
                    hidden += 1
                elif tag == "br" and not hidden:
                    out.append(replace(run, text="\n", html=False))
                elif tag in STYLE_TAGS:
                    open_tags.append((tag, STYLE_TAGS[tag]))
                elif tag == "a":
                    open_tags.append((tag, {"href": attrs.get("href")} if attrs.get("href") else {}))
            else:
                if tag in HIDDEN_TAGS and hidden:
                    hidden -= 1
                    continue
                for index in range(len(open_tags) - 1, -1, -1):
                    if open_tags[index][0] == tag:
                        del open_tags[index:]
                        break
    # A dropped element leaves the spaces on both sides of it; keep one, as a browser would show.
    for index in range(1, len(out)):
        if out[index - 1].text.endswith(" ") and out[index].text.startswith(" "):
            out[index] = replace(out[index], text=out[index].text.lstrip(" "))
    # A dropped tag at either end leaves the space that separated it from the text.
    if out:
        out[0] = replace(out[0], text=out[0].text.lstrip(" "))
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(" "))
    return [run for run in out if run.text]
