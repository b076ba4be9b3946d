"""Inline Markdown in plain-text inputs (abstracts use `code` and _emphasis_) → runs."""
from __future__ import annotations

import re
from dataclasses import replace

import marko
from marko import block
from marko.ext.gfm import GFM

from confdeck.model import Run

# Text that would open a block (list, heading, quote …) is escaped: the sentence is inline only.
_BLOCK_START = re.compile(r"^(\s*)([-+*>#=|]|\d+[.)])")
_PARSER = marko.Markdown(extensions=[GFM])


def inline_runs(text: str) -> list[Run]:
    """Formatted runs of one line of inline Markdown; the plain text if it is not Markdown."""
    from confdeck.read.markdown import MarkdownReader

    source = _BLOCK_START.sub(lambda m: m.group(1) + "".join("\\" + c if not c.isdigit() else c
                                                              for c in m.group(2)), text.strip(), count=1)
    document = _PARSER.parse(source.replace("\n", " "))
    paragraphs = [child for child in document.children if isinstance(child, block.Paragraph)]
    if len(paragraphs) != 1:
        return [Run(text.strip())]
    runs = MarkdownReader("", "<inline>").runs(paragraphs[0])
    return _html_as_text(runs) or [Run(text.strip())]


def _html_as_text(runs: list[Run]) -> list[Run]:
    """Plain-text inputs hold no HTML: a `<script>` in an abstract is text to show, not markup to filter."""
    from confdeck.read.markdown import _same_style

    merged: list[Run] = []
    for run in runs:
        run = replace(run, html=False) if run.html else run
        if merged and _same_style(merged[-1], run):
            merged[-1] = replace(merged[-1], text=merged[-1].text + run.text)
        else:
            merged.append(run)
    return merged
