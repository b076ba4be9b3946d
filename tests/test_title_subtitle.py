"""A subtitle of several lines keeps its line breaks in both decks."""
from __future__ import annotations

import re

from pptx import Presentation

from conftest import run_confdeck

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
    subtitle = re.search(r'<p class="subtitle">(.*?)</p>', html, re.S).group(1)
    assert subtitle.split("<br>") == LINES
