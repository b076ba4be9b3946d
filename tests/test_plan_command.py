"""`confdeck plan`, `build --strict`, `build --auto-advance`, and the plan as both decks carry it."""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from conftest import NOTES, agenda_rows, libreoffice_to_pdf, need_program, pdf_page_count, run_confdeck
from confdeck.build import BuildOptions, plan_notes

PWC = "notes/pwc2020.md"

SPELLINGS = (Path(__file__).parent / "fixtures" / "budget_spellings.md").read_text(encoding="utf-8")


def rows(stdout: str) -> list[str]:
    """Output lines with runs of spaces squeezed, so column widths do not matter."""
    return [" ".join(line.split()) for line in stdout.splitlines()]


def planned_slides(notes: Path, duration: int | None = None, template: str | None = None):
    """The plan exactly as `confdeck build` makes it."""
    return plan_notes(notes, BuildOptions(duration_seconds=duration, template=template), str(notes))[0]


# -- confdeck plan -------------------------------------------------------------

def test_plan_table_for_pwc2020():
    result = run_confdeck("plan", PWC)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = rows(result.stdout)
    assert lines[0] == "Python Web Conference 2020"
    assert lines[2] == "# Section Budget Planned Slides Start Per slide"
    # Slides counts every slide of a section (header, content, continuation pages). Sections of one slide
    # have no header slide (section_slides: auto), so that slide has all the time; "Cautionary Tales"
    # (a content and an image slide) keeps its header's 10 s.
    assert lines[4:10] == [
        "1 Conference overview 5 min 5:00 1 0:00 5:00",
        "2 Tools/libraries/techniques from talks 10 min 10:00 1 5:00 10:00",
        "3 General web stuff 3 min 3:00 1 15:00 3:00",
        "4 Magic 1 min 1:00 1 18:00 1:00",
        "5 Cautionary Tales/Call to action/Inspiration… (none) 2:00 3 19:00 0:55",
        "6 Sharing experiences as a theme 5 min 5:00 2 21:00 2:30",
    ]
    assert lines[11] == "Total 24 min 26:00 11"
    assert lines[13] == ("Slides: 11 (1 title, 1 agenda, 7 content, 1 section headers, 1 picture); "
                         "title and agenda take no planned time")
    assert lines[14] == "Talk: 26:00 planned; no duration given (use --duration or `duration:`)"
    long = " (more than 3 min on one slide: split it, or give its section less time)"
    assert lines[16:] == [
        "warning: notes/pwc2020.md:30: section “Cautionary Tales/Call to action/Inspirational talks” (2 min) "
        "has no budget and there is no duration: planned at the default pace of 1 min per slide; "
        "give it a budget such as (~5 mins)",
        f"warning: notes/pwc2020.md:9: slide “Conference overview” gets 5:00{long}",
        f"warning: notes/pwc2020.md:13: slide “Tools/libraries/techniques from talks” gets 10:00{long}"]
    # "Sharing experiences" (5 min) fills two pages of about the same weight: neither gets more than 3 min.



def test_plan_warns_when_the_talk_is_over():
    result = run_confdeck("plan", PWC, "--duration", "15m")
    assert result.returncode == 0, result.stderr
    lines = rows(result.stdout)
    assert "Talk: 26:00 planned for 15:00: over by 11 min" in lines
    assert ("warning: notes/pwc2020.md:1: talk is over by 11 min: the plan takes 26 min (budgets 24 min) "
            "but the talk is 15 min") in lines


def test_plan_json_shape(tmp_path):
    notes = tmp_path / "spellings.md"
    notes.write_text(SPELLINGS, encoding="utf-8")
    result = run_confdeck("plan", str(notes), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"title", "duration_seconds", "total_seconds", "sections", "warnings"} <= set(report)
    assert report["title"] == "Budget spellings"
    assert report["duration_seconds"] == 1800
    assert report["total_seconds"] == 1800
    # One unbudgeted slide takes all 12:30 the budgets leave: the case, named once.
    assert report["warnings"][0].endswith(
        "spellings.md:19: section “Wrap-up” has no budget and takes 12:30 min of the 12:30 min the budgets leave "
        "(12:30 per slide); give it a budget such as (~5 mins), or budget the other sections to fill the talk")
    # Title, agenda and one slide per section: every section has one slide, so none gets a header slide.
    assert len(report["slides"]) == 8 and report["slides"][0]["kind"] == "title"
    assert [slide["kind"] for slide in report["slides"]].count("section") == 0
    sections = report["sections"]
    assert [(s["title"], s["budget_seconds"], s["planned_seconds"], s["start_seconds"]) for s in sections] == [
        ("Opening", 180, 180, 0),
        ("Architecture", 240, 240, 180),
        ("Lessons learned", 240, 240, 420),
        ("Demo", 90, 90, 660),
        ("Q&A prep", 300, 300, 750),
        ("Wrap-up", None, 750, 1050),   # exactly what the budgets leave of the 30 minutes
    ]
    for section in sections:
        assert {"title", "budget_seconds", "planned_seconds", "start_seconds", "slides"} <= set(section)
        assert all(set(slide) >= {"title", "seconds"} and isinstance(slide["seconds"], int)
                   for slide in section["slides"])
        assert sum(slide["seconds"] for slide in section["slides"]) == section["planned_seconds"]
    assert [slide["title"] for slide in sections[5]["slides"]] == ["Wrap-up"]   # one slide: no header


def test_plan_json_with_duration_option_and_warnings():
    result = run_confdeck("plan", PWC, "--json", "--duration", "15m")
    report = json.loads(result.stdout)
    assert report["duration_seconds"] == 900
    assert report["total_seconds"] == 1560
    assert report["warnings"][0] == ("notes/pwc2020.md:1: talk is over by 11 min: the plan takes 26 min "
                                     "(budgets 24 min) but the talk is 15 min")
    assert [s["budget_seconds"] for s in report["sections"]] == [300, 600, 180, 60, None, 300]
    assert [s["start_seconds"] for s in report["sections"]] == [0, 300, 900, 1080, 1140, 1260]


def test_plan_user_errors():
    missing = run_confdeck("plan", "notes/nope.md")
    assert (missing.returncode, missing.stderr.strip()) == (2, "error: notes/nope.md: no such file")
    bad = run_confdeck("plan", PWC, "--duration", "soon")
    assert bad.returncode == 2
    assert "argument --duration: expected a duration such as 25m, 1h or 00:25:00, got 'soon'" in bad.stderr
    assert "Traceback" not in bad.stderr + missing.stderr


# -- confdeck build --strict ---------------------------------------------------

def test_build_strict_fails_and_writes_nothing_new(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = {name: f"an older {name}".encode() for name in ("pwc2020.pptx", "pwc2020.html")}
    for name, data in old.items():
        (out / name).write_bytes(data)
    result = run_confdeck("build", PWC, "-o", str(out), "--strict")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "error: --strict: 4 warnings, nothing written"
    assert "has no budget and there is no duration" in result.stderr
    assert result.stdout == ""
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old


CLEAN = ("---\nduration: 6m\n---\n# Clean\n\n## Why (2 min)\n\n### Problem\n\n- slow builds\n\n"
         "### Cost\n\n- an hour a day\n\n## How (3 min)\n\n### Cache\n\n- keyed by content\n\n"
         "### Results\n\n- ten times faster\n\n## Questions (1 min)\n")


def test_build_strict_passes_a_clean_plan(tmp_path):
    # A closing "Questions" section with no content is normal: no warning for it.
    notes = tmp_path / "clean.md"
    notes.write_text(CLEAN, encoding="utf-8")
    result = run_confdeck("build", str(notes), "-o", str(tmp_path / "out"), "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    deck = Presentation(str(tmp_path / "out" / "clean.pptx"))
    assert [slide.shapes.title.text for slide in deck.slides][-1] == "Questions"


def test_plan_strict_exits_1_on_warnings_and_0_on_a_clean_plan(tmp_path):
    warned = run_confdeck("plan", PWC, "--strict")
    assert warned.returncode == 1
    assert warned.stderr.strip() == "error: --strict: 3 warnings in the plan"
    assert "warning: notes/pwc2020.md:9: slide “Conference overview” gets 5:00" in warned.stdout
    notes = tmp_path / "clean.md"
    notes.write_text(CLEAN, encoding="utf-8")
    clean = run_confdeck("plan", str(notes), "--strict")
    assert (clean.returncode, clean.stderr) == (0, "")
    assert "warning" not in clean.stdout


def test_plan_slides_lists_every_slide_with_its_time():
    result = run_confdeck("plan", PWC, "--slides")
    assert result.returncode == 0, result.stderr
    lines = rows(result.stdout)
    listed = [line for line in lines if re.match(r"^\d+ \+\d+:\d\d", line)]
    assert len(listed) == 11  # every slide of the deck, title and agenda included
    # Start: the clock time into the talk when the slide comes up.
    assert listed[0] == "1 +0:00 0:00 – Python Web Conference 2020 [title]"
    assert listed[1] == "2 +0:00 0:00 – Agenda [agenda]"
    assert listed[2] == "3 +0:00 5:00 1 Conference overview"   # one slide: no header slide
    assert listed[3] == "4 +5:00 10:00 2 Tools/libraries/techniques from talks"
    assert listed[6] == "7 +19:00 0:10 5 Cautionary Tales/Call to action/Inspirational talks [section]"
    # The section's 5 min split by the weight of each page's text (the first page holds the most).
    assert listed[-2:] == ["10 +21:00 3:00 6 Sharing experiences as a theme (1/2)",
                           "11 +24:00 2:00 6 Sharing experiences as a theme (2/2)"]
    assert "+26:00 end" in lines


def test_plan_slides_shows_the_time_of_day_when_the_talk_has_a_start(tmp_path):
    notes = tmp_path / "talk.md"
    notes.write_text("---\ntitle: Rehearsal\nstart: 13:50\n---\n\n# Rehearsal\n\n"
                     "## Opening (~10 mins)\n\n### Why\n\n- reason\n\n### How\n\n- method\n\n"
                     "## Demo (~1 hour)\n\n### Live\n\n- it works\n", encoding="utf-8")
    result = run_confdeck("plan", str(notes), "--slides")
    assert result.returncode == 0, result.stderr
    lines = rows(result.stdout)
    listed = [line for line in lines if re.match(r"^\d+ \d+:\d\d", line)]
    # Opening has 10 minutes from 13:50, its header slide 10 s of them; Demo starts at 14:00.
    assert listed == ["1 13:50 0:00 – Rehearsal [title]", "2 13:50 0:10 1 Opening [section]",
                      "3 13:50:10 4:55 1 Why", "4 13:55:05 4:55 1 How", "5 14:00 0:10 2 Demo [section]",
                      "6 14:00:10 59:50 2 Live"]
    assert "15:00 end" in lines  # 13:50 + 10 min + 1 hour


def test_a_section_absorbing_the_leftover_time_is_named(tmp_path):
    notes = tmp_path / "trip.md"
    notes.write_text("# Trip\n\n## Keynotes (10 min)\n\n" + "".join(f"### K{n}\n\n- point\n\n" for n in range(5))
                     + "## Hallway\n\n### People\n\n- met many\n\n### Ideas\n\n- some\n", encoding="utf-8")
    result = run_confdeck("plan", str(notes), "--duration", "40m")
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {notes}:25: section “Hallway” has no budget and takes 30 min of the 30 min "
                        "the budgets leave (15:00 per slide); give it a budget such as (~5 mins), or budget the "
                        "other sections to fill the talk"]


def test_speaker_notes_count_toward_a_slides_time(tmp_path):
    talk = "# T\n\n## S (4 min)\n\n### Short notes\n\n- a point\n\nNote: quick.\n\n### Long notes\n\n- a point\n\nNote: " \
        + "I will tell the whole story of how we got here. " * 20 + "\n"
    notes = tmp_path / "talk.md"
    notes.write_text(talk, encoding="utf-8")
    slides = {s.title: s.seconds for s in planned_slides(notes).slides if s.kind == "content"}
    # The same slide content; the one with 200 words to say gets most of the section.
    assert slides["Long notes"] > 4 * slides["Short notes"]
    assert slides["Long notes"] + slides["Short notes"] == 240 - 10


# -- the plan in both decks ----------------------------------------------------

def html_timings(page: str) -> list[int]:
    return [int(value) for value in re.findall(r'<section class="[^"]*" data-timing="(\d+)"', page)]


def html_notes(page: str) -> list[list[str]]:
    sections = re.findall(r"<section .*?</section>", page, re.S)
    return [[html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", (re.findall(r'<aside class="notes">(.*?)</aside>',
                                                                                s, re.S) or [""])[0])]
            for s in sections]


@pytest.mark.parametrize("duration", [None, "30m"])
def test_both_decks_carry_every_slides_planned_time(built, duration):
    extra = ("--duration", duration) if duration else ()
    out = built(NOTES / "pwc2020.md", *extra)
    report = json.loads(run_confdeck("plan", PWC, "--json", *extra).stdout)
    planned = planned_slides(NOTES / "pwc2020.md", 1800 if duration else None)
    expected = [slide.seconds for slide in planned.slides]

    page = (out / "pwc2020.html").read_text(encoding="utf-8")
    timings = html_timings(page)
    assert timings == expected
    assert sum(timings) == report["total_seconds"] == (1800 if duration else 1560)
    config = json.loads(re.search(r"Reveal\.initialize\(Object\.assign\((\{.*?\}), \{", page).group(1))
    assert config["totalTime"] == report["total_seconds"]
    notes = html_notes(page)
    assert notes[0][0] == planned.slides[0].pacing
    for slide, slide_notes in list(zip(planned.slides, notes))[2:]:
        assert slide_notes[0] == slide.pacing
        assert re.fullmatch(r"Section \d/6 · \d+:\d\d (budget|planned) · this slide \d+:\d\d · ends at \+\d+:\d\d",
                            slide_notes[0])
    # A section of one slide has no header (section_slides: auto): the slide has the whole budget.
    assert "Section 2/6 · 10:00 budget · this slide 10:00 · ends at +15:00" in [n[0] for n in notes if n]

    deck = Presentation(str(out / "pwc2020.pptx"))
    assert len(deck.slides) == len(planned.slides)
    for pptx_slide, slide in zip(deck.slides, planned.slides):
        if slide.pacing:
            assert pptx_slide.notes_slide.notes_text_frame.text.split("\n")[0] == slide.pacing
    agenda = agenda_rows(deck.slides[1])
    assert agenda[:2] == [("+0:00", "Conference overview", "5 min"),
                          ("+5:00", "Tools/libraries/techniques from talks", "10 min")]
    assert agenda[4] == ("+19:00", "Cautionary Tales/Call to action/Inspirational talks",
                         "~6 min" if duration else "~2 min")
    # Without --auto-advance nothing moves on by itself.
    assert all(s._element.find(qn("p:transition")) is None for s in deck.slides)


def odp_page_durations(odp: Path) -> list[int | None]:
    """Each page's automatic advance time in seconds (None: advances on click), as LibreOffice stored it."""
    content = zipfile.ZipFile(odp).read("content.xml").decode("utf-8")
    styles = dict(re.findall(r'<style:style style:name="(dp\d+)" style:family="drawing-page">'
                             r'<style:drawing-page-properties ([^>]*)/>', content))
    durations = []
    for style in re.findall(r'<draw:page [^>]*?draw:style-name="(dp\d+)"', content):
        match = re.search(r'presentation:transition-type="automatic"[^>]*presentation:duration="PT(\d+)S"',
                          styles.get(style, ""))
        durations.append(int(match.group(1)) if match else None)
    return durations


def test_auto_advance_writes_the_planned_times(built, tmp_path):
    out = built(NOTES / "pwc2020.md", "--duration", "30m", "--auto-advance")
    planned = planned_slides(NOTES / "pwc2020.md", 1800)
    deck = Presentation(str(out / "pwc2020.pptx"))
    advance = []
    for pptx_slide in deck.slides:
        transition = pptx_slide._element.find(qn("p:transition"))
        advance.append(None if transition is None else int(transition.get("advTm")) // 1000)
        if transition is not None:  # after clrMapOvr, as the schema orders it
            assert transition.getprevious().tag == qn("p:clrMapOvr")
    assert advance == [slide.seconds or None for slide in planned.slides]
    assert advance[:3] == [None, None, 300]  # title and agenda wait for the speaker; then a 5-minute section

    # LibreOffice reads the same advance times.
    soffice = need_program("soffice", "libreoffice-impress")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "odp", "--outdir", str(tmp_path), str(out / "pwc2020.pptx")],
                   check=True, capture_output=True, timeout=300)
    assert odp_page_durations(tmp_path / "pwc2020.odp") == advance


def test_auto_advance_deck_converts_in_libreoffice(built, tmp_path):
    out = built(NOTES / "pwc2020.md", "--auto-advance")
    pdf = libreoffice_to_pdf(out / "pwc2020.pptx", tmp_path)
    assert pdf_page_count(pdf) == len(Presentation(str(out / "pwc2020.pptx")).slides) == 11


def test_speaker_view_pacing_timer(built, browser):
    out = built(NOTES / "pwc2020.md", "--duration", "30m")
    page = browser.new_page()
    page.goto((out / "pwc2020.html").as_uri())
    page.wait_for_function("Reveal.isReady()")
    assert page.evaluate("Reveal.getConfig().totalTime") == 1800
    opened = time.monotonic()  # the speaker view's talk clock starts when it opens
    with page.expect_popup() as popup_info:
        page.evaluate("Reveal.getPlugin('notes').open()")
    speaker = popup_info.value
    speaker.wait_for_selector(".pacing", state="visible", timeout=15000)
    page.evaluate("Reveal.slide(2)")  # "Conference overview" (no header: one slide): 300 s allocated by its end
    speaker.wait_for_function(
        "document.querySelector('.speaker-controls-notes').textContent.includes('this slide 5:00')", timeout=15000)
    speaker.wait_for_timeout(1500)
    pacing = speaker.eval_on_selector(".pacing", "e => [e.className, e.textContent.replace(/\\s+/g, '')]")
    elapsed = time.monotonic() - opened
    assert pacing[0] == "pacing on-track"   # the talk's first timed slide: its time window starts at 0:00
    hours, minutes, seconds = (int(part) for part in pacing[1].split(":"))
    # What is left of the slide's 5:00 window: 5:00 less the time the clock has run (a second of
    # rounding either way), however slow the machine was to open the view.
    assert hours == 0 and 5 * 60 - elapsed - 1 <= minutes * 60 + seconds <= 5 * 60
    notes = speaker.eval_on_selector(".speaker-controls-notes", "e => e.textContent")
    assert "Section 1/6 · 5:00 budget · this slide 5:00 · ends at +5:00" in notes
    page.close()


def test_plan_and_build_agree_with_a_narrower_template(tmp_path):
    # A 4:3 company template pages the notes differently; `plan` must show the pages the decks get.
    template = tmp_path / "templates" / "narrow"
    template.mkdir(parents=True)
    (template / "template.yaml").write_text('name: narrow\nextends: default\nslide_size: "4:3"\n', encoding="utf-8")
    notes = str(NOTES / "pyconweb2019.md")  # long talks: a narrower slide needs more pages
    report = json.loads(run_confdeck("plan", notes, "--json", "--template", "narrow", cwd=tmp_path).stdout)
    wide = json.loads(run_confdeck("plan", notes, "--json", cwd=tmp_path).stdout)
    planned = [slide["seconds"] for section in report["sections"] for slide in section["slides"]]
    assert len(planned) > len([s for section in wide["sections"] for s in section["slides"]])
    build = run_confdeck("build", notes, "-o", str(tmp_path / "out"), "--template", "narrow", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    timings = html_timings((tmp_path / "out" / "pyconweb2019.html").read_text(encoding="utf-8"))
    assert timings == [0] + planned  # the title slide; a one-section talk gets no agenda
    assert sum(timings) == report["total_seconds"]
    assert len(Presentation(str(tmp_path / "out" / "pyconweb2019.pptx")).slides) == len(timings)


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """`confdeck plan NOTES --slides | head`: the closed pipe ends confdeck quietly, as it ends other tools."""
    notes = tmp_path / "long.md"
    # Titles long enough that the listing is several times what a pipe holds (64 kB on Linux).
    title = "of a talk whose slide titles run on for a while, and on, and on, well past the width of a terminal line"
    notes.write_text("# Long talk\n\n" + "".join(f"## Part {n}\n\n### Slide {n} {title}\n\n- point {n}\n\n"
                                                  for n in range(1500)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "confdeck", "plan", str(notes), "--slides"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    process.stdout.close()   # more than a pipe's buffer is still to come
    err = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert first.startswith("Long talk")
    assert "internal error" not in err and "Traceback" not in err and "BrokenPipe" not in err, err
