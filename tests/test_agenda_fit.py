"""The agenda is measured with the text it shows, takes at most two pages, and only appears when it helps."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from conftest import run_confdeck
from fitting import FIT_DIR

from confdeck.build import BuildOptions, render_deck
from confdeck.model import BulletList, ListItem, plain_text
from confdeck.plan.agenda import agenda_row
from confdeck.plan.heights import Heights
from confdeck.plan.measure import Fonts


def planned_deck(notes: Path, template: str | None = None):
    return render_deck(notes, BuildOptions(formats=(), template=template)).planned


def agenda_pages(planned):
    return [slide for slide in planned.slides if slide.kind == "agenda"]


def agenda_items(planned) -> list[str]:
    return [plain_text(item.runs) for slide in agenda_pages(planned) for block in slide.blocks
            if isinstance(block, BulletList) for item in block.items]


def test_wrapping_agenda_is_measured_with_its_final_text(tmp_path):
    from confdeck.look import resolve_look
    from confdeck.templates import load_template

    planned = planned_deck(FIT_DIR / "agenda12.md")
    pages = agenda_pages(planned)
    assert 1 <= len(pages) <= 2
    titles = [section.title for section in planned.deck.sections]
    items = agenda_items(planned)
    assert len(items) == 12
    for item, title in zip(items, titles):
        assert title in item
    # The empty section (sixth) shows no "~0 min"; the others show their length.
    assert "min" not in items[5] and "~0" not in " ".join(items)
    assert all("min" in item for index, item in enumerate(items) if index != 5)
    # Each page's rows, measured as they are drawn (each name wraps between the time column and the
    # length column), fit the body box.
    look = resolve_look(load_template(None))
    geometry = look.geometry
    for page in pages:
        time_column, length_column = page.agenda_columns
        assert 0.5 < time_column < 2 and 0.5 < length_column < 2, page.agenda_columns
        between = replace(geometry, bullet_indent_in=time_column + length_column)
        heights = Heights(between, Fonts.from_config(look.fonts))
        names = BulletList([ListItem(agenda_row(item)[1]) for block in page.blocks for item in block.items])
        used = heights.block_height(names, geometry.body_width_in)
        assert used <= geometry.body_height_in * 72, (page.title, used)

    # The .pptx: the agenda pages carry the same items, in a body box inside the slide.
    out = tmp_path / "out"
    result = run_confdeck("build", str(FIT_DIR / "agenda12.md"), "-o", str(out), "--format", "pptx")
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out / "agenda12.pptx"))
    shown = [slide for slide in prs.slides if slide.shapes.title.text_frame.text.startswith("Agenda (")]
    assert [s.shapes.title.text_frame.text for s in shown] == [page.title for page in pages]
    # Each row a paragraph "start time, tab, name"; the lengths right-aligned in a box of their own beside them.
    rows, lengths = [], []
    for slide in shown:
        for shape in slide.shapes:
            if shape.has_text_frame and shape != slide.shapes.title and shape.text_frame.text.strip():
                assert shape.left >= 0 and shape.top >= 0
                assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
                texts = [p.text for p in shape.text_frame.paragraphs]
                (lengths if shape.name == "Agenda lengths" else rows).extend(texts)
    expected = [agenda_row(item) for page in pages for block in page.blocks for item in block.items]
    assert rows == [plain_text(time) + "\t" + plain_text(name) for time, name, _ in expected]
    assert [text.strip() for text in lengths] == [length or "" for _, _, length in expected]
    assert [f"{time}  {name} — {length}" if length else f"{time}  {name}"
            for time, name, length in ((plain_text(t), plain_text(n), ln) for t, n, ln in expected)] == items


def test_a_long_outline_gets_a_grouped_two_page_agenda():
    planned = planned_deck(FIT_DIR / "outline150.md")
    pages = agenda_pages(planned)
    assert len(pages) == 2
    items = agenda_items(planned)
    counts = [int(item.rsplit("(", 1)[1].split()[0]) if "sections)" in item else 1 for item in items]
    assert sum(counts) == 150
    assert items[0].split("  ", 1)[1].startswith("Chapter 1 on subject 1 … ")
    assert items[-1].endswith("Chapter 150 on subject 150 (3 sections)") or "Chapter 150 on subject 150" in items[-1]
    # Every group starts where the previous one ended: no section is left out or shown twice.
    firsts = [int(item.split("Chapter ")[1].split()[0]) for item in items]
    assert firsts == [1 + sum(counts[:i]) for i in range(len(counts))]


def write_notes(folder: Path, sections: int) -> Path:
    notes = folder / "short.md"
    body = "".join(f"## Part {n}\n\n### Slide {n}\n\n* point {n}\n\n" for n in range(1, sections + 1))
    notes.write_text(f"# Short talk\n\n{body}", encoding="utf-8")
    return notes


def template_with(folder: Path, setting: str) -> str:
    target = folder / "templates" / "agendas"
    target.mkdir(parents=True, exist_ok=True)
    (target / "template.yaml").write_text(f"name: agendas\nextends: default\nagenda: {setting}\n", encoding="utf-8")
    return "agendas"


def test_no_agenda_for_fewer_than_three_sections_unless_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert agenda_items(planned_deck(write_notes(tmp_path, 2))) == []
    assert len(agenda_items(planned_deck(write_notes(tmp_path, 3)))) == 3
    assert agenda_items(planned_deck(write_notes(tmp_path, 2), template_with(tmp_path, "auto"))) == []
    assert len(agenda_items(planned_deck(write_notes(tmp_path, 1), template_with(tmp_path, "on")))) == 1
    assert len(agenda_items(planned_deck(write_notes(tmp_path, 1), template_with(tmp_path, "true")))) == 1
    assert agenda_items(planned_deck(write_notes(tmp_path, 5), template_with(tmp_path, "off"))) == []
