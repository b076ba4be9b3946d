"""Talk listings: recognised by shape, built as catalogue decks, imported as outlines that build the same."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import NOTES, ROOT, libreoffice_to_pdf, pdf_text, run_confdeck
from confdeck.errors import ConfdeckError
from confdeck.read import read_notes
from confdeck.read.abstract import key_sentences, sentences, split_licence
from confdeck.read.listing import catalogue, looks_like_listing, parse_listing

EUROPYTHON = NOTES / "europython2024.txt"
LJUBLJANA = ROOT / "tests" / "fixtures" / "pydata_ljubljana_2025.txt"
LICENCE_WORDS = ("licensed under", "Creative Commons", "creativecommons.org")

EUROPYTHON_TALKS = [
    ("Impersonation in Data Engineering: No More Credentials in Your Code!", "Marian Špilka", "North Hall",
     "https://ep2024.europython.eu/session/impersonation-in-data-engineering-no-more-credentials-in-your-code"),
    ("How to sell a big refactor or rewrite to the business?", "Ivett Ördög", "South Hall 2A",
     "https://ep2024.europython.eu/session/how-to-sell-a-big-refactor-or-rewrite-to-the-business"),
    ("Aggregating data in Django using database views", "Mikuláš Poul", "South Hall 2A",
     "https://ep2024.europython.eu/session/aggregating-data-in-django-using-database-views"),
    ("DFD(Documentation-First Development) with FastAPI", "Taehyun Lee", "South Hall 2A",
     "https://ep2024.europython.eu/session/dfd-documentation-first-development-with-fastapi"),
    ("Zero Trust APIs with Python", "Jose Haro Peralta", "South Hall 2A",
     "https://ep2024.europython.eu/session/zero-trust-apis-with-python"),
    ("Deadcode - a tool to find and fix unused (dead) Python code", "Albertas Gimbutas", "South Hall 2A",
     "https://ep2024.europython.eu/session/deadcode-a-tool-to-find-and-fix-unused-dead-python-code"),
    ("Event Sourcing in production", "Borjan Tchakaloff", "South Hall 2A",
     "https://ep2024.europython.eu/session/event-sourcing-in-production"),
    ("Enhancing Decorators with Type Annotations: Techniques and Best Practices", "Koudai Aono", "South Hall 2A",
     "https://ep2024.europython.eu/session/enhancing-decorators-with-type-annotations-techniques-and-best-practices"),
    ("Animations from first principles", "Rodrigo Girão Serrão", "South Hall 2B",
     "https://ep2024.europython.eu/session/animations-from-first-principles"),
]

# Listing order mixes the days; the catalogue sorts by day and keeps the order within a day.
LJUBLJANA_TALKS = [
    ("Streaming joins without tears", "Ana Kovač and Luka Horvat", "Main Stage", "Friday 14 March 2025",
     "https://example.org/talks/streaming-joins"),
    ("Testing notebooks like code", "Eva Zupan", "Room B", "Friday 14 March 2025",
     "https://example.org/talks/testing-notebooks"),
    ("Geospatial Python at city scale", "Marko Kranjc", "Main Stage", "Friday 14 March 2025",
     "https://example.org/talks/geospatial"),
    ("Lightning talks", "Maja Novak, Tim Berg and Sara Lind", "Room B", "Saturday 15 March 2025",
     "https://example.org/talks/lightning"),
    ("Closing keynote: What we got wrong", "Irena Golob", "Main Stage", "Saturday 15 March 2025",
     "https://example.org/talks/closing"),
]


PAGE_MARK = re.compile(r" \(\d+/\d+\)$")


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def slide_links(slide) -> list[tuple[str, str]]:
    links = []
    for shape in slide.shapes:
        if not shape.has_text_frame:
            continue
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                if run.hyperlink.address:
                    links.append((run.text, run.hyperlink.address))
    return links


def notes_text(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text if slide.shapes.title else "" for slide in prs.slides]


def without_spans(value):
    """The deck's content, without where and when its file was written (spans, source, saved_at)."""
    if isinstance(value, dict):
        return {key: without_spans(item) for key, item in value.items() if key not in ("span", "source", "saved_at")}
    if isinstance(value, list):
        return [without_spans(item) for item in value]
    return value


# -- recognising the shape -------------------------------------------------------

@pytest.mark.parametrize("path, expected", [
    (EUROPYTHON, True), (LJUBLJANA, True),
    (NOTES / "sponsors.txt", False), (NOTES / "pwc2020.md", False),
    (NOTES / "pyconweb2019.md", False), (NOTES / "pyconweb2024.md", False),
])
def test_listing_is_recognised_by_content(path, expected):
    assert looks_like_listing(path.read_text(encoding="utf-8")) is expected


def test_listing_shape_not_file_name(tmp_path):
    renamed = tmp_path / "whatever.md"
    renamed.write_text(LJUBLJANA.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_notes(renamed).title == "PyData Ljubljana 2025"


# -- parsing ---------------------------------------------------------------------

def test_parse_other_event_fields():
    listing = parse_listing(LJUBLJANA.read_text(encoding="utf-8"), "ljubljana.txt")
    assert listing.heading == "Recorded talks"
    talks = {talk.title: talk for talk in listing.talks}
    assert list(talks) == ["Streaming joins without tears", "Lightning talks", "Testing notebooks like code",
                           "Geospatial Python at city scale", "Closing keynote: What we got wrong"]
    joins = talks["Streaming joins without tears"]
    assert joins.speakers == ["Ana Kovač", "Luka Horvat"]
    assert (joins.event, joins.room, joins.date) == ("PyData Ljubljana 2025", "Main Stage", dt.date(2025, 3, 14))
    assert joins.url == "https://example.org/talks/streaming-joins"
    assert joins.abstract.startswith("Joining two event streams sounds simple until late data arrives.")
    assert joins.abstract.endswith("We close with the metrics that told us when a pattern was failing.")
    assert joins.licence == ("This work is licensed under a Creative Commons Attribution 4.0 International "
                             "License: https://creativecommons.org/licenses/by/4.0/")
    assert joins.span.line == 3
    lightning = talks["Lightning talks"]
    assert lightning.speakers == ["Maja Novak", "Tim Berg", "Sara Lind"]
    assert lightning.abstract == ""
    notebooks = talks["Testing notebooks like code"]
    assert notebooks.abstract.endswith("--- You should know pytest basics.")


VARIANTS = """# Videos worth watching

Python — the good parts — Jane Doe

[PyCon Nowhere 2023 on 2023-05-02] Python — the good parts by Jane Doe https://x.example/good Short abstract here.

Watch
Only a title – Ann Lee, Bo Chen and Cy Dee
Watch
[PyCon Nowhere 2023 – Hall 1 on 2023-05-03] Learning by doing by Max Mustermann https://x.example/learn Some words. \
More words. --- Licensed under CC BY 4.0
"""


def test_listing_variants():
    assert looks_like_listing(VARIANTS)
    listing = parse_listing(VARIANTS, "v.txt")
    assert listing.heading == "Videos worth watching"
    found = [(t.title, t.speakers, t.event, t.room, t.date, t.url, t.abstract, t.licence, t.span.line)
             for t in listing.talks]
    assert found == [
        # The last dash separates the speakers; a room is optional.
        ("Python — the good parts", ["Jane Doe"], "PyCon Nowhere 2023", None, dt.date(2023, 5, 2),
         "https://x.example/good", "Short abstract here.", "", 3),
        # A title line with no details line: still a talk (en dash, three speakers).
        ("Only a title", ["Ann Lee", "Bo Chen", "Cy Dee"], None, None, None, None, "", "", 8),
        # A details line with no title line: title and speaker from `Title by Speaker`.
        ("Learning by doing", ["Max Mustermann"], "PyCon Nowhere 2023", "Hall 1", dt.date(2023, 5, 3),
         "https://x.example/learn", "Some words. More words.", "Licensed under CC BY 4.0", 10),
    ]
    deck = catalogue(listing).deck
    assert [section.title for section in deck.sections] == [
        "Tuesday 2 May 2023", "Wednesday 3 May 2023", "Date not given"]
    undated = deck.sections[2].slides[0]
    assert [("".join(r.text for r in b.runs)) for b in undated.blocks] == ["Ann Lee, Bo Chen and Cy Dee"]


def test_licence_split_keeps_other_dashed_parts():
    abstract, licence = split_licence(
        "Pitch here. --- This talk assumes some familiarity with _Event Sourcing_. --- This work is licensed "
        "under a Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International License: "
        "https://creativecommons.org/licenses/by-nc-sa/4.0/")
    assert abstract == "Pitch here. --- This talk assumes some familiarity with _Event Sourcing_."
    assert licence.startswith("This work is licensed under a Creative Commons")


def test_sentences_keep_abbreviations_and_split_inline_lists():
    assert sentences("Use tools, e.g. mypy and pyright. Then ship it! From there: - How? - Why not.") == [
        "Use tools, e.g. mypy and pyright.", "Then ship it!", "From there:", "How?", "Why not."]


def test_key_sentences_prefer_what_the_talk_promises():
    listing = parse_listing(LJUBLJANA.read_text(encoding="utf-8"), "ljubljana.txt")
    joins = listing.talks[0]
    assert key_sentences(joins.abstract, joins.title) == [
        "In this talk we will show how watermarks bound the state a join has to keep.",
        "You will learn three patterns for late events that we run in production at a logistics company.",
    ]


def test_bad_date_is_an_error_with_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("A talk — Someone\n\n[Conf 2025 — Hall on 2025-02-30] A talk by Someone https://x.example/a "
                   "Words.\n\nWatch\n", encoding="utf-8")
    with pytest.raises(ConfdeckError) as caught:
        read_notes(bad, "bad.txt")
    assert caught.value.lines() == ["error: bad.txt:3: 2025-02-30 is not a calendar date (expected YYYY-MM-DD)"]


# -- the catalogue deck model ----------------------------------------------------------

def test_europython_catalogue_model():
    deck = read_notes(EUROPYTHON, "notes/europython2024.txt")
    assert deck.title == "EuroPython 2024"
    assert deck.subtitle == "List of videos — 9 talks, Wednesday 10 July 2024"
    assert [(s.title, s.budget_seconds) for s in deck.sections] == [("Wednesday 10 July 2024", 9 * 120)]
    slides = deck.sections[0].slides
    assert [slide.title for slide in slides] == ["Talks by room"] + [talk[0] for talk in EUROPYTHON_TALKS]
    overview = [("".join(r.text for r in item.runs), item.level) for item in slides[0].blocks[0].items]
    assert overview[0] == ("North Hall: Impersonation in Data Engineering: No More Credentials in Your Code!", 0)
    assert overview[1] == ("South Hall 2A (7 talks)", 0)
    assert overview[-1] == ("South Hall 2B: Animations from first principles", 0)
    source = EUROPYTHON.read_text(encoding="utf-8")
    for slide, (title, speaker, room, url) in zip(slides[1:], EUROPYTHON_TALKS):
        byline = "".join(run.text for run in slide.blocks[0].runs)
        assert byline == f"{speaker} · {room} · Wednesday 10 July 2024"
        bullets = ["".join(run.text for run in item.runs) for item in slide.blocks[1].items]
        assert 2 <= len(bullets) <= 3
        link = slide.blocks[2].runs[0]
        assert (link.text, link.href) == ("Talk page on ep2024.europython.eu", url)
        assert slide.notes[-1] == f"Talk page: {url}"
        for note in slide.notes[:-1]:
            assert note in source  # the abstract, word for word
        assert not any(word in note for word in LICENCE_WORDS for note in slide.notes)
    event_sourcing = slides[7]
    assert event_sourcing.notes[1] == ("This talk assumes some familiarity with _Event Sourcing_ and its friends "
                                       "_Domain Driven Design_ (DDD) and _Command Query Responsibility "
                                       "Seggregation_ (CQRS).")
    # Inline Markdown of the abstract becomes formatting on the slide.
    assert any(run.italic and run.text == "Event Sourcing" for item in event_sourcing.blocks[1].items
               for run in item.runs)
    # The licence is kept once, in the title slide's notes: the reused abstracts are under its terms.
    assert deck.title_notes == ["Talk abstracts from the listing: This work is licensed under a Creative Commons "
                                "Attribution-NonCommercial-ShareAlike 4.0 International License: "
                                "https://creativecommons.org/licenses/by-nc-sa/4.0/"]


def test_other_event_catalogue_model():
    deck = read_notes(LJUBLJANA, "ljubljana.txt")
    assert deck.title == "PyData Ljubljana 2025"
    assert deck.subtitle == "Recorded talks — 5 talks, 14–15 March 2025"
    assert [(s.title, s.budget_seconds) for s in deck.sections] == [
        ("Friday 14 March 2025", 360), ("Saturday 15 March 2025", 240)]
    talk_slides = [slide for section in deck.sections for slide in section.slides if slide.title != "Talks by room"]
    assert [slide.title for slide in talk_slides] == [talk[0] for talk in LJUBLJANA_TALKS]
    for slide, (_, speakers, room, day, url) in zip(talk_slides, LJUBLJANA_TALKS):
        assert "".join(run.text for run in slide.blocks[0].runs) == f"{speakers} · {room} · {day}"
        assert slide.blocks[-1].runs[0].href == url
    geospatial = talk_slides[2]
    assert [(run.text, run.href) for run in geospatial.blocks[-1].runs] == [
        ("Talk page on example.org", "https://example.org/talks/geospatial"), (" · ", None),
        ("Video on video.example.net", "https://video.example.net/v/geospatial")]
    assert geospatial.notes[-2:] == ["Talk page: https://example.org/talks/geospatial",
                                     "Video: https://video.example.net/v/geospatial"]
    lightning = talk_slides[3]
    assert len(lightning.blocks) == 2  # byline and link: no abstract, no bullets
    assert lightning.notes == ["Talk page: https://example.org/talks/lightning"]
    rooms = [("".join(r.text for r in item.runs), item.level)
             for item in deck.sections[0].slides[0].blocks[0].items]
    assert rooms == [("Main Stage (2 talks)", 0), ("Streaming joins without tears", 1),
                     ("Geospatial Python at city scale", 1), ("Room B: Testing notebooks like code", 0)]


# -- building with the real command line -------------------------------------------------

@pytest.mark.parametrize("listing, talks", [(EUROPYTHON, EUROPYTHON_TALKS), (LJUBLJANA, LJUBLJANA_TALKS)])
def test_catalogue_pptx_has_a_slide_per_talk_with_speaker_and_link(built, listing, talks):
    out = built(listing)
    prs = Presentation(str(out / f"{listing.stem}.pptx"))
    # A talk whose abstract needs two pages has both under its title, "(1/2)" and "(2/2)".
    by_title: dict[str, list] = {}
    for slide in prs.slides:
        if slide.shapes.title:
            by_title.setdefault(PAGE_MARK.sub("", slide.shapes.title.text_frame.text), []).append(slide)
    for talk in talks:
        title, speaker, url = talk[0], talk[1], talk[-1]
        pages = by_title[title]
        assert any(text.startswith(speaker + " · ") for text in slide_texts(pages[0]))
        assert any((f"Talk page on {url.split('/')[2]}", url) in slide_links(page) for page in pages)
        assert f"Talk page: {url}" in notes_text(pages[0])
    all_slide_text = "\n".join(text for slide in prs.slides for text in slide_texts(slide))
    for word in LICENCE_WORDS:
        assert word not in all_slide_text


def test_catalogue_html_keeps_licence_off_the_slides(built):
    out = built(EUROPYTHON)
    html = (out / "europython2024.html").read_text(encoding="utf-8")
    visible = re.sub(r"<aside class=\"notes\">.*?</aside>", "", html, flags=re.DOTALL)
    sections = re.findall(r"<section\b.*?</section>", visible, flags=re.DOTALL)
    # Title, section, the rooms and the ten talks (a long one over two pages): one section, so no agenda
    # (`agenda: auto`).
    headings = [PAGE_MARK.sub("", re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h[12][^>]*>.*?</h[12]>",
                                                                                   "".join(sections))]
    assert len(sections) == len(headings)
    talks = [heading for heading in dict.fromkeys(headings[2:]) if heading != "Talks by room"]
    assert talks == [talk[0] for talk in EUROPYTHON_TALKS]
    for word in LICENCE_WORDS:
        assert word not in "".join(sections)
    for title, _, _, url in EUROPYTHON_TALKS:
        assert f'<a href="{url}">Talk page on ep2024.europython.eu</a>' in visible


def test_catalogue_in_libreoffice_shows_talks_not_licence(built, tmp_path):
    out = built(EUROPYTHON)
    text = pdf_text(libreoffice_to_pdf(out / "europython2024.pptx", tmp_path))
    flat = " ".join(text.split())
    for title, speaker, _, _ in EUROPYTHON_TALKS:
        assert speaker in flat
    assert "Zero Trust APIs with Python" in flat
    for word in LICENCE_WORDS:
        assert word not in flat


def test_catalogue_html_in_chromium(built, browser):
    out = built(LJUBLJANA)
    page = browser.new_page()
    page.goto((out / "pydata_ljubljana_2025.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("Reveal.getTotalSlides()") == 1 + 2 * 2 + 5   # two sections: no agenda (`agenda: auto`)
    # (no agenda, so no "#/N" links; any would stay inside the deck)
    links = page.eval_on_selector_all(".slides a[href]:not([href^='#'])", "els => els.map(a => a.href)")
    assert set(links) == {talk[-1] for talk in LJUBLJANA_TALKS} | {"https://video.example.net/v/geospatial"}
    page.close()


# -- importing as an outline ---------------------------------------------------------------

def test_import_listing_round_trip_with_markup_everywhere(tmp_path):
    listing = ROOT / "tests" / "fixtures" / "markup_in_listing.txt"
    outline = tmp_path / "odd.md"
    assert run_confdeck("import", "listing", str(listing), "-o", str(outline)).returncode == 0
    original = read_notes(listing)
    assert without_spans(asdict(read_notes(outline))) == without_spans(asdict(original))
    slide = original.sections[0].slides[0]
    assert slide.title == "Odd *talk* <b>1</b> & co"
    assert slide.blocks[-1].runs[0].href == "https://x.example/odd?a=1&b=(2)"
    assert slide.notes[0].startswith("In this talk we look at `a|b` and **bold** text & &amp; entities "
                                     "<script>alert(1)</script>.")


@pytest.mark.parametrize("listing", [EUROPYTHON, LJUBLJANA])
def test_import_listing_outline_builds_the_same_deck(tmp_path, built, listing):
    outline = tmp_path / "curated.md"
    result = run_confdeck("import", "listing", str(listing), "-o", str(outline))
    assert result.returncode == 0, result.stderr
    count = len(parse_listing(listing.read_text(encoding="utf-8"), "x").talks)
    assert result.stdout == f"wrote {outline} ({count} talks in {len(read_notes(listing).sections)} " \
                            f"section{'s' if listing == LJUBLJANA else ''}); build it with: confdeck build {outline}\n"
    # Same model: titles, blocks, formatting, links, notes, budgets of sections.
    assert without_spans(asdict(read_notes(outline))) == without_spans(asdict(read_notes(listing)))
    out = built(outline)
    catalogue_out = tmp_path / "catalogue"
    assert run_confdeck("build", str(listing), "-o", str(catalogue_out)).returncode == 0
    curated = Presentation(str(out / "curated.pptx"))
    original = Presentation(str(catalogue_out / f"{listing.stem}.pptx"))
    assert titles(curated) == titles(original)
    assert [slide_links(s) for s in curated.slides] == [slide_links(s) for s in original.slides]
    assert [notes_text(s) for s in curated.slides] == [notes_text(s) for s in original.slides]


def test_import_listing_outline_text():
    listing = parse_listing(LJUBLJANA.read_text(encoding="utf-8"), "ljubljana.txt")
    from confdeck.importing.markdown_out import deck_markdown
    result = catalogue(listing)
    text = deck_markdown(result.deck, result.slide_budgets)
    assert text.startswith("# PyData Ljubljana 2025\n\nRecorded talks — 5 talks, 14–15 March 2025\n\n"
                           "<!-- Talk abstracts from the listing: This work is licensed under")
    assert "\n## Friday 14 March 2025 (~6 mins)\n\n### Talks by room\n\n- Main Stage (2 talks)\n" \
           "  - Streaming joins without tears\n" in text
    assert ("\n### Testing notebooks like code (~2 mins)\n\n**Eva Zupan** · Room B · Friday 14 March 2025\n\n"
            "- This talk shows how `nbval` and *papermill* turn a folder of notebooks into a test suite that runs "
            "on every pull request.\n") in text
    assert "[Talk page on example.org](https://example.org/talks/testing-notebooks)\n\nNote: Notebooks rot " \
           "quietly." in text
    assert "\n\nYou should know pytest basics.\n\nTalk page: https://example.org/talks/testing-notebooks\n" in text
    assert "\n### Lightning talks (~2 mins)\n\n**Maja Novak, Tim Berg and Sara Lind** · Room B · " \
           "Saturday 15 March 2025\n\n[Talk page on example.org](https://example.org/talks/lightning)\n\n" \
           "Note: Talk page: https://example.org/talks/lightning\n" in text
    # Abstract Markdown stays as written in the notes: escaped so it reads back the same.
    assert "\\`nbval\\` and \\_papermill\\_" in text


def test_import_listing_refuses_a_file_that_is_not_a_listing(tmp_path):
    outline = tmp_path / "x.md"
    result = run_confdeck("import", "listing", "notes/pwc2020.md", "-o", str(outline))
    assert result.returncode == 2
    assert result.stderr == ("error: notes/pwc2020.md: not a talk listing: expected `Title — Speaker` lines followed "
                             "by `[Event — Room on YYYY-MM-DD] Title by Speaker URL abstract` lines\n")
    assert not outline.exists()
