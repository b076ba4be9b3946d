"""Section header slides, budgets as real notes have them (or not), and what the build says about them."""
from __future__ import annotations

from pathlib import Path

import pytest

from confdeck.build import BuildOptions, render_deck
from confdeck.cli import main
from confdeck.plan import PlanOptions, plan_deck
from confdeck.read.markdown import read_markdown
from conftest import pptx_slides

NOTES = "# Talk\n\n## One slide\n\n- a\n\n## Two slides\n\n### First\n\n- b\n\n### Second\n\n- c\n"


def kinds(text: str, **options) -> list[tuple[str, str]]:
    options.setdefault("agenda", True)   # two sections: shown only when asked for (agenda: auto needs three)
    planned = plan_deck(read_markdown(text, "notes/t.md"), PlanOptions(**options))
    return [(slide.kind, slide.title) for slide in planned.slides]


def test_auto_gives_a_header_only_to_a_section_of_several_slides():
    assert kinds(NOTES) == [("title", "Talk"), ("agenda", "Agenda"), ("content", "One slide"),
                            ("section", "Two slides"), ("content", "First"), ("content", "Second")]


@pytest.mark.parametrize("policy, headers", [("always", ["One slide", "Two slides"]), ("never", []),
                                             ("auto", ["Two slides"])])
def test_section_slides_from_the_template_or_the_front_matter(policy, headers):
    from_template = kinds(NOTES, section_slides=policy)
    from_front_matter = kinds(f"---\nsection_slides: {policy}\n---\n" + NOTES, section_slides="always")
    for planned in (from_template, from_front_matter):
        assert [title for kind, title in planned if kind == "section"] == headers
    # The agenda lists every section whatever the headers.
    planned = plan_deck(read_markdown(NOTES, "notes/t.md"), PlanOptions(section_slides=policy, agenda=True))
    assert len(planned.slides[1].blocks[0].items) == 2


def test_a_wrong_section_slides_value_is_an_error_with_its_line():
    from confdeck.errors import ConfdeckError

    with pytest.raises(ConfdeckError) as caught:
        read_markdown("---\nsection_slides: sometimes\n---\n" + NOTES, "notes/t.md")
    assert str(caught.value.problems[0]) == "notes/t.md:2: section_slides: expected auto, always or never, got 'sometimes'"


def test_notes_without_any_budget_are_information_that_strict_accepts(tmp_path, capsys):
    notes = tmp_path / "talk.md"
    notes.write_text("# Talk\n\n" + "".join(f"## Part {n}\n\n- point {n}\n\n" for n in range(1, 9)), encoding="utf-8")
    assert main(["build", str(notes), "-o", str(tmp_path / "out"), "--strict"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"info: {notes}:3: 8 sections have no budget and there is no duration: planned at the default "
                   "pace of 1 min per slide: “Part 1” (1 min), “Part 2” (1 min), “Part 3” (1 min), “Part 4” (1 min), "
                   "“Part 5” (1 min) … and 3 more; give them budgets such as (~5 mins)"]


def test_some_budgets_missing_is_still_a_warning():
    planned = plan_deck(read_markdown("# T\n\n## A (2 min)\n\n- a\n\n## B\n\n- b\n", "notes/t.md"))
    assert [(d.level, d.message.split(":")[0]) for d in planned.diagnostics] == [
        ("warning", "section “B” (1 min) has no budget and there is no duration")]


def test_a_running_total_the_plan_disagrees_with_is_a_warning():
    text = "# T\n\n## Intro (3 min, 3 minutes total)\n\n- a\n\n## Body (10 min, 15 minutes total)\n\n- b\n"
    planned = plan_deck(read_markdown(text, "notes/t.md"))
    # (The 10-minute one-slide section is also a slide over 3 minutes: another warning, not this test's.)
    assert [str(d) for d in planned.diagnostics if "total" in d.message] == [
        "notes/t.md:7: section “Body” says 15:00 total, but the plan ends it at 13:00"]


def test_a_missing_picture_in_a_bullet_warns_with_its_line_and_gets_a_placeholder(tmp_path):
    notes = tmp_path / "talk.md"
    notes.write_text("# Talk\n\n## Part\n\n- before\n- the chart ![Chart](nowhere.png)\n- after\n", encoding="utf-8")
    result = render_deck(notes, BuildOptions(), shown="talk.md")
    assert [str(d) for d in result.diagnostics if "image" in d.message] == ["talk.md:6: image not found: nowhere.png"]
    (tmp_path / "deck.pptx").write_bytes(result.outputs["pptx"])
    slide = pptx_slides(tmp_path / "deck.pptx")[-1]
    placeholder = next(shape for shape in slide["shapes"] if shape.name == "Missing image")
    assert [text for text, _ in slide["paragraphs"]] == ["before", "the chart", "after", placeholder.text_frame.text]
    assert [shape.name for shape in slide["shapes"] if shape.name == "Missing image"] == ["Missing image"]
    assert 'class="missing-image picture">Image not found: nowhere.png' in result.outputs["html"].decode()


def test_a_picture_with_a_width_and_a_caption_is_drawn_that_size_with_its_caption(tmp_path):
    from PIL import Image as Pillow

    Pillow.new("RGB", (400, 300), (10, 80, 160)).save(tmp_path / "venue.png")
    notes = tmp_path / "talk.md"
    notes.write_text("# Talk\n\n## Part\n\n![Venue](venue.png){width=288} The venue by the river\n", encoding="utf-8")
    result = render_deck(notes, BuildOptions(), shown="talk.md")
    (tmp_path / "deck.pptx").write_bytes(result.outputs["pptx"])
    slide = pptx_slides(tmp_path / "deck.pptx")[-1]
    picture = slide["pictures"][0]
    assert picture.width <= 3 * 914400 + 1   # 288 px at 96 px an inch: at most 3 inches wide
    caption = next(shape for shape in slide["shapes"] if shape.name == "Caption")
    assert caption.text_frame.text == "The venue by the river"
    assert caption.top >= picture.top + picture.height
    assert "The venue by the river</div>" in result.outputs["html"].decode()


def test_an_existing_deck_gets_no_agenda_and_no_section_slides():
    text = "---\nmarp: true\n---\n\n# Deck\n\n---\n\n## One\n\n- a\n\n---\n\n## Two\n\n- b\n"
    assert kinds(text, section_slides="always") == [("title", "Deck"), ("content", "One"), ("content", "Two")]


def test_every_sample_keeps_its_words(tmp_path):
    """The three sample notes: every word of the notes is still on a slide or in the notes."""
    from test_dialects import source_words, words

    root = Path(__file__).parent.parent / "notes"
    for name in ("pwc2020.md", "pyconweb2019.md", "pyconweb2024.md"):
        result = render_deck(root / name, BuildOptions(), shown=name)
        (tmp_path / "deck.pptx").write_bytes(result.outputs["pptx"])
        shown = "\n".join(s["title"] + "\n" + "\n".join(t for t, _ in s["paragraphs"]) + "\n" + s["notes"] + "\n"
                          + "\n".join(" ".join(row) for table in s["tables"] for row in table)
                          for s in pptx_slides(tmp_path / "deck.pptx"))
        missing = source_words((root / name).read_text("utf-8")) - words(shown)
        assert sorted(missing) == [], name


def test_a_quote_keeps_its_formatting_in_both_decks(tmp_path):
    notes = tmp_path / "talk.md"
    notes.write_text("# T\n\n## S\n\n> a <b>bold</b> **strong** word and `code`\n> - item\n", encoding="utf-8")
    result = render_deck(notes, BuildOptions(), shown="talk.md")
    (tmp_path / "deck.pptx").write_bytes(result.outputs["pptx"])
    from pptx import Presentation

    slide = Presentation(str(tmp_path / "deck.pptx")).slides[-1]
    runs = [(run.text, bool(run.font.bold), run.font.name == "Courier New") for shape in slide.shapes
            if shape.has_text_frame and shape != slide.shapes.title
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert runs == [("a ", False, False), ("bold", True, False), (" ", False, False), ("strong", True, False),
                    (" word and ", False, False), ("code", False, True), ("• ", False, False), ("item", False, False)]
    html = result.outputs["html"].decode()
    # (pagination keeps each line of a quote as a quote of its own)
    assert ("<blockquote><p>a <b>bold</b> <strong>strong</strong> word and <code>code</code></p></blockquote>"
            "<blockquote><p>• item</p></blockquote>") in html
