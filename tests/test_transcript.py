"""Transcripts: `build` explains and stops; `import transcript` makes a skeleton that keeps every word."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import NOTES, run_confdeck
from confdeck.read import read_notes
from confdeck.read.transcript import (
    WORDS_PER_MINUTE, has_outline_marks, part_titles, Part, read_transcript, transcript_units,
)

SPONSORS = NOTES / "sponsors.txt"
NO_OUTLINE = ("error: notes/sponsors.txt: no outline found (looks like a transcript: 5685 lines, no headings or "
              "lists); try: confdeck import transcript notes/sponsors.txt -o notes/sponsors.md\n")

TOPICS = {
    "garden": "the tomato plants in the garden need water and the soil needs compost every spring so the "
              "garden beds stay rich and the tomato harvest is big",
    "trains": "the night train leaves the station at ten and the sleeper carriage has six beds so the train "
              "crew checks tickets before the station stop",
    "django": "django models map tables to classes and the query set builds sql lazily so the database sees "
              "one query when the django view finally loops",
}


def caption_lines(text: str, per_line: int = 7) -> list[str]:
    words = text.split()
    return [" " + " ".join(words[i:i + per_line]) + " " for i in range(0, len(words), per_line)]


def spoken_words(text: str) -> list[str]:
    return text.split()


# -- recognising a transcript ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (SPONSORS.read_text(encoding="utf-8"), False),
    ("so this is python\n 3. \nthe key thing here\n", False),   # a number inside running speech
    ("# Title\n\ntext\n", True),
    ("words\n\n3. item\n", True),
    ("words\n1. item\n", True),
    ("words\n- item\n", True),
    ("Title\n=====\n", True),
    ("```\n# not a heading\n```\nplain words\n", False),
])
def test_outline_marks(text, expected):
    assert has_outline_marks(text) is expected


@pytest.mark.parametrize("name", ["pwc2020.md", "pyconweb2019.md", "pyconweb2024.md"])
def test_markdown_notes_have_outline_marks(name):
    assert has_outline_marks((NOTES / name).read_text(encoding="utf-8"))


def test_build_on_transcript_says_what_to_do_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = run_confdeck("build", "notes/sponsors.txt", "-o", str(out))
    assert result.returncode == 2
    assert result.stderr == NO_OUTLINE
    assert result.stdout == ""
    assert not out.exists()


def test_no_outline_suggests_another_name_for_markdown(tmp_path):
    prose = tmp_path / "ramble.md"
    prose.write_text("just some words\nand more words\n", encoding="utf-8")
    result = run_confdeck("build", str(prose), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == (f"error: {prose}: no outline found (looks like a transcript: 2 lines, no headings or "
                             f"lists); try: confdeck import transcript {prose} -o {tmp_path / 'ramble-outline.md'}\n")


def test_empty_file_is_not_called_a_transcript(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("\n\n", encoding="utf-8")
    result = run_confdeck("build", str(empty), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "looks like a transcript" not in result.stderr


# -- cutting -------------------------------------------------------------------------

def test_cuts_at_music_markers(tmp_path):
    lines = []
    for topic in TOPICS.values():
        lines.append(" [Music] ")
        lines.extend(caption_lines(" ".join([topic] * 10)))   # ~250 words: about 2 minutes each
    skeleton = read_transcript("\n".join(lines) + "\n", "videos.txt", minutes=2)
    assert [part.text.split()[:4] for part in skeleton.parts] == [
        ["[Music]", "the", "tomato", "plants"], ["[Music]", "the", "night", "train"],
        ["[Music]", "django", "models", "map"]]
    assert [part.title for part in skeleton.parts] == [
        "Tomato · Garden · Plants", "Train · Station · Night", "Django · Query · Models"]


def test_cuts_at_a_topic_turn_without_markers():
    lines = caption_lines(" ".join([TOPICS["garden"]] * 12)) + caption_lines(" ".join([TOPICS["trains"]] * 12))
    skeleton = read_transcript("\n".join(lines) + "\n", "talk.txt", minutes=2)
    assert len(skeleton.parts) == 2
    assert skeleton.parts[1].text.startswith("the night train leaves")


def test_sponsor_parts_are_about_two_minutes():
    skeleton = read_transcript(SPONSORS.read_text(encoding="utf-8"), "notes/sponsors.txt", minutes=2)
    sizes = [part.words for part in skeleton.parts]
    target = 2 * WORDS_PER_MINUTE
    assert all(0.4 * target <= size <= 2 * target for size in sizes)
    assert abs(sum(sizes) / len(sizes) - target) < 0.15 * target
    assert sum(sizes) == 31661  # every word but the 75 [Music]/[Applause] markers is speech
    longer = read_transcript(SPONSORS.read_text(encoding="utf-8"), "notes/sponsors.txt", minutes=5)
    assert len(longer.parts) < len(skeleton.parts) / 2
    # Most parts that can start at a marker do: 58 [Music] markers, many between sponsor videos.
    assert sum(part.text.startswith(("[Music]", "[Applause]")) for part in skeleton.parts) >= 20


def srt(cues: list[tuple[float, float, str]]) -> str:
    def stamp(seconds: float) -> str:
        whole = int(seconds)
        return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d},{int(seconds * 1000) % 1000:03d}"
    return "".join(f"{n}\n{stamp(a)} --> {stamp(b)}\n{text}\n\n" for n, (a, b, text) in enumerate(cues, start=1))


def test_subtitle_file_cuts_at_a_silence_and_keeps_timing_out_of_the_notes():
    # One topic throughout, so only the 6 s silence after cue 37 (259 words) marks a place to cut.
    lines = caption_lines(" ".join([TOPICS["garden"]] * 24))
    cues, clock = [], 1.0
    for index, line in enumerate(lines):
        cues.append((clock, clock + 2.5, line.strip()))
        clock += 2.6 + (6.0 if index == 36 else 0.0)
    text = srt(cues)
    assert not has_outline_marks(text)
    skeleton = read_transcript(text, "talk.srt", minutes=2)
    assert [part.text for part in skeleton.parts] == [
        " ".join(line.strip() for line in lines[:37]), " ".join(line.strip() for line in lines[37:])]
    assert not any("-->" in part.text for part in skeleton.parts)


def test_long_prose_lines_are_cut_at_sentences():
    sentence = "We measured the cache hit rate every hour. "
    units = transcript_units(sentence * 30)
    assert len(units) > 1 and all(unit.spoken <= 40 for unit in units)
    assert " ".join(unit.text for unit in units) == (sentence * 30).strip()


def test_placeholder_titles_weigh_words_particular_to_a_part():
    # As frequent as "python", but only in one part: first. Markers and stop words never count.
    parts = [Part(transcript_units("so python python uh tomato tomato\n[Music]\n[Music]\n[Music]")),
             Part(transcript_units("the python python and train train"))]
    assert part_titles(parts) == ["Tomato · Python", "Train · Python"]


# -- importing -----------------------------------------------------------------------

def test_import_transcript_keeps_every_word_in_the_notes(tmp_path):
    outline = tmp_path / "sponsors.md"
    result = run_confdeck("import", "transcript", "notes/sponsors.txt", "-o", str(outline))
    assert result.returncode == 0, result.stderr
    skeleton = read_transcript(SPONSORS.read_text(encoding="utf-8"), "notes/sponsors.txt")
    assert result.stdout == (f"wrote {outline} ({len(skeleton.parts)} parts of about 2 min from 31,661 words); "
                             f"build it with: confdeck build {outline}\n")
    assert sorted(os.listdir(tmp_path)) == ["sponsors.md"]  # nothing else written, no temp files left
    text = outline.read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+)$", text, flags=re.MULTILINE)
    assert len(headings) == len(skeleton.parts)
    assert all(re.search(r" \(~\d+(\.5)? mins?\)$", heading) for heading in headings)
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        budget = float(re.match(r".* \(~([\d.]+) mins\)\n", section)[1])
        assert budget == sum(float(m) for m in re.findall(r"^### .* \(~([\d.]+) mins?\)$", section, re.M))

    words = spoken_words(SPONSORS.read_text(encoding="utf-8"))
    # The outline read back: the slides' notes are the transcript, word for word, in order.
    deck = read_notes(outline)
    notes_words = [word for section in deck.sections for slide in section.slides
                   for note in slide.notes for word in note.split()]
    assert notes_words == words

    # The built deck: every word in the speaker notes, in order.
    out = tmp_path / "out"
    built = run_confdeck("build", str(outline), "-o", str(out))
    assert built.returncode == 0, built.stderr
    prs = Presentation(str(out / "sponsors.pptx"))
    pptx_words = [word for slide in prs.slides if slide.has_notes_slide
                  for word in slide.notes_slide.notes_text_frame.text.split()]
    remaining = iter(pptx_words)
    assert all(any(word == seen for seen in remaining) for word in words), "a transcript word is missing"
    html = (out / "sponsors.html").read_text(encoding="utf-8")
    assert html.count('<aside class="notes">') >= len(skeleton.parts)


def test_import_transcript_skeleton_slide(tmp_path):
    outline = tmp_path / "videos.md"
    source = tmp_path / "videos.txt"
    lines = []
    for topic in TOPICS.values():
        lines.append(" [Music] ")
        lines.extend(caption_lines(" ".join([topic] * 10)))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_confdeck("import", "transcript", str(source), "-o", str(outline)).returncode == 0
    text = outline.read_text(encoding="utf-8")
    assert text.startswith("# Videos\n\nSkeleton from a transcript: 770 words, about 6:00 of speech\n\n<!-- Made by "
                           f"confdeck import transcript from {source}: each slide is about 2 minutes")
    assert "\n## Minutes 0–6 (~6 mins)\n\n### Tomato · Garden · Plants (~2 mins)\n\n" \
           "> the tomato plants in the garden need water and the soil needs compost every spring so the garden " \
           "…\n\nNote: \\[Music\\] the tomato plants" in text
    deck = read_notes(outline)
    assert [slide.title for slide in deck.sections[0].slides] == [
        "Tomato · Garden · Plants", "Train · Station · Night", "Django · Query · Models"]


def test_import_refuses_to_overwrite_without_force(tmp_path):
    outline = tmp_path / "mine.md"
    outline.write_text("# My own notes\n", encoding="utf-8")
    result = run_confdeck("import", "transcript", "notes/sponsors.txt", "-o", str(outline))
    assert result.returncode == 2
    assert result.stderr == f"error: {outline}: already exists; not overwriting it (use --force to replace it)\n"
    assert outline.read_text(encoding="utf-8") == "# My own notes\n"
    forced = run_confdeck("import", "transcript", "notes/sponsors.txt", "-o", str(outline), "--force",
                          "--minutes", "5")
    assert forced.returncode == 0, forced.stderr
    assert outline.read_text(encoding="utf-8").startswith("# Sponsors\n")
    assert sorted(os.listdir(tmp_path)) == ["mine.md"]


def test_import_refuses_its_own_source_and_missing_folders(tmp_path):
    source = tmp_path / "talk.txt"
    source.write_text("so we start\n", encoding="utf-8")
    same = run_confdeck("import", "transcript", str(source), "-o", str(source), "--force")
    assert same.returncode == 2
    assert same.stderr == f"error: {source}: the output is the file being imported; choose another name\n"
    assert source.read_text(encoding="utf-8") == "so we start\n"
    missing = run_confdeck("import", "transcript", str(source), "-o", str(tmp_path / "nope" / "x.md"))
    assert missing.returncode == 2
    assert missing.stderr == f"error: {tmp_path / 'nope' / 'x.md'}: folder {tmp_path / 'nope'} does not exist\n"
    assert not (tmp_path / "nope").exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("\n [Music] \n", encoding="utf-8")
    result = run_confdeck("import", "transcript", str(empty), "-o", str(tmp_path / "e.md"))
    assert result.returncode == 2
    assert result.stderr == f"error: {empty}: nothing to import: the file has no words of speech\n"
    assert not (tmp_path / "e.md").exists()


def test_minutes_must_be_positive(tmp_path):
    result = run_confdeck("import", "transcript", "notes/sponsors.txt", "-o", str(tmp_path / "x.md"),
                          "--minutes", "0")
    assert result.returncode == 2
    assert "argument --minutes: expected a number of minutes between 0 and 600, got '0'" in result.stderr


# -- a shorter talk: --duration / --slides ------------------------------------------------------

def test_import_for_a_ten_minute_talk_keeps_five_parts_and_lists_the_rest(tmp_path):
    outline = tmp_path / "sponsors.md"
    result = run_confdeck("import", "transcript", "notes/sponsors.txt", "-o", str(outline), "--duration", "10m")
    assert result.returncode == 0, result.stderr
    full = read_transcript(SPONSORS.read_text(encoding="utf-8"), "notes/sponsors.txt")
    assert f"the 5 most telling of {len(full.parts)} parts for a 10:00 talk" in result.stdout
    assert f"left out {len(full.parts) - 5} parts" in result.stdout
    deck = read_notes(outline, str(outline))
    slides = [slide for section in deck.sections for slide in section.slides]
    assert len(slides) == 5
    plan = run_confdeck("plan", str(outline), "--json")
    import json
    report = json.loads(plan.stdout)
    assert report["total_seconds"] == 600  # the talk's length, shared by the kept parts
    # Every kept slide's notes are one part of the recording, word for word; the rest are named.
    texts = {part.text: part for part in full.parts}
    kept = [texts[" ".join(slide.notes)] for slide in slides]
    listed = " ".join(deck.title_notes)
    left = [part for part in full.parts if part not in kept]
    assert all(f"line {part.line} “{part.title}”" in listed for part in left)
    assert not any(f"line {part.line} “" in listed for part in kept)
    # One from each stretch of the four hours, not five from one session.
    places = [full.parts.index(part) for part in kept]
    assert [5 * place // len(full.parts) for place in places] == [0, 1, 2, 3, 4]


def test_the_most_telling_parts_win_over_small_talk():
    filler = "thank you so much thank you thanks everyone thank you so much for coming thanks again " * 12
    parts = [filler, TOPICS["garden"] * 6, filler, filler, TOPICS["trains"] * 6, filler]
    text = "\n\n\n".join(caption_lines(part) and "\n".join(caption_lines(part)) for part in parts) + "\n"
    skeleton = read_transcript(text, "day.txt", minutes=0.5, slides=2)
    titles = [part.title.lower() for part in skeleton.parts]
    assert len(skeleton.parts) == 2
    assert any("tomato" in t or "garden" in t for t in titles[:1]), titles
    assert any("train" in t or "station" in t for t in titles[1:]), titles
    assert not any("thank" in part.text for part in skeleton.parts)  # the small talk is what is left out
