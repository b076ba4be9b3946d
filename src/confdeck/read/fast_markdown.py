"""Markdown → marko's element tree, parsed by pulldown-cmark (pyromark) instead of marko's own parser.

marko parses about 5,000 lines a second; a 1000-slide outline (18,000 lines)
took three seconds before anything was drawn. pulldown-cmark, a CommonMark
parser in Rust, reads the same file in a few hundredths of a second. The reader
keeps walking marko's element classes; this module builds them from
pulldown-cmark's events, and keeps the GFM habits of marko's extension where
pulldown-cmark differs: bare `https://…` and `www.` addresses become links
(through marko's own Url pattern) and a paragraph starting `[ ]`/`[x]` is a
task item wherever it is. The tests read every sample with marko's own parser too and
compare the decks.
"""
from __future__ import annotations

import bisect
from typing import Any

import pyromark
from marko import block, inline
from marko.ext.gfm import elements as gfm

_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
            | pyromark.Options.ENABLE_TASKLISTS)
_ALIGN = {"Left": "left", "Right": "right", "Center": "center"}


def _new(cls, **attributes):
    """A marko element without running marko's parser in its constructor."""
    element = cls.__new__(cls)
    element.__dict__.update(attributes)
    return element


def _container(cls):
    """An element of cls with no children yet: _new for the commonest elements, without the keywords."""
    element = _make(cls)
    element.children = []
    return element


_make = object.__new__


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
        encoded = self.encoded
        while byte_offset < len(encoded) and encoded[byte_offset] == 10:
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
        # Paragraphs hold no blocks, so at most one is open: where its source starts, and whether it is
        # one we opened ourselves for text straight inside a tight list item (closed by the next block).
        self.paragraph_start = 0
        self.implicit_open = False

    # -- blocks ------------------------------------------------------------

    def open_block(self, element, start: int) -> None:
        if self.implicit_open:
            self.close_paragraph()
        offsets = self.offsets
        if offsets.identity and start < len(offsets.encoded) and offsets.encoded[start] != 10:
            element.source_span = (start, None)    # ASCII text, the offset is the position (char() says so)
        else:
            element.source_span = (offsets.char(start), None)
        self.blocks[-1].children.append(element)
        self.blocks.append(element)

    def close_block(self) -> Any:
        if self.implicit_open:
            self.close_paragraph()
        return self.blocks.pop()

    def open_paragraph(self, start: int, implicit: bool = False) -> None:
        paragraph = _container(block.Paragraph)
        if self.pending_check is not None:
            paragraph.checked, self.pending_check = self.pending_check, None
        self.open_block(paragraph, start)
        self.paragraph_start, self.implicit_open = start, implicit
        self.inlines = [paragraph]

    def close_paragraph(self, end: int | None = None) -> None:
        paragraph = self.blocks.pop()
        self.implicit_open = False
        raw_start = self.paragraph_start
        _finish_inline(paragraph)
        source = self.offsets.encoded
        checked = paragraph.__dict__.get("checked")   # only ever set on the element itself
        if checked is None and source.startswith(b"[", raw_start):
            # marko matches the marker on the source text (so an escaped `\[x]` is no task).
            window = source[raw_start:end if end is not None else raw_start + 80]
            if end is None:   # a paragraph without its own end (tight list item): its first line
                window = window.split(b"\n", 1)[0]
            _task_marker(paragraph, window.decode("utf-8", "ignore"))
        elif checked is not None and not any(_has_text(child) for child in paragraph.children):
            # A marker with nothing after it is text to marko: `- [ ]` is an item reading "[ ]".
            del paragraph.checked
            paragraph.children.insert(0, _raw_text(self.marker_text))
        self.inlines = []

    def inline_parent(self, start: int):
        if not self.inlines:  # text straight inside a tight list item: marko gives it a paragraph
            self.open_paragraph(start, implicit=True)
        return self.inlines[-1]

    # -- start events (one method per kind, looked up in _STARTS) ------------

    def start_paragraph(self, value, start: int) -> None:
        self.open_paragraph(start)

    def start_heading(self, value, start: int) -> None:
        heading = _new(block.Heading, level=int(value["level"][1:]), children=[])
        self.open_block(heading, start)
        self.inlines = [heading]

    def start_list(self, value, start: int) -> None:
        ordered = value is not None
        self.open_block(_new(block.List, children=[], ordered=ordered, start=value if ordered else 1,
                             tight=True, bullet=""), start)

    def start_item(self, value, start: int) -> None:
        self.open_block(_container(block.ListItem), start)
        self.item_start = start

    def start_quote(self, value, start: int) -> None:
        self.open_block(_new(block.Quote, children=[]), start)

    def start_code(self, value, start: int) -> None:
        if isinstance(value, dict) and "Fenced" in value:
            info = value["Fenced"].strip()
            lang, _, extra = info.partition(" ")
            element = _new(block.FencedCode, children=[], lang=lang, extra=extra.strip())
        else:
            element = _new(block.CodeBlock, children=[], lang="", extra="")
        self.open_block(element, start)
        self.code = []

    def start_html(self, value, start: int) -> None:
        self.open_block(_new(block.HTMLBlock, body=""), start)
        self.html = []

    def start_table(self, value, start: int) -> None:
        self.open_block(_new(gfm.Table, children=[], delimiters=[], _align=[_ALIGN.get(a) for a in value]), start)

    def start_row(self, value, start: int, head: bool = False) -> None:
        self.open_block(_new(gfm.TableRow, children=[], _head=head), start)

    def start_cell(self, value, start: int) -> None:
        row = self.blocks[-1]
        table = self.blocks[-2]
        column = len(row.children)
        align = table._align[column] if column < len(table._align) else None
        cell = _new(gfm.TableCell, children=[], align=align, header=row._head)
        self.open_block(cell, start)
        self.inlines = [cell]

    def start_emphasis(self, value, start: int) -> None:
        self._open_inline(_container(inline.Emphasis), start)

    def start_strong(self, value, start: int) -> None:
        self._open_inline(_container(inline.StrongEmphasis), start)

    def start_strike(self, value, start: int) -> None:
        self._open_inline(_container(gfm.Strikethrough), start)

    def start_link(self, value, start: int) -> None:
        dest, link_type = value["dest_url"], value["link_type"]
        if link_type in ("Autolink", "Email"):
            element = _new(inline.AutoLink, children=[], title="",
                           dest=("mailto:" + dest) if link_type == "Email" else dest)
        else:
            element = _new(inline.Link, children=[], dest=dest, title=value["title"] or None)
        self._open_inline(element, start)
        self.link_depth += 1

    def start_image(self, value, start: int) -> None:
        self._open_inline(_new(inline.Image, children=[], dest=value["dest_url"], title=value["title"] or None),
                          start)
        self.link_depth += 1

    def start_unused(self, value, start: int) -> None:
        self.open_block(_new(block.Paragraph, children=[]), start)   # options we do not enable
        self.inlines = [self.blocks[-1]]

    def start_head(self, value, start: int) -> None:
        self.start_row(value, start, head=True)

    def _open_inline(self, element, start: int) -> None:
        self.inline_parent(start).children.append(element)
        self.inlines.append(element)

    # -- end, text and leaf events ------------------------------------------

    def end(self, kind, end: int) -> None:
        if kind in _INLINE_CONTAINERS:
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
        element = _make(inline.RawText)        # _raw_text, written out: this runs for every text
        element.children = pieces[0] if len(pieces) == 1 else "".join(pieces)
        element.escape = True
        pieces.clear()
        parent = self.inlines[-1] if self.inlines else self.inline_parent(self.pending_start)
        parent.children.append(element)

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
                parent.children.append(_raw_text(raw.rstrip(b"\n").decode("utf-8")))
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


# Start events by kind. Plain functions, not bound methods kept on the builder: those would make a
# reference cycle that keeps the whole tree alive until the cyclic collector runs.
_STARTS = {
    "Paragraph": _Builder.start_paragraph, "Heading": _Builder.start_heading, "List": _Builder.start_list,
    "Item": _Builder.start_item, "BlockQuote": _Builder.start_quote, "CodeBlock": _Builder.start_code,
    "HtmlBlock": _Builder.start_html, "Table": _Builder.start_table, "TableHead": _Builder.start_head,
    "TableRow": _Builder.start_row, "TableCell": _Builder.start_cell, "Emphasis": _Builder.start_emphasis,
    "Strong": _Builder.start_strong, "Strikethrough": _Builder.start_strike, "Link": _Builder.start_link,
    "Image": _Builder.start_image, "FootnoteDefinition": _Builder.start_unused,
    "DefinitionList": _Builder.start_unused, "MetadataBlock": _Builder.start_unused,
}
_INLINE_CONTAINERS = frozenset(("Emphasis", "Strong", "Strikethrough", "Link", "Image"))


def _raw_text(text: str):
    """marko's RawText, made without its constructor (the commonest element of the tree)."""
    element = _make(inline.RawText)
    element.children = text
    element.escape = True
    return element


def _finish_inline(element, links: bool = True) -> None:
    """Join neighbouring text pieces; find bare addresses the way marko's GFM does (not inside links)."""
    raw_text = inline.RawText
    find_links = links and not isinstance(element, (inline.Link, inline.AutoLink, inline.Image))
    # Most containers need neither (text arrives joined, few hold an address): one look before rebuilding.
    touching = address = previous_is_text = False
    for child in element.children:
        if type(child) is raw_text:
            touching = touching or previous_is_text
            if find_links and not address:
                text = child.children   # _may_hold_address, written out: it runs for every text
                address = "www." in text or "://" in text or "@" in text
            previous_is_text = True
        else:
            previous_is_text = False
    if touching:
        merged: list = []
        for child in element.children:
            if type(child) is raw_text and merged and type(merged[-1]) is raw_text:
                merged[-1].children += child.children
            else:
                merged.append(child)
        element.children = merged
        address = find_links and any(type(child) is raw_text and _may_hold_address(child.children)
                                     for child in merged)
    if address:
        element.children = [piece for child in element.children for piece in
                            (_bare_links(child) if type(child) is raw_text else [child])]


def _may_hold_address(text: str) -> bool:
    return "www." in text or "://" in text or "@" in text


def _bare_links(text_element) -> list:
    text = text_element.children
    if not _may_hold_address(text):
        return [text_element]
    matches = sorted(gfm.Url.find(text, source=None), key=lambda m: m.start())
    pieces, at = [], 0
    for match in matches:
        if match.start() < at:
            continue
        if match.start() > at:
            pieces.append(_raw_text(text[at:match.start()]))
        pieces.append(gfm.Url(match))   # marko's own constructor: the same dest and label
        at = match.end()
    if at < len(text):
        pieces.append(_raw_text(text[at:]))
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
        if type(event) is str:                          # SoftBreak, HardBreak, Rule
            kind = event
        else:
            (kind, value), = event.items()
            if kind == "Text" and builder.code is None and builder.html is None:   # the commonest event
                if not pending:
                    builder.pending_start = span["start"]
                pending.append(value)
                continue
        if pending:
            builder.flush_text()
        if kind == "Start":
            if type(value) is str:
                name, detail = value, None
            else:
                (name, detail), = value.items()
            handler = _STARTS.get(name)
            if handler is None:
                raise ValueError(f"unexpected Markdown event: {name}")
            handler(builder, detail, span["start"])
        elif kind == "End":
            builder.end(value if type(value) is str else next(iter(value)), span["end"])
        elif kind is event:
            builder.leaf(kind, None, span["start"], span["end"])
        else:
            builder.leaf(kind, value, span["start"], span["end"])
    if pending:
        builder.flush_text()
    return builder.document
