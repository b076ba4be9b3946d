"""Real notes in other tools' dialects (tests/fixtures/dialects/): each builds in both formats with every
word of the source on a slide or in the notes (%% comments excepted), no markup of any dialect on a
slide, the slides the author meant, and no section slide that repeats the title of its only slide."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from confdeck.build import BuildOptions, render_deck
from conftest import pptx_slides

DIALECTS = Path(__file__).parent / "fixtures" / "dialects"

# The slide titles the author meant, in order (continuation pages left out), for each file.
EXPECTED_TITLES = {
    "obsidian-vault/Conferences/EuroPython 2025.md": [
        "EuroPython 2025 in Prague", "Agenda", "Keynote: The state of packaging",
        "Free-threaded Python in practice", "What changed", "Migration checklist", "Hallway track"],
    # Marp: the lead slide is the title slide, then one slide per `---` part, no sections or agenda.
    "marp-deck.md": [
        "Observability on a budget", "Why we looked at this", "Three pillars, one budget",
        "Sampling that still finds bugs", "OpenTelemetry collector setup", "", "What we will try next",
        "Questions?"],
    # Pandoc: `#` are the author's section slides, `##` the slides.
    "pandoc-reveal.md": [
        "Rust for Python developers", "Why Rust", "The pitch", "Where it already runs", "How to start",
        "PyO3 in ten minutes", "Pitfalls"],
    "remark-deck.md": ["Testing async code", "The problem", "Three patterns", "Thanks"],
    # Slidev: per-slide settings between separators are read (the image) and never shown.
    "slidev-deck.md": ["Shipping a design system", "Tokens first", "Components later"],
    # `===` and `***` are slide breaks. "Tuesday" has one slide, but with two sections there is no agenda
    # (agenda: auto), so its header stays: else "Tuesday" would be on no slide.
    "heading-notes-speakers.md": [
        "Platform team: what we learned at DevOpsDays", "Monday", "Incident reviews",
        "Incident reviews", "Feature flags", "Feature flags", "Tuesday", "Chaos engineering"],
    "talk-outline.md": [
        "Our move to Kubernetes: a report for the team", "Agenda", "Intro", "The migration", "Before", "After",
        "Lessons learned", "Questions"],
    "cjk-notes.md": [
        "Notes multilingues de la conférence", "Agenda", "Keynote : l'avenir du Web", "型ヒントの実践", "中文分享"],
    "phone-notes-blog.md": ["What I scribbled at PyData Berlin", "Introduction", "Follow-ups"],
    # Several `#`: they are the sections; the title is the file name made readable.
    "several-titles_team-report.md": [
        "Several titles team report", "Agenda", "About the Conference", "Talks we liked",
        "Async all the way down", "Database migrations without downtime", "Next steps"],
}

# Markup of any dialect that must never be seen on a slide.
FOREIGN_MARKUP = [
    r"\[\[", r"\]\]", r"==\S", r"%%", r":::", r"\{[.#:]", r"\{data-", r"\{width", r"<!--", r"-->", r"_class",
    r"\?\?\?", r"^\s*\.\s\.\s\.", r"\[!\w+\]", r":[a-z_]+:", r"(^|\s)#[A-Za-z]", r"!\[", r"^\s*class:",
    r"^\s*--\s*$", r"^\s*={3,}", r"^#", r"<pre", r"</?code>", r"&lt;|&gt;|&amp;", r"\bbg\b", r"w:400",
    r"^\s*(layout|image|theme):",
]


def source_words(text: str) -> set[str]:
    """The words a reader of the notes sees: markup, link targets, pictures and %% comments taken out."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)          # front matter
    text = re.sub(r"%%.*?%%", " ", text, flags=re.DOTALL)                   # private comments
    text = re.sub(r"<!--\s*_?\w+:.*?-->", " ", text)                        # Marp directives
    text = re.sub(r"^(class|name|layout|image):.*$", " ", text, flags=re.MULTILINE)  # remark/Slidev settings
    text = re.sub(r"\{[^{}\n]*\}", " ", text)                               # attribute lists
    text = re.sub(r"^:{3,}.*$", " ", text, flags=re.MULTILINE)              # Pandoc divs
    text = re.sub(r"!\[\[[^\]]*\.(png|jpg)[^\]]*\]\]", " ", text)           # embedded pictures
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)                       # pictures
    text = re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", text)                # wiki links with an alias
    text = re.sub(r"\]\([^)]*\)", "]", text)                                # link targets
    text = re.sub(r"\[!\w+\]-?", " ", text)                                 # callout types
    text = re.sub(r"(?<![\w&])#[A-Za-z][\w/-]*", " ", text)                 # tags
    text = re.sub(r":[a-z_]+:", " ", text)                                  # emoji shortcodes
    text = re.sub(r"\([^()]*\d+\s*(mins?|minutes?)\b[^()]*\)", " ", text)      # budgets (the plan shows them)
    text = re.sub(r"\[[ xX]\]", " ", text)                                   # task boxes (drawn as ☐/☑)
    text = re.sub(r"</?(pre|code)>", " ", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = re.sub(r"\b(Note|yaml)\b", " ", text)                            # the notes mark, a fence's language
    return words(text)


def words(text: str) -> set[str]:
    """Latin words and digits lower-cased; CJK text character by character (it has no spaces to split at)."""
    found = set()
    for word in re.findall(r"[^\W_]+", text):
        if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", word):
            found.update(char for char in word if re.match(r"[\u3040-\u30ff\u3400-\u9fff]", char))
        else:
            found.add(word.lower())
    return found


class _HtmlSlides(HTMLParser):
    """The text of each <section> of the HTML deck, and of its speaker notes apart."""

    def __init__(self):
        super().__init__()
        self.slides: list[dict] = []
        self.in_notes = False
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.slides.append({"text": [], "notes": []})
        elif tag == "aside":
            self.in_notes = True
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag == "br" and self.slides:
            self.slides[-1]["text"].append("\n")

    def handle_endtag(self, tag):
        if tag == "aside":
            self.in_notes = False
        elif tag in ("script", "style"):
            self.skip -= 1
        elif tag in ("p", "li", "h1", "h2", "div", "td", "th", "pre") and self.slides:
            self.slides[-1]["notes" if self.in_notes else "text"].append("\n")

    def handle_data(self, data):
        if self.slides and not self.skip:
            self.slides[-1]["notes" if self.in_notes else "text"].append(data)


def html_slides(html: str) -> list[dict]:
    parser = _HtmlSlides()
    parser.feed(html)
    return [{"text": "".join(s["text"]), "notes": "".join(s["notes"])} for s in parser.slides]


@pytest.fixture(scope="module", params=sorted(EXPECTED_TITLES))
def deck(request, tmp_path_factory):
    """One fixture built in both formats: the planned deck, the .pptx re-opened, the HTML slides."""
    notes = DIALECTS / request.param
    result = render_deck(notes, BuildOptions(), shown=str(notes))
    pptx_path = tmp_path_factory.mktemp("deck") / "deck.pptx"
    pptx_path.write_bytes(result.outputs["pptx"])
    return {"name": request.param, "source": notes.read_text("utf-8"), "result": result,
            "pptx": pptx_slides(pptx_path), "html": html_slides(result.outputs["html"].decode("utf-8"))}


def _slide_text(slide: dict) -> str:
    return "\n".join([slide["title"], *(text for text, _ in slide["paragraphs"]),
                      *("\n".join(" ".join(row) for row in table) for table in slide["tables"])])


def test_every_word_is_on_a_slide_or_in_the_notes(deck):
    expected = source_words(deck["source"])
    in_pptx = words("\n".join(_slide_text(s) + "\n" + s["notes"] for s in deck["pptx"]))
    in_html = words("\n".join(s["text"] + "\n" + s["notes"] for s in deck["html"]))
    assert sorted(expected - in_pptx) == [], "missing from the .pptx"
    assert sorted(expected - in_html) == [], "missing from the .html"


def test_no_markup_of_any_dialect_on_a_slide(deck):
    for where, texts in (("pptx", [_slide_text(s) for s in deck["pptx"]]), ("html", [s["text"] for s in deck["html"]])):
        for index, text in enumerate(texts):
            for line in text.split("\n"):
                for pattern in FOREIGN_MARKUP:
                    assert not re.search(pattern, line), f"{where} slide {index + 1}: {pattern!r} in {line!r}"


def test_private_comments_are_nowhere(deck):
    private = [m.strip() for m in re.findall(r"%%(.*?)%%", deck["source"], flags=re.DOTALL)]
    everything = "\n".join([*(_slide_text(s) + s["notes"] for s in deck["pptx"]),
                            *(s["text"] + s["notes"] for s in deck["html"])])
    for comment in private:
        assert comment not in everything


def _titles(pptx: list[dict]) -> list[str]:
    """Slide titles without continuation pages: `X (1/2)` counts as X, `X (2/2)` not at all."""
    titles = []
    for slide in pptx:
        page = re.search(r" \((\d+)/\d+\)$", slide["title"])
        if page and page.group(1) != "1":
            continue
        titles.append(slide["title"][: page.start()] if page else slide["title"])
    return titles


def test_the_slides_the_author_meant(deck):
    assert _titles(deck["pptx"]) == EXPECTED_TITLES[deck["name"]]
    assert len(deck["html"]) == len(deck["pptx"])


def test_no_section_slide_repeats_the_title_of_its_only_slide(deck):
    planned = deck["result"].planned
    for index, section in enumerate(planned.deck.sections):
        headers = [s for s in planned.slides if s.kind == "section" and s.section_index == index]
        own = {s.title for s in planned.slides if s.kind != "section" and s.section_index == index and s.page == 1}
        if headers and len(own) == 1:
            assert headers[0].title not in own


def test_highlights_and_callouts_in_both_decks(tmp_path):
    """==marks== are highlighted runs in PowerPoint and <mark> in HTML; a callout's title line has its
    type's icon and colour and its body keeps its formatting."""
    from pptx import Presentation

    from confdeck.powerpoint.drawingml import HIGHLIGHT_RGB

    notes = DIALECTS / "obsidian-vault" / "Conferences" / "EuroPython 2025.md"
    result = render_deck(notes, BuildOptions(), shown=str(notes))
    (tmp_path / "deck.pptx").write_bytes(result.outputs["pptx"])
    slide = next(s for s in Presentation(str(tmp_path / "deck.pptx")).slides
                 if s.shapes.title.text == "Keynote: The state of packaging")
    runs = [run for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    marked = [run.text for run in runs
              if run._r.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}highlight") is not None]
    assert marked == ["four competing lock formats"]
    highlight = runs[[run.text for run in runs].index("four competing lock formats")]._r.rPr
    assert [child.tag.split("}")[1] for child in highlight] == ["solidFill", "highlight", "latin"]
    assert highlight.find("{*}highlight/{*}srgbClr").get("val") == HIGHLIGHT_RGB
    title = [run for run in runs if run.text in ("★ ", "Main takeaway")]
    assert [str(run.font.color.rgb) for run in title] == ["00A3A3", "00A3A3"] and all(r.font.bold for r in title)
    assert [(run.text, run.font.bold) for run in runs if run.text == "finally"] == [("finally", True)]
    assert [run.font.name for run in runs if run.text == "pylock.toml"] == ["Courier New"]   # the code font

    html = result.outputs["html"].decode("utf-8")
    assert "<mark>four competing lock formats</mark>" in html
    assert '<div class="callout callout-tip" style="--cd-callout:#00A3A3"><p class="callout-title">' in html
    assert '<div class="callout callout-warning"' in html and "Not for production yet" in html
