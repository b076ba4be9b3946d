"""Shared by the safety tests: build notes in-process and look inside what came out."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree
from pptx import Presentation

from confdeck.cli import main


@dataclass
class Built:
    code: int
    out: str
    err: str
    outdir: Path

    @property
    def pptx(self) -> Path:
        return self.outdir / "notes.pptx"

    @property
    def html(self) -> Path:
        return self.outdir / "notes.html"

    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error: ")]

    def warning_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("warning: ")]


def build(folder: Path, notes: str | bytes | None, *args: str, capsys, monkeypatch, name: str = "notes.md") -> Built:
    """Write the notes into `folder` and run `confdeck build` there, as a user in that folder would."""
    monkeypatch.chdir(folder)
    if notes is not None:
        path = folder / name
        path.write_bytes(notes if isinstance(notes, bytes) else notes.encode("utf-8"))
    capsys.readouterr()
    code = main(["build", name, "-o", "out", *args])
    captured = capsys.readouterr()
    return Built(code, captured.out, captured.err, folder / "out")


def xml_parts(pptx: Path) -> dict[str, etree._Element]:
    """Every XML part of a .pptx, parsed (a part that does not parse raises)."""
    with zipfile.ZipFile(pptx) as archive:
        return {name: etree.fromstring(archive.read(name))
                for name in archive.namelist() if name.endswith((".xml", ".rels"))}


def pptx_texts(pptx: Path) -> list[str]:
    """Re-open with python-pptx: every text frame, table cell and notes page, in order."""
    texts = []
    for slide in Presentation(str(pptx)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def hyperlink_targets(pptx: Path) -> list[str]:
    targets = []
    for name, root in xml_parts(pptx).items():
        if name.endswith(".rels"):
            targets += [rel.get("Target") for rel in root if rel.get("Type", "").endswith("/hyperlink")]
    return targets


# Tags raw HTML from notes may keep (confdeck's own markup puts style= on tables, sections … itself).
NOTES_TAGS = {"b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "br", "code", "kbd",
              "span", "p", "ul", "ol", "li", "a", "abbr", "q", "cite"}


class HtmlFacts(HTMLParser):
    """What a browser would act on in the HTML deck: tags, event handlers, link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_slides = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.urls.append(value)
            if name == "style" and tag in NOTES_TAGS:
                self.styles.append(f"{tag}: {value}")

    def handle_data(self, data):
        self.text.append(data)


def html_facts(html: str) -> HtmlFacts:
    facts = HtmlFacts()
    facts.feed(html)
    facts.close()
    return facts
