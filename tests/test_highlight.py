"""Code highlighting never stops a build: every Pygments language draws, a failing one is drawn plain.

Pygments adds languages and token types in new releases; one deck with a block in every
language it offers makes a release that breaks one of them fail here, not in a user's build.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pptx import Presentation

from confdeck.build import BuildOptions, render_deck, write_outputs
from confdeck.render.highlight import _lexer, is_known_language
from safety_helpers import build as cli_build


def every_alias() -> list[str]:
    from pygments.lexers import get_all_lexers

    return sorted({alias for _name, aliases, _files, _mimes in get_all_lexers() for alias in aliases})


def deck_languages() -> list[str]:
    """Every alias, and yml, the spelling of YAML that once stopped every build (and that not every
    Pygments release lists)."""
    return sorted({*every_alias(), "yml"})


def sample_code(number: int) -> str:
    """A few lines most languages have a token for (names, numbers, strings, comments), unique per block."""
    return f'name_{number}: "text {number}"\n# note {number}\n  call({number}, 2.5)'


def every_language_notes(aliases: list[str]) -> str:
    parts = ["# Every language\n\n## Code\n"]
    for number, alias in enumerate(aliases):
        parts.append(f"\n### Block {number}\n\n```{alias}\n{sample_code(number)}\n```\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def every_language_deck(tmp_path_factory):
    """A block in every alias, built once; both decks read back once: code boxes by slide title, HTML
    code blocks by language."""
    folder = tmp_path_factory.mktemp("every-language")
    aliases = deck_languages()
    notes = folder / "talk.md"
    notes.write_text(every_language_notes(aliases), encoding="utf-8")
    result = render_deck(notes, BuildOptions(), "talk.md")
    write_outputs(result, notes, folder / "out")
    code_boxes = {}
    for slide in Presentation(str(folder / "out" / "talk.pptx")).slides:
        for shape in slide.shapes:
            if shape.name.startswith("Code: "):
                code_boxes[slide.shapes.title.text_frame.text] = shape
    page = (folder / "out" / "talk.html").read_text(encoding="utf-8")
    html_blocks = {html.unescape(language): body for language, body in
                   re.findall(r'<code class="language-([^"]*)">(.*?)</code></pre>', page, flags=re.S)}
    return aliases, result, code_boxes, html_blocks


def test_every_alias_pygments_offers_is_a_known_language():
    from pygments.lexers import get_lexer_by_name

    aliases = every_alias()
    assert len(aliases) > 500  # Pygments really listed its languages
    for alias in aliases:
        lexer = get_lexer_by_name(alias)
        assert type(_lexer(alias)) is type(lexer), alias
        assert is_known_language(alias) or lexer.name == "Text only", alias


def test_every_language_is_drawn_in_both_decks_with_all_its_text(every_language_deck):
    aliases, result, code_boxes, html_blocks = every_language_deck
    assert len(aliases) > 500  # a block for each alias Pygments offers
    assert not [d for d in result.diagnostics if "highlight" in d.message], result.diagnostics
    for number, alias in enumerate(aliases):
        box = code_boxes[f"Block {number}"]
        assert box.name == f"Code: {alias}"
        assert [p.text for p in box.text_frame.paragraphs] == sample_code(number).split("\n"), alias
        assert html.unescape(re.sub(r"<[^>]+>", "", html_blocks[alias])) == sample_code(number), alias


@pytest.mark.parametrize("alias", ["yaml", "yml"])
def test_yaml_is_highlighted_in_both_decks(every_language_deck, alias):
    aliases, _result, code_boxes, html_blocks = every_language_deck
    number = aliases.index(alias)
    box = code_boxes[f"Block {number}"]
    key = next(run for p in box.text_frame.paragraphs for run in p.runs if run.text == f"name_{number}")
    assert str(key.font.color.rgb) == "008000" and key.font.bold  # the default style's mapping-key colour
    comment = next(run for p in box.text_frame.paragraphs for run in p.runs if run.text == f"# note {number}")
    assert str(comment.font.color.rgb) == "3D7B7B" and comment.font.italic
    block = html_blocks[alias]
    assert f'<span style="color:#008000;font-weight:bold">name_{number}</span>' in block
    assert f'<span style="color:#3D7B7B;font-style:italic"># note {number}</span>' in block


def test_a_block_pygments_fails_on_is_drawn_plain_with_a_warning(tmp_path, capsys, monkeypatch):
    import confdeck.render.highlight

    class BrokenLexer:
        def get_tokens(self, code):
            raise RuntimeError("lexer bug")

    real = confdeck.render.highlight._lexer
    monkeypatch.setattr(confdeck.render.highlight, "_lexer",
                        lambda language: BrokenLexer() if language == "yaml" else real(language))
    notes = "# Talk\n\n## Part\n\n### Config\n\n```yaml\nkey: value\nlist: [1, 2]\n```\n\n```python\nimport os\n```\n"
    result = cli_build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    # Once for both decks, pointing at the block.
    assert [line for line in result.warning_lines() if "highlight" in line] == [
        "warning: notes.md:7: cannot highlight this yaml code block (RuntimeError: lexer bug); drawn as plain code"]
    slide = next(s for s in Presentation(str(result.pptx)).slides if s.shapes.title.text_frame.text == "Config")
    yaml_box = next(shape for shape in slide.shapes if shape.name == "Code: yaml")
    assert [p.text for p in yaml_box.text_frame.paragraphs] == ["key: value", "list: [1, 2]"]
    python_box = next(shape for shape in slide.shapes if shape.name == "Code: python")
    assert any(run.font.color.type is not None and str(run.font.color.rgb) == "008000"
               for p in python_box.text_frame.paragraphs for run in p.runs)  # the other block keeps its colours
    page = result.html.read_text(encoding="utf-8")
    assert '<code class="language-yaml">key: value\nlist: [1, 2]</code>' in page


def test_a_bug_while_drawing_a_slide_names_the_notes_file_and_line(tmp_path, capsys, monkeypatch):
    from confdeck.render.pptx import PptxRenderer

    def broken(self, block, ctx):
        raise KeyError("Token.Something.New")

    monkeypatch.setattr(PptxRenderer, "render_code_block", broken)
    notes = "# Talk\n\n## Part\n\n### Fine\n\n- a point\n\n### Config\n\n```yaml\na: 1\n```\n"
    result = cli_build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 3
    assert result.error_lines() == [
        "error: notes.md:9: internal error while drawing this slide: KeyError: 'Token.Something.New' "
        "(a bug in confdeck; run with --debug for a traceback and report it)"]
    assert "Traceback" not in result.err
    assert not Path(tmp_path / "out").exists()  # nothing half-written


@pytest.mark.parametrize("extension", ["yml", "pyw", "mjs", "tsx", "hpp", "ps1"])
def test_a_fence_named_after_a_file_extension_is_highlighted(extension):
    """```yml is how many people write YAML, and Pygments 2.20 did not list it as an alias."""
    from pygments.lexers import get_lexer_for_filename

    assert is_known_language(extension)
    assert type(_lexer(extension)) is type(get_lexer_for_filename(f"code.{extension}"))


@pytest.mark.parametrize("language", ["../etc/passwd", "*", "no-such-language", "py thon"])
def test_a_fence_naming_no_language_is_plain_text(language):
    assert not is_known_language(language)
