"""Writing a deck back as Markdown: whatever the text, reading the outline gives the same words."""
from __future__ import annotations

import random

import pytest

from confdeck.importing.markdown_out import budget, deck_markdown, escape, wrap
from confdeck.model import BulletList, Deck, ListItem, Paragraph, Run, Section, Slide, plain_text
from confdeck.read.markdown import read_markdown

# Words chosen to trip every kind of Markdown markup, at the start of a line and inside it.
PIECES = ["-", "+", "*", "**", "_", "__", "snake_case", "`", "``", "~", "~~", "#", "##", "#tag", ">", "<", "<b>",
          "</i>", "<!--", "-->", "&", "&amp;", "&#35;", "[", "]", "[x]", "![", "](", ")", "(", "|", "\\", "\\\\",
          "C:\\temp", "1.", "2)", "10.", "=", "===", "---", "***", "___", "http://x.example/a_b", "www.x.example",
          "a<b", "x>y", "$", "{", "}", ":", "word", "Ünïcode", "naïve", "2024", "(~5 mins)", "— 4 mins", "'", '"']


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))


@pytest.mark.parametrize("seed", range(300))
def test_any_text_reads_back_the_same(seed):
    rng = random.Random(seed)
    title, body, bullet, note, extra = (random_text(rng) for _ in range(5))
    deck = Deck(title="Fuzz " + random_text(rng), source="x.md", sections=[
        Section("Part " + random_text(rng), 300, slides=[
            Slide(title, [Paragraph([Run(body)]), BulletList([ListItem([Run(bullet)])])], [note, extra])])])
    text = deck_markdown(deck, {(0, 0): 120})
    back = read_markdown(text, "x.md")
    assert back.title == deck.title
    section = back.sections[0]
    assert (section.title, section.budget_seconds) == (deck.sections[0].title, 300)
    slide = section.slides[0]
    assert slide.title == title
    assert [plain_text(block.runs) if isinstance(block, Paragraph) else [plain_text(i.runs) for i in block.items]
            for block in slide.blocks] == [body, [bullet]]
    assert slide.notes == [note, extra]


def test_escaping_leaves_plain_text_readable():
    assert escape("snake_case a < b C&A C:\\temp 3 > 2") == "snake_case a < b C&A C:\\temp 3 > 2"
    assert escape("_x_ *y* `z` [l](u) <b> &amp; \\*") == "\\_x\\_ \\*y\\* \\`z\\` \\[l\\](u) \\<b> \\&amp; \\\\\\*"


def test_wrap_never_starts_a_line_with_block_markup():
    lines = wrap("word " * 19 + "- dash " + "word " * 18 + "1. one " + "word " * 18 + "# hash", width=100)
    assert all(not line.startswith(("-", "1.", "#")) for line in lines[1:])
    assert " ".join(lines) == ("word " * 19 + "- dash " + "word " * 18 + "1. one " + "word " * 18 + "# hash")


@pytest.mark.parametrize("seconds, spelled", [(120, " (~2 mins)"), (60, " (~1 min)"), (150, " (~2.5 mins)"),
                                              (45, " (45s)"), (1080, " (~18 mins)"), (None, "")])
def test_budget_spelling(seconds, spelled):
    assert budget(seconds) == spelled
