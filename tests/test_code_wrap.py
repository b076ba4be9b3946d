"""Code lines too long for the box (a stack trace with 200-character lines) are cut into marked lines
that fit, counted by pagination and drawn the same in both decks."""
from __future__ import annotations

import html
import re

from pptx import Presentation

from conftest import run_confdeck
from fitting import FIT_DIR

from confdeck.build import BuildOptions, render_deck
from confdeck.look import resolve_look
from confdeck.model import CodeBlock
from confdeck.plan.heights import Heights
from confdeck.plan.measure import Fonts
from confdeck.plan.paginate import CODE_CONTINUED
from confdeck.templates import load_template

NOTES = FIT_DIR / "stacktrace.md"


def source_lines() -> list[str]:
    text = NOTES.read_text(encoding="utf-8")
    return text.split("```text\n", 1)[1].split("\n```", 1)[0].split("\n")


def test_long_code_lines_are_cut_into_marked_lines_that_fit(tmp_path):
    assert max(len(line) for line in source_lines()) >= 200
    planned = render_deck(NOTES, BuildOptions(formats=())).planned
    look = resolve_look(load_template(None))
    heights = Heights(look.geometry, Fonts.from_config(look.fonts))
    drawn = [line for slide in planned.slides for block in slide.blocks if isinstance(block, CodeBlock)
             for line in block.code.split("\n")]
    for line in drawn:
        assert heights.code_line_lines(line, look.geometry.body_width_in) == 1, line
    # Joined again without their marks, the pieces are the trace as written: nothing lost, nothing added.
    joined: list[str] = []
    for line in drawn:
        if line.startswith(CODE_CONTINUED):
            joined[-1] += line[len(CODE_CONTINUED):]
        else:
            joined.append(line)
    assert joined == source_lines()
    assert sum(line.startswith(CODE_CONTINUED) for line in drawn) >= 16

    out = tmp_path / "out"
    result = run_confdeck("build", str(NOTES), "-o", str(out))
    assert result.returncode == 0, result.stderr
    # Both decks draw exactly the planned lines, page by page.
    prs = Presentation(str(out / "stacktrace.pptx"))
    pptx_lines = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape != slide.shapes.title and "File" in shape.text_frame.text:
                pptx_lines += [p.text for p in shape.text_frame.paragraphs]
    page = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(
        re.findall(r"<pre style=\"background:[^>]*>.*?</pre>", (out / "stacktrace.html").read_text(encoding="utf-8"), re.S))))
    assert pptx_lines == drawn or "\n".join(pptx_lines).split("\n") == drawn
    assert page.split("\n") == drawn
