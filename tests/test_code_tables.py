"""Highlighted code and content-sized tables in both decks."""
from __future__ import annotations

import re
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from confdeck.build import BuildOptions, render_deck, write_outputs
from confdeck.render.highlight import highlight_lines

CODE_NOTES = """# Talk

## Part

### Handler

```python
def handler(request):
    # answer quickly
    return {"status": 200}
```

### Plain

```
just text, no language
```
"""


def build(tmp_path: Path, markdown: str) -> Path:
    notes = tmp_path / "talk.md"
    notes.write_text(markdown, encoding="utf-8")
    write_outputs(render_deck(notes, BuildOptions(), "talk.md"), notes, tmp_path / "out")
    return tmp_path / "out"


def slides_by_title(deck: Path) -> dict:
    return {s.shapes.title.text_frame.text: s for s in Presentation(str(deck)).slides}


def test_pygments_pieces_keep_every_character_line_by_line():
    code = 'def f(x):\n\treturn "x"\n'
    lines = highlight_lines(code, "python")
    assert ["".join(p.text for p in line) for line in lines] == ["def f(x):", '    return "x"', ""]
    keyword = next(p for p in lines[0] if p.text == "def")
    assert (keyword.color, keyword.bold) == ("#008000", True)
    assert all(p.color is None for line in highlight_lines("def f(x):", "no-such-language") for p in line)


def test_code_is_coloured_in_powerpoint(tmp_path):
    slides = slides_by_title(build(tmp_path, CODE_NOTES) / "talk.pptx")
    box = next(shape for shape in slides["Handler"].shapes if shape.name == "Code: python")
    assert str(box.fill.fore_color.rgb) == "F8F8F8"  # the Pygments style's background
    lines = box.text_frame.paragraphs
    assert [p.text for p in lines] == ["def handler(request):", "    # answer quickly", '    return {"status": 200}']
    runs = {run.text: run for p in lines for run in p.runs}
    assert str(runs["def"].font.color.rgb) == "008000" and runs["def"].font.bold
    assert str(runs["handler"].font.color.rgb) == "0000FF"
    assert str(runs["request"].font.color.rgb) == "222222"  # what the style leaves plain: dark on its light box
    assert runs["# answer quickly"].font.italic
    assert {run.font.name for run in runs.values()} == {"Courier New"}
    assert {run.font.size.pt for run in runs.values()} == {18}
    plain = next(shape for shape in slides["Plain"].shapes if shape.name == "Code")
    assert plain.text_frame.text == "just text, no language"


def test_code_is_pre_highlighted_in_html_without_a_script(tmp_path):
    html = (build(tmp_path, CODE_NOTES) / "talk.html").read_text(encoding="utf-8")
    assert ('<pre style="background:#F8F8F8;color:#222222"><code class="language-python"><span style="color:#008000;font-weight:bold">def</span> '
            '<span style="color:#0000FF">handler</span>(request):') in html
    assert '<span style="color:#3D7B7B;font-style:italic"># answer quickly</span>' in html
    assert '<pre style="background:#F8F8F8;color:#222222"><code>just text, no language</code></pre>' in html
    # No highlighting script: reveal.js's highlight plugin is not in the deck.
    assert "RevealHighlight" not in html and "hljs.highlight" not in html


TABLE_NOTES = """# Talk

## Part

### Speakers

| # | Talk | Speaker |
|---|---|---|
""" + "".join(f"| {n} | A talk about topic number {n} and what we learned from it | Speaker {n} |\n"
              for n in range(1, 31))


def test_tables_have_a_styled_header_content_widths_and_continue_with_the_header(tmp_path):
    out = build(tmp_path, TABLE_NOTES)
    deck = Presentation(str(out / "talk.pptx"))
    pages = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Speakers (")]
    assert len(pages) >= 2
    assert [s.shapes.title.text_frame.text for s in pages] == [f"Speakers ({n}/{len(pages)})"
                                                               for n in range(1, len(pages) + 1)]
    numbers = []
    widths = set()
    for slide in pages:
        table = next(shape for shape in slide.shapes if shape.has_table).table
        header = [table.cell(0, c) for c in range(3)]
        assert [cell.text_frame.text for cell in header] == ["#", "Talk", "Speaker"]
        for cell in header:
            assert str(cell.fill.fore_color.rgb) == "1F3A5F"
            run = cell.text_frame.paragraphs[0].runs[0]
            assert str(run.font.color.rgb) == "FFFFFF" and run.font.bold
        numbers += [int(table.cell(r, 0).text_frame.text) for r in range(1, len(table.rows))]
        # Rows alternate between the background and a shade towards the text colour.
        assert [str(table.cell(r, 1).fill.fore_color.rgb) for r in (1, 2)] == ["FFFFFF", "EDEDED"]
        widths.add(tuple(round(Emu(column.width).inches, 2) for column in table.columns))
    assert numbers == list(range(1, 31))
    # One set of widths for every piece, sized by content: the number column narrow, the talk wide.
    assert len(widths) == 1
    number, talk, speaker = next(iter(widths))
    assert number < speaker < talk
    html = (out / "talk.html").read_text(encoding="utf-8")
    columns = re.findall(r'<colgroup><col style="width:([\d.]+)in"><col style="width:([\d.]+)in">'
                         r'<col style="width:([\d.]+)in"></colgroup>', html)
    assert len(columns) == len(pages)
    assert {tuple(round(float(w), 2) for w in c) for c in columns} == widths
    assert html.count("<thead><tr><th>#</th><th>Talk</th><th>Speaker</th></tr></thead>") == len(pages)


def test_a_dark_code_style_from_the_template_colours_the_box(tmp_path, monkeypatch):
    folder = tmp_path / "templates" / "dark"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("name: dark\nextends: default\ncode_style: monokai\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = build(tmp_path, "---\ntemplate: dark\n---\n" + CODE_NOTES)
    box = next(shape for shape in slides_by_title(out / "talk.pptx")["Handler"].shapes if shape.name == "Code: python")
    assert str(box.fill.fore_color.rgb) == "272822"
    runs = {run.text: run for p in box.text_frame.paragraphs for run in p.runs}
    assert str(runs["def"].font.color.rgb) == "66D9EF"
    assert str(runs["handler"].font.color.rgb) == "A6E22E"
    assert {str(run.font.color.rgb) for text, run in runs.items() if text.strip() in ("(", ")", ":")} == {"F8F8F2"}
    html = (out / "talk.html").read_text(encoding="utf-8")
    assert '<pre style="background:#272822;color:#F8F8F2"><code class="language-python"><span style="color:#66D9EF">def</span>' in html


def test_an_unknown_code_style_is_a_template_error(tmp_path):
    from conftest import run_confdeck

    folder = tmp_path / "templates" / "odd"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("name: odd\nextends: default\ncode_style: nope\n", encoding="utf-8")
    (tmp_path / "talk.md").write_text(CODE_NOTES, encoding="utf-8")
    result = run_confdeck("build", "talk.md", "--template", "odd", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "error: templates/odd/template.yaml:3: code_style: expected a Pygments style such as default, "
        "friendly or monokai, got 'nope'")
