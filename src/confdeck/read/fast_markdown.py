"""Markdown → marko's element tree, parsed by pulldown-cmark (pyromark) instead of marko's own parser.

marko parses about 5,000 lines a second; a 1000-slide outline (18,000 lines)
took three seconds before anything was drawn. pulldown-cmark, a CommonMark
parser in Rust, reads the same file in a few hundredths of a second. The reader
keeps walking marko's element classes; this module builds them from
pulldown-cmark's events, and keeps the GFM habits of marko's extension where
pulldown-cmark differs: bare `https://…` and `www.` addresses become links
(through marko's own Url pattern) and a paragraph starting `[ ]`/`[x]` is a
task item wherever it is. CONFDECK_MARKDOWN=marko parses with marko itself
(the tests read every sample both ways and compare the decks).
"""
from __future__ import annotations

import bisect
import os
from typing import Any

import pyromark
from marko import block, inline
from marko.ext.gfm import elements as gfm

MARKO_ENV = "CONFDECK_MARKDOWN"
_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
            | pyromark.Options.ENABLE_TASKLISTS)
_ALIGN = {"Left": "left", "Right": "right", "Center": "center"}


def use_marko() -> bool:
    return os.environ.get(MARKO_ENV, "").lower() == "marko"


def _new(cls, **attributes):
    """A marko element without running marko's parser in its constructor."""
    element = cls.__new__(cls)
    element.__dict__.update(attributes)
    return element


class _Offsets:
    """pulldown-cmark reports byte offsets; marko (and the reader) count characters."""

    def __init__(self, text: str):
        self.encoded = text.encode("utf-8")
        self.identity = len(self.encoded) == len(text)
        if not self.identity:
            self.byte_starts = [0] + [i + 1 for i, b in enumerate(self.encoded) if b == 10]
            self.char_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def char(self, byte_offset: int) -> int:
        # A nested item indented with a tab is reported from the end of the line before it.
        while self.encoded[byte_offset:byte_offset + 1] == b"\n":
            byte_offset += 1
        if self.identity:
            return byte_offset
        line = bisect.bisect_right(self.byte_starts, byte_offset) - 1
        return self.char_starts[line]   # the reader only needs the line


class _Builder:
    def __init__(self, text: str):
        self.offsets = _Offsets(text)
        self.document = _new(block.Document, children=[], source_span=(0, len(text)), link_ref_defs={})
        self.blocks: list[Any] = [self.document]      # open block containers
        self.inlines: list[Any] = []                  # open inline containers (innermost last)
        self.pending_check: bool | None = None        # a task marker waiting for its paragraph
        self.marker_text = ""
        self.item_start = 0
        self.link_depth = 0
        self.code: list[str] | None = None
        self.html: list[str] | None = None
        # pulldown-cmark splits text at every `~`, `[`, `_` or entity; the pieces wait here and become
        # one RawText when another event comes (one element instead of several, nothing left to merge).
        self.pending_text: list[str] = []
        self.pending_start = 0

    # -- blocks ------------------------------------------------------------

    def open_block(self, element, start: int) -> None:
        self.close_implicit_paragraph()
        element.source_span = (self.offsets.char(start), None)
        self.blocks[-1].children.append(element)
        self.blocks.append(element)

    def close_block(self) -> Any:
        self.close_implicit_paragraph()
        return self.blocks.pop()

    def open_paragraph(self, start: int, implicit: bool = False) -> None:
        paragraph = _new(block.Paragraph, children=[], _implicit=implicit, _raw_start=start)
        if self.pending_check is not None:
            paragraph.checked, self.pending_check = self.pending_check, None
        self.open_block(paragraph, start)
        self.inlines = [paragraph]

    def close_paragraph(self, end: int | None = None) -> None:
        paragraph = self.blocks.pop()
        del paragraph.__dict__["_implicit"]
        raw_start = paragraph.__dict__.pop("_raw_start")
        _finish_inline(paragraph)
        # marko matches the marker on the source text: an escaped `\[x]` is no task.
        source = self.offsets.encoded
        checked = getattr(paragraph, "checked", None)
        if checked is None and source[raw_start:raw_start + 1] == b"[":
            # marko matches the marker on the source text (so an escaped `\[x]` is no task).
            window = source[raw_start:end if end is not None else raw_start + 80]
            if end is None:   # a paragraph without its own end (tight list item): its first line
                window = window.split(b"\n", 1)[0]
            _task_marker(paragraph, window.decode("utf-8", "ignore"))
        elif checked is not None and not any(_has_text(child) for child in paragraph.children):
            # A marker with nothing after it is text to marko: `- [ ]` is an item reading "[ ]".
            del paragraph.checked
            paragraph.children.insert(0, _new(inline.RawText, children=self.marker_text, escape=True))
        self.inlines = []

    def close_implicit_paragraph(self) -> None:
        top = self.blocks[-1]
        if isinstance(top, block.Paragraph) and top.__dict__.get("_implicit"):
            self.close_paragraph()

    def inline_parent(self, start: int):
        if not self.inlines:  # text straight inside a tight list item: marko gives it a paragraph
            self.open_paragraph(start, implicit=True)
        return self.inlines[-1]

    # -- events ------------------------------------------------------------

    def start(self, kind, value, start: int) -> None:
        if kind == "Paragraph":
            self.open_paragraph(start)
        elif kind == "Heading":
            heading = _new(block.Heading, level=int(value["level"][1:]), children=[])
            self.open_block(heading, start)
            self.inlines = [heading]
        elif kind == "List":
            ordered = value is not None
            self.open_block(_new(block.List, children=[], ordered=ordered, start=value if ordered else 1,
                                 tight=True, bullet=""), start)
        elif kind == "Item":
            self.open_block(_new(block.ListItem, children=[]), start)
            self.item_start = start
        elif kind == "BlockQuote":
            self.open_block(_new(block.Quote, children=[]), start)
        elif kind == "CodeBlock":
            if isinstance(value, dict) and "Fenced" in value:
                info = value["Fenced"].strip()
                lang, _, extra = info.partition(" ")
                element = _new(block.FencedCode, children=[], lang=lang, extra=extra.strip())
            else:
                element = _new(block.CodeBlock, children=[], lang="", extra="")
            self.open_block(element, start)
            self.code = []
        elif kind == "HtmlBlock":
            self.open_block(_new(block.HTMLBlock, body=""), start)
            self.html = []
        elif kind == "Table":
            self.open_block(_new(gfm.Table, children=[], delimiters=[], _align=[_ALIGN.get(a) for a in value]),
                            start)
        elif kind in ("TableHead", "TableRow"):
            self.open_block(_new(gfm.TableRow, children=[], _head=kind == "TableHead"), start)
        elif kind == "TableCell":
            row = self.blocks[-1]
            table = self.blocks[-2]
            column = len(row.children)
            align = table._align[column] if column < len(table._align) else None
            cell = _new(gfm.TableCell, children=[], align=align, header=row._head)
            self.open_block(cell, start)
            self.inlines = [cell]
        elif kind == "Emphasis":
            self._open_inline(_new(inline.Emphasis, children=[]), start)
        elif kind == "Strong":
            self._open_inline(_new(inline.StrongEmphasis, children=[]), start)
        elif kind == "Strikethrough":
            self._open_inline(_new(gfm.Strikethrough, children=[]), start)
        elif kind == "Link":
            dest, link_type = value["dest_url"], value["link_type"]
            if link_type in ("Autolink", "Email"):
                element = _new(inline.AutoLink, children=[], title="",
                               dest=("mailto:" + dest) if link_type == "Email" else dest)
            else:
                element = _new(inline.Link, children=[], dest=dest, title=value["title"] or None)
            self._open_inline(element, start)
            self.link_depth += 1
        elif kind == "Image":
            self._open_inline(_new(inline.Image, children=[], dest=value["dest_url"], title=value["title"] or None),
                              start)
            self.link_depth += 1
        elif kind in ("FootnoteDefinition", "DefinitionList", "MetadataBlock"):
            self.open_block(_new(block.Paragraph, children=[]), start)   # options we do not enable
            self.inlines = [self.blocks[-1]]
        else:
            raise ValueError(f"unexpected Markdown event: {kind}")

    def _open_inline(self, element, start: int) -> None:
        self.inline_parent(start).children.append(element)
        self.inlines.append(element)

    def end(self, kind, end: int) -> None:
        if kind in ("Emphasis", "Strong", "Strikethrough", "Link", "Image"):
            element = self.inlines.pop()
            _finish_inline(element, links=kind not in ("Link", "Image"))
            if kind in ("Link", "Image"):
                self.link_depth -= 1
            return
        if kind == "Paragraph":
            self.close_paragraph(end)
        elif kind in ("Heading", "TableCell"):
            element = self.blocks.pop()
            _finish_inline(element)
            self.inlines = []
        elif kind == "CodeBlock":
            element = self.close_block()
            element.children = [_new(inline.RawText, children="".join(self.code), escape=False)]
            self.code = None
        elif kind == "HtmlBlock":
            element = self.close_block()
            element.body = "".join(self.html)
            self.html = None
        elif kind == "Item":
            if self.pending_check is not None:   # `- [ ]` and nothing else: marko reads the text "[ ]"
                self.pending_check = None
                self.text(self.marker_text, self.item_start)
                self.flush_text()
            self.close_block()
        else:
            self.close_block()

    def text(self, text: str, start: int) -> None:
        if self.code is not None:
            self.code.append(text)
        elif self.html is not None:
            self.html.append(text)
        else:
            if not self.pending_text:
                self.pending_start = start
            self.pending_text.append(text)

    def flush_text(self) -> None:
        """The waiting text pieces become one RawText in the open inline container."""
        pieces = self.pending_text
        joined = pieces[0] if len(pieces) == 1 else "".join(pieces)
        pieces.clear()
        self.inline_parent(self.pending_start).children.append(_raw_text(joined))

    def leaf(self, kind, value, start: int, end: int) -> None:
        if kind == "Text":
            self.text(value, start)
        elif kind == "Code":
            self.inline_parent(start).children.append(_new(inline.CodeSpan, children=value))
        elif kind in ("InlineHtml", "Html"):
            if self.html is not None:
                self.html.append(value)
            else:
                self.inline_parent(start).children.append(_new(inline.InlineHTML, children=value))
        elif kind == "SoftBreak":
            self.inline_parent(start).children.append(_new(inline.LineBreak, soft=True, children="\n"))
        elif kind == "HardBreak":
            raw = self.offsets.encoded[start:end]
            parent = self.inline_parent(start)
            if not raw.startswith((b"  ", b"\\")):   # e.g. a tab before the newline: soft to marko
                parent.children.append(_new(inline.RawText, children=raw.rstrip(b"\n").decode("utf-8"), escape=True))
            parent.children.append(_new(inline.LineBreak, soft=not raw.startswith((b"  ", b"\\")), children="\n"))
        elif kind == "Rule":
            self.open_block(_new(block.ThematicBreak), start)
            self.blocks.pop()
        elif kind == "TaskListMarker":
            self.marker_text = self.offsets.encoded[start:end].decode("utf-8")
            self.pending_check = bool(value)
            top = self.blocks[-1]
            if isinstance(top, block.Paragraph) and not top.children:
                top.checked, self.pending_check = self.pending_check, None
        else:
            raise ValueError(f"unexpected Markdown event: {kind}")


def _raw_text(text: str):
    """marko's RawText, made without its constructor (the hottest allocation of the parse)."""
    element = _make(inline.RawText)
    element.children = text
    element.escape = True
    return element


_make = object.__new__


def _finish_inline(element, links: bool = True) -> None:
    """Join neighbouring text pieces; find bare addresses the way marko's GFM does (not inside links)."""
    merged: list = []
    for child in element.children:
        if isinstance(child, inline.RawText) and merged and type(merged[-1]) is inline.RawText:
            merged[-1].children += child.children
        else:
            merged.append(child)
    if links and not isinstance(element, (inline.Link, inline.AutoLink, inline.Image)):
        merged = [piece for child in merged for piece in
                  (_bare_links(child) if type(child) is inline.RawText else [child])]
    element.children = merged


def _bare_links(text_element) -> list:
    text = text_element.children
    if "www." not in text and "://" not in text and "@" not in text:
        return [text_element]
    matches = sorted(gfm.Url.find(text, source=None), key=lambda m: m.start())
    pieces, at = [], 0
    for match in matches:
        if match.start() < at:
            continue
        if match.start() > at:
            pieces.append(_new(inline.RawText, children=text[at:match.start()], escape=True))
        pieces.append(gfm.Url(match))   # marko's own constructor: the same dest and label
        at = match.end()
    if at < len(text):
        pieces.append(_new(inline.RawText, children=text[at:], escape=True))
    return pieces


def _task_marker(paragraph, source: str) -> None:
    """marko's GFM reads `[ ] text` / `[x] text` at the start of any paragraph as a task item."""
    first = paragraph.children[0] if paragraph.children else None
    match = gfm.Paragraph._task_list_item_pattern.match(source)
    if match and type(first) is inline.RawText and first.children.startswith(match.group(1)):
        paragraph.checked = match.group(1)[1:-1].lower() == "x"
        first.children = first.children[match.end(1):]


def _has_text(element) -> bool:
    children = getattr(element, "children", None)
    if isinstance(children, str):
        return bool(children.strip())
    return bool(children) and any(_has_text(child) for child in children)


def parse(text: str) -> block.Document:
    """The document's marko element tree, parsed by pulldown-cmark."""
    builder = _Builder(text)
    pending = builder.pending_text
    for event, span in pyromark.events_with_range(text, options=_OPTIONS):
        start = span["start"]
        if type(event) is dict and "Text" in event:     # the commonest event, kept short
            builder.text(event["Text"], start)
            continue
        if pending:
            builder.flush_text()
        if isinstance(event, str):                      # SoftBreak, HardBreak, Rule
            builder.leaf(event, None, start, span["end"])
            continue
        (kind, value), = event.items()
        if kind == "Start":
            if isinstance(value, str):
                builder.start(value, None, start)
            else:
                (name, detail), = value.items()
                builder.start(name, detail, start)
        elif kind == "End":
            builder.end(value if isinstance(value, str) else next(iter(value)), span["end"])
        else:
            builder.leaf(kind, value, start, span["end"])
    if pending:
        builder.flush_text()
    return builder.document
