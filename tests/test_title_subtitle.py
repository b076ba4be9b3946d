"""A subtitle of several lines keeps its line breaks in both decks, shrinks to fit the title slide, and
what does not fit even at the smallest size goes on an introduction slide after it."""
from __future__ import annotations

import re

from pptx import Presentation

from conftest import run_confdeck

from confdeck.build import BuildOptions, render_deck
from confdeck.plan.title_slide import MIN_SUBTITLE_PT, SUBTITLE_PT

LINES = [f"Line {n} of a long subtitle about the conference" for n in range(1, 8)]


def test_a_seven_line_subtitle_keeps_its_lines_in_both_decks(tmp_path):
    notes = tmp_path / "talk.md"
    block = "".join(f"  {line}\n" for line in LINES)
    notes.write_text(f"---\ntitle: Subtitles\nsubtitle: |\n{block}---\n\n# Subtitles\n\n## Part\n\n### Slide\n\n* a point\n",
                     encoding="utf-8")
    result = run_confdeck("build", str(notes), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    title = Presentation(str(tmp_path / "out" / "talk.pptx")).slides[0]
    paragraphs = [[p.text for p in shape.text_frame.paragraphs] for shape in title.shapes
                  if shape.has_text_frame and shape != title.shapes.title]
    assert LINES in [group[:len(LINES)] for group in paragraphs]
    html = (tmp_path / "out" / "talk.html").read_text(encoding="utf-8")
    size, subtitle = re.search(r'<p class="subtitle"(?: style="font-size:calc\((\d+)pt[^"]*")?>(.*?)</p>',
                               html, re.S).groups()
    assert subtitle.split("<br>") == LINES
    # Seven lines and the byline are too tall at 22 pt: both decks draw them at the size the plan chose.
    planned = render_deck(notes, BuildOptions(formats=())).planned
    shrunk = planned.slides[0].subtitle_pt
    assert shrunk is not None and MIN_SUBTITLE_PT <= shrunk < SUBTITLE_PT and int(size) == shrunk
    sizes = {run.font.size.pt for shape in title.shapes if shape.has_text_frame and shape != title.shapes.title
             for p in shape.text_frame.paragraphs for run in p.runs}
    assert sizes == {shrunk}


def test_a_subtitle_too_long_for_the_smallest_size_continues_on_an_introduction_slide(tmp_path):
    lines = [f"Point {n}: what we saw and what we would like to try in the next quarter" for n in range(1, 13)]
    notes = tmp_path / "talk.md"
    block = "".join(f"  {line}\n" for line in lines)
    notes.write_text(f"---\ntitle: Subtitles\nauthor: Dana\nsubtitle: |\n{block}---\n\n# Subtitles\n\n"
                     "## Part\n\n### Slide\n\n* a point\n", encoding="utf-8")
    result = render_deck(notes, BuildOptions(formats=()))
    title, intro = result.planned.slides[:2]
    kept = title.subtitle.split("\n")
    assert title.subtitle_pt == MIN_SUBTITLE_PT and 5 <= len(kept) < len(lines)
    assert intro.title == "Introduction" and intro.kind == "content"
    assert kept + [block.runs[0].text for block in intro.blocks] == lines   # every line, once, in order
    assert any("too long for the title slide" in str(w) and "talk.md:1" in str(w) for w in result.diagnostics)
