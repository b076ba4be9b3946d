"""Company templates: validation messages, lookup, inheritance, the shipped templates in both decks, commands."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from conftest import NOTES, ROOT, run_confdeck

PWC = NOTES / "pwc2020.md"
FOOTER = "Python Web Conference 2020 · Night Owl Consulting"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(cwd: Path, *args: str) -> Path:
    """pwc2020 with its budgets on the section slides too, so their look can be checked."""
    out = cwd / "out"
    notes = cwd / "notes" / "pwc2020.md"
    if not notes.exists():
        notes.parent.mkdir(parents=True, exist_ok=True)
        notes.write_text("---\nshow_budgets: sections\n---\n" + PWC.read_text(encoding="utf-8"), encoding="utf-8")
        (cwd / "images").symlink_to(PWC.parent.parent / "images")
    result = run_confdeck("build", str(notes), "-o", str(out), *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return out


def css_var(html: str, name: str) -> str:
    match = re.search(rf"--cd-{name}: ([^;]+);", html)
    assert match, name
    return match.group(1)


def theme_xml(prs) -> str:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return prs.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8")


def body_text_runs(slide):
    """The runs of a slide's text but its title's."""
    for shape in slide.shapes:
        if shape.has_text_frame and shape != slide.shapes.title:
            for paragraph in shape.text_frame.paragraphs:
                yield from paragraph.runs


def text_runs(slide):
    for shape in slide.shapes:
        if shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                yield from paragraph.runs


def paragraph_text(paragraph, addresses: bool) -> str:
    if not addresses:
        return paragraph.text
    # A link's label may be shortened to fit a narrower box; its address is what the slide says.
    # (A jump to another slide of the deck, as the agenda's items are, keeps its text: its target
    # slide's number depends on the pages.)
    return "".join(run.hyperlink.address if ":" in (run.hyperlink.address or "") else run.text
                   for run in paragraph.runs)


def content_of(pptx_path: Path, addresses: bool = False) -> list[tuple[str, list[str]]]:
    """Each slide's title and text, leaving out what a template adds (footer, slide number, date)."""
    slides = []
    for slide in Presentation(str(pptx_path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts, lengths = [], []
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title or shape.name == "Footer":
                continue
            if shape.is_placeholder and shape.placeholder_format.type is not None and \
                    shape.placeholder_format.type.name in ("FOOTER", "SLIDE_NUMBER", "DATE"):
                continue
            if shape.name == "Agenda lengths":
                lengths = [p.text.strip() for p in shape.text_frame.paragraphs]
                continue
            texts.extend(paragraph_text(p, addresses) for p in shape.text_frame.paragraphs if p.text.strip())
        if lengths:   # an agenda row ("time<tab>name") with its length, however the rows fall on pages
            rows = iter(lengths)
            texts = [f"{text}\t{next(rows, '')}".rstrip() if "\t" in text else text for text in texts]
        slides.append((title, texts))
    return slides


# -- template.yaml validation, word for word ------------------------------------------

BAD_YAML = """\
name: acme
extends: default
colors:
  accent: blue-ish
  backgrond: "#FFFFFF"
fonts:
  body: 12
slide_size: 3:2
agenda: maybe
logo:
  path: missing.png
  where: left
footer:
  text: "{title} {page}"
"""


def test_every_problem_of_a_template_yaml_is_listed_at_once(tmp_path):
    write(tmp_path / "templates" / "acme" / "template.yaml", BAD_YAML)
    result = run_confdeck("build", str(PWC), "-o", "out", "--template", "acme", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: templates/acme/template.yaml:4: colors.accent: expected #RRGGBB, #RGB or a CSS colour name "
        "such as orange, got 'blue-ish'",
        "error: templates/acme/template.yaml:5: colors.backgrond: unknown key; "
        "expected one of background, text, heading, accent, link; did you mean 'background'?",
        "error: templates/acme/template.yaml:7: fonts.body: expected a font name, got 12",
        "error: templates/acme/template.yaml:8: slide_size: expected 16:9, 4:3 or master, got '3:2'",
        "error: templates/acme/template.yaml:9: agenda: expected auto, on or off, got 'maybe'",
        "error: templates/acme/template.yaml:11: logo.path: no such file: missing.png",
        "error: templates/acme/template.yaml:12: logo.where: expected title, corner or both, got 'left'",
        "error: templates/acme/template.yaml:14: footer.text: unknown field {page}; "
        "expected {title}, {date} or {slide}",
    ]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_invalid_yaml_names_its_line(tmp_path):
    write(tmp_path / "templates" / "acme" / "template.yaml", "name: acme\ncolors: [\n")
    result = run_confdeck("build", str(PWC), "--template", "acme", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "error: templates/acme/template.yaml:2: the list opened here with [ is never closed with ]\n"


def test_unknown_template_lists_the_available_ones(tmp_path):
    write(tmp_path / "templates" / "zeta" / "template.yaml", "name: zeta\n")
    result = run_confdeck("build", str(PWC), "--template", "acme", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "error: no template 'acme'; available: bold, default, midnight, nightowl, zeta\n")
    typo = run_confdeck("build", str(PWC), "--template", "nightowel", cwd=tmp_path)
    assert (typo.returncode, typo.stderr) == (
        2, "error: no template 'nightowel'; available: bold, default, midnight, nightowl, zeta; "
           "did you mean 'nightowl'?\n")


@pytest.mark.parametrize("name", ["../x", "/etc", "a/b", ".."])
def test_a_template_name_must_be_a_plain_folder_name(tmp_path, name):
    result = run_confdeck("build", str(PWC), "--template", name, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"error: template name {name!r} is not a plain folder name\n")


def test_front_matter_chooses_the_template_and_the_option_wins(tmp_path):
    notes = write(tmp_path / "talk.md", "---\ntemplate: nightowl\n---\n# Talk\n\n- Part one\n  - point\n")
    result = run_confdeck("build", str(notes), "-o", "a", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert css_var((tmp_path / "a" / "talk.html").read_text(), "background") == "#0B1E33"
    result = run_confdeck("build", str(notes), "-o", "b", "--template", "default", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert css_var((tmp_path / "b" / "talk.html").read_text(), "background") == "#FFFFFF"


def test_templates_extending_each_other_in_a_loop(tmp_path):
    write(tmp_path / "templates" / "a" / "template.yaml", "name: a\nextends: b\n")
    write(tmp_path / "templates" / "b" / "template.yaml", "name: b\nextends: a\n")
    result = run_confdeck("build", str(PWC), "--template", "a", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "error: templates/b/template.yaml:2: extends: templates extend each other in a loop: a → b → a\n")


def test_a_master_that_is_not_a_powerpoint_file(tmp_path):
    write(tmp_path / "templates" / "acme" / "template.yaml", "name: acme\n")
    write(tmp_path / "templates" / "acme" / "master.pptx", "just some text, not a deck\n")
    result = run_confdeck("build", str(PWC), "--template", "acme", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "error: templates/acme/master.pptx: not a PowerPoint file (not a zip archive)\n")


def test_a_logo_that_is_not_an_image(tmp_path):
    write(tmp_path / "templates" / "acme" / "template.yaml", "name: acme\nlogo: logo.png\n")
    write(tmp_path / "templates" / "acme" / "logo.png", "not a picture")
    result = run_confdeck("build", str(PWC), "--template", "acme", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "error: templates/acme/logo.png: logo is not an image (PNG, JPEG or GIF)\n")


# -- the shipped templates in both decks -----------------------------------------------------

@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """pwc2020 built with each shipped template."""
    outs = {}
    for name in ("default", "nightowl"):
        cwd = tmp_path_factory.mktemp(name)
        outs[name] = build(cwd, "--template", name)
    return outs


def test_default_template_look_in_pptx_and_html(shipped):
    prs = Presentation(str(shipped["default"] / "pwc2020.pptx"))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # PowerPoint's own 16:9
    theme = theme_xml(prs)
    assert '<a:accent1><a:srgbClr val="2E7D32"/>' in theme and '<a:hlink><a:srgbClr val="1565C0"/>' in theme
    agenda = prs.slides[1]
    assert agenda.shapes.title.text == "Agenda"
    title_run = agenda.shapes.title.text_frame.paragraphs[0].runs[0]
    assert (title_run.font.name, str(title_run.font.color.rgb)) == ("Calibri", "1F3A5F")
    body_runs = [r for r in text_runs(agenda) if "Conference overview" in r.text]
    assert [(r.font.name, str(r.font.color.rgb)) for r in body_runs] == [("Calibri", "222222")]
    # Each item's start time links to its section: in the link colour, like every link.
    time_runs = [r for r in text_runs(agenda) if r.text == "+0:00"]
    assert [(r.font.name, str(r.font.color.rgb)) for r in time_runs] == [("Calibri", "1565C0")]
    body_runs = [r for r in body_text_runs(prs.slides[3]) if r.text.strip() and not r.hyperlink.address]
    assert {(r.font.name, str(r.font.color.rgb)) for r in body_runs} == {("Calibri", "222222")}
    assert not any(shape.name in ("Logo", "Footer") for slide in prs.slides for shape in slide.shapes)
    html = (shipped["default"] / "pwc2020.html").read_text()
    assert [css_var(html, k) for k in ("background", "text", "heading", "accent", "link")] == \
        ["#FFFFFF", "#222222", "#1F3A5F", "#2E7D32", "#1565C0"]
    assert css_var(html, "font-heading").startswith('"Calibri", "Carlito"')
    assert '<div class="cd-footer">' not in html and '<img class="cd-corner-logo"' not in html


def test_nightowl_template_look_in_pptx(shipped):
    prs = Presentation(str(shipped["nightowl"] / "pwc2020.pptx"))
    # The company's master: its size, its renamed layouts, no sample slides left.
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # PowerPoint's own 16:9
    layouts = [slide.slide_layout.name for slide in prs.slides]
    # Sections of one slide have no header (section_slides: auto); the one with two has its Chapter Break.
    assert layouts[:4] == ["Cover", "Heading + Text", "Heading + Text", "Heading + Text"]
    assert layouts.count("Chapter Break") == 1
    assert "Photo" in layouts
    assert not any("Sample" in run.text for slide in prs.slides for run in text_runs(slide))
    theme = theme_xml(prs)
    assert '<a:accent1><a:srgbClr val="FFB000"/>' in theme
    assert '<a:majorFont><a:latin typeface="Georgia"/>' in re.sub(r">\s+<", "><", theme)
    background = prs.slide_master._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}cSld/"
        "{http://schemas.openxmlformats.org/presentationml/2006/main}bg")
    assert '<a:srgbClr val="0B1E33"/>' in background.xml
    agenda = prs.slides[1]
    title_run = agenda.shapes.title.text_frame.paragraphs[0].runs[0]
    assert (title_run.font.name, str(title_run.font.color.rgb)) == ("Georgia", "FFFFFF")
    bullet = next(r for r in text_runs(agenda) if "Conference overview" in r.text)
    assert (bullet.font.name, str(bullet.font.color.rgb)) == ("Arial", "E8EDF2")
    start = next(r for r in text_runs(agenda) if r.text == "+0:00")   # the start time links to its section
    assert (start.font.name, str(start.font.color.rgb)) == ("Arial", "7FD1FF")
    bullet = next(r for r in body_text_runs(prs.slides[3]) if r.text.strip() and not r.hyperlink.address)
    assert (bullet.font.name, str(bullet.font.color.rgb)) == ("Arial", "E8EDF2")
    section = next(slide for slide in prs.slides if slide.slide_layout.name == "Chapter Break")
    minutes = next(r for r in text_runs(section) if r.text == "~2 min")
    assert str(minutes.font.color.rgb) == "FFB000"
    for number, slide in enumerate(prs.slides, start=1):
        logos = [shape for shape in slide.shapes if shape.name == "Logo"]
        assert len(logos) == 1 and logos[0].shape_type == 13  # a picture, in the top-right corner
        assert logos[0].left > prs.slide_width * 0.8 and logos[0].top < Inches(0.5)
        footers = {shape.placeholder_format.type.name: shape for shape in slide.placeholders
                   if shape.placeholder_format.type.name in ("FOOTER", "SLIDE_NUMBER")}
        if number == 1:
            assert footers == {}  # no footer on the title slide
            continue
        assert footers["FOOTER"].text_frame.text == FOOTER  # the master's own footer placeholder, filled
        assert footers["SLIDE_NUMBER"].text_frame.text == str(number)
        assert 'type="slidenum"' in footers["SLIDE_NUMBER"]._element.xml


def test_nightowl_template_look_in_html(shipped):
    html = (shipped["nightowl"] / "pwc2020.html").read_text()
    assert [css_var(html, k) for k in ("background", "text", "heading", "accent", "link")] == \
        ["#0B1E33", "#E8EDF2", "#FFFFFF", "#FFB000", "#7FD1FF"]
    # A font this machine lacks is followed by the one the pages were measured with (and LibreOffice draws).
    from confdeck.plan.fonts import stand_in
    assert css_var(html, "font-heading").startswith(f'"Georgia", "{stand_in("Georgia") or "Liberation Serif"}"')
    assert css_var(html, "font-body").startswith('"Arial", "Liberation Sans"')
    code = stand_in("Consolas", monospace=True) or "Liberation Mono"
    assert css_var(html, "font-code").startswith(f'"Consolas", "{code}"')
    sections = html.count("<section ")
    assert html.count(f'<div class="cd-footer">{FOOTER}</div>') == sections - 1
    assert html.count('<img class="cd-corner-logo" src="data:image/png;base64,') == sections
    assert "logo.png" not in html  # inlined: the file stays self-contained
    # nightowl's deck.html.j2 extends the default page, and its deck.css comes after the default one.
    assert '<meta name="theme-color" content="#0B1E33">' in html
    assert html.index(".reveal .slides { text-align: left; }") < html.index("Night Owl on top of the default")


def logical_slides(pptx: Path) -> tuple[list[str], list[str]]:
    """Slide titles without continuation marks, and every line of text in order: what pagination keeps.

    A bullet repeated above its sub-bullets on a continuation page ("… (continued)") is pagination's too,
    and so is where an agenda's lengths column breaks: a slide's lengths (the "Agenda lengths" box) come
    after all its pages' rows, however many pages the agenda took.
    """
    titles, texts, lengths = [], [], []
    for slide, (title, lines) in zip(Presentation(str(pptx)).slides, content_of(pptx, addresses=True)):
        base = re.sub(r" \(\d+/\d+\)$", "", title)
        if not titles or titles[-1] != base:
            texts.extend(lengths)
            lengths = []
            titles.append(base)
        own = [paragraph_text(p, True) for shape in slide.shapes if shape.name == "Agenda lengths"
               for p in shape.text_frame.paragraphs if p.text.strip()]
        rows = lines[:len(lines) - len(own)] if own else lines   # the lengths box is the slide's last text
        lengths += own
        texts.extend(line for line in rows if not line.endswith(" (continued)"))
    texts.extend(lengths)
    return titles, texts


def test_switching_templates_changes_the_look_and_nothing_else(shipped):
    # Other fonts measure differently, so a slide may continue on another page; the words stay the same.
    assert logical_slides(shipped["default"] / "pwc2020.pptx") == logical_slides(shipped["nightowl"] / "pwc2020.pptx")

    def slides_html(name):
        html = (shipped[name] / "pwc2020.html").read_text()
        body = html[html.index('<div class="slides">'):html.index("<script")]  # the slides, not the scripts
        # Footer, logo and slide number follow the pages.
        body = re.sub(r'<div class="cd-(?:footer|slide-number)">.*?</div>|<img class="cd-corner-logo"[^>]*>', "",
                      body)
        body = re.sub(r'<aside class="notes">.*?</aside>', "", body, flags=re.S)  # pacing follows the pages
        # A bullet repeated above its sub-bullets on a continuation page follows the pages too.
        body = re.sub(r'<li>(?:(?!<li|</li>|<ul|<ol).)*?<em> \(continued\)</em>', "<li>", body, flags=re.S)
        body = re.sub(r'<section[^>]*>|</section>|<h2[^>]*>[^<]*\(\d+/\d+\)</h2>|<[^>]+>', " ", body)
        return body.split()
    # The same words in the same order in both HTML decks (page marks aside).
    assert slides_html("default") == slides_html("nightowl")


# -- inheritance -----------------------------------------------------------------------------

def test_a_company_template_extends_another_and_overrides_a_few_keys(tmp_path):
    write(tmp_path / "templates" / "acme" / "template.yaml",
          'name: acme\nextends: nightowl\ncolors:\n  accent: "#FF0066"\nfooter:\n  text: "ACME · {title} · {slide}"\n'
          'slide_size: "4:3"\nsection_slides: always\n')
    out = build(tmp_path, "--template", "acme")
    html = (out / "pwc2020.html").read_text()
    assert css_var(html, "accent") == "#FF0066"            # its own value
    assert css_var(html, "background") == "#0B1E33"        # nightowl's
    assert css_var(html, "font-body").startswith('"Arial"')  # nightowl's, over default's Calibri
    assert '"width": 960, "height": 720' in html             # 4:3
    assert '<meta name="theme-color"' in html               # nightowl's deck.html.j2
    assert '<div class="cd-footer">ACME · Python Web Conference 2020 · 3</div>' in html
    prs = Presentation(str(out / "pwc2020.pptx"))
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))  # the master, resized to 4:3
    assert prs.slides[1].slide_layout.name == "Heading + Text"
    minutes = next(r for r in text_runs(prs.slides[2]) if r.text == "5 min")
    assert str(minutes.font.color.rgb) == "FF0066"
    footer = next(s for s in prs.slides[2].placeholders if s.placeholder_format.type.name == "FOOTER")
    assert footer.text_frame.text == "ACME · Python Web Conference 2020 · 3"
    assert 'type="slidenum"' in footer._element.xml
    for slide in prs.slides:  # every shape on the 4:3 page
        for shape in slide.shapes:
            if shape.left is not None:
                assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, shape.name


def test_a_user_template_without_master_gets_its_own_footer_and_logo(tmp_path):
    folder = tmp_path / "templates" / "plain"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "nightowl" / "logo.png", folder / "badge.png")
    write(folder / "template.yaml", 'name: plain\ncolors:\n  background: "#FFF8E7"\nlogo:\n  path: badge.png\n'
          '  where: both\nfooter: "{title} — {date} — {slide}"\nagenda: off\n')
    notes = write(tmp_path / "talk.md", "---\ndate: 2020-06-01\n---\n# Talk\n\n- Part one\n  - point\n")
    result = run_confdeck("build", str(notes), "-o", "out", "--template", "plain", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(tmp_path / "out" / "talk.pptx"))
    # agenda: off; a section of one slide has no header slide of its own
    assert [s.shapes.title.text for s in prs.slides] == ["Talk", "Part one"]
    assert 'val="FFF8E7"' in prs.slide_master._element.xml  # the background, written into the master
    first, second = prs.slides[0], prs.slides[1]
    assert [s.name for s in first.shapes if s.name == "Logo"] == ["Logo"]  # where: both → big on the title slide
    assert [s.name for s in second.shapes if s.name == "Logo"] == ["Logo"]
    footer = next(s for s in second.shapes if s.name == "Footer")
    assert footer.text_frame.text == "Talk — 2020-06-01 — 2"
    html = (tmp_path / "out" / "talk.html").read_text()
    assert '<div class="cd-footer">Talk — 2020-06-01 — 2</div>' in html
    assert html.count('class="cd-title-logo"') == 1 and html.count('class="cd-corner-logo"') == 1


# -- commands ---------------------------------------------------------------------------------

def test_template_new_and_list(tmp_path):
    result = run_confdeck("template", "new", "acme", "--from", "nightowl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created templates/acme/ (template.yaml); edit template.yaml, then build with " \
                            "--template acme\n"
    yaml_text = (tmp_path / "templates" / "acme" / "template.yaml").read_text()
    assert "name: acme\nextends: nightowl\n" in yaml_text
    assert '#   accent: "#FFB000"' in yaml_text  # what it inherits today, commented out
    result = run_confdeck("template", "list", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "acme      templates/acme/  extends nightowl",
        "bold      built-in         extends default, own master.pptx: white slides with violet and magenta title "
        "and section panels, amber rules",
        "default   built-in         base template: light slides, navy headings, calm green accent; every template "
        "starts from it",
        "midnight  built-in         extends default, own master.pptx: dark slides, teal accent, big clear type; "
        "for bright projectors and dim rooms",
        "nightowl  built-in         extends default, own master.pptx: dark slides, amber accent, serif headings, "
        "logo in the corner",
    ]
    out = build(tmp_path, "--template", "acme")  # the scaffold builds as is, looking like nightowl
    assert css_var((out / "pwc2020.html").read_text(), "accent") == "#FFB000"
    again = run_confdeck("template", "new", "acme", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (
        2, "error: templates/acme already exists; choose another name or edit that template\n")


def test_template_new_refuses_bad_input_and_creates_nothing(tmp_path):
    write(tmp_path / "company.pptx", "not a deck")
    result = run_confdeck("template", "new", "acme", "--master", "company.pptx", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "error: company.pptx: not a PowerPoint file (not a zip archive)\n")
    result = run_confdeck("template", "new", "acme", "--from", "nope", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "error: no template 'nope'; available: bold, default, midnight, nightowl\n")
    result = run_confdeck("template", "new", "../acme", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "error: template name '../acme' is not a plain folder name\n")
    assert not (tmp_path / "templates").exists()


def test_template_new_with_a_master_copies_it_and_shows_its_theme(tmp_path):
    master = ROOT / "templates" / "nightowl" / "master.pptx"
    result = run_confdeck("template", "new", "acme", "--master", str(master), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "templates" / "acme"
    assert (folder / "master.pptx").read_bytes() == master.read_bytes()
    text = (folder / "template.yaml").read_text()
    assert '#   background: "#0B1E33"' in text and "#   heading: Georgia" in text  # from the master's theme
    out = build(tmp_path, "--template", "acme")
    html = (out / "pwc2020.html").read_text()
    assert css_var(html, "background") == "#0B1E33"  # the master's theme, not default's white
    prs = Presentation(str(out / "pwc2020.pptx"))
    title_run = prs.slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert title_run.font.color.type is None  # left to the master: nothing of default's repaints it


def test_british_spelling_of_a_key_gets_a_suggestion(tmp_path):
    write(tmp_path / "templates" / "acme" / "template.yaml", 'colours:\n  accent: "#123456"\n')
    result = run_confdeck("build", str(PWC), "--template", "acme", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: templates/acme/template.yaml:1: colours: unknown key; expected one of name, description, extends, "
        "colors, fonts, logo, footer, slide_size, agenda, code_style, section_slides, timer, extra; did you mean 'colors'?"]


def test_short_hex_and_css_colour_names_are_accepted(tmp_path):
    write(tmp_path / "templates" / "acme" / "template.yaml",
          'colors:\n  background: "#FFF"\n  accent: orange\n  heading: DarkSlateGray\n  link: "#1a2"\n')
    out = build(tmp_path, "--template", "acme")
    html = (out / "pwc2020.html").read_text(encoding="utf-8")
    assert [css_var(html, k) for k in ("background", "accent", "heading", "link")] == \
        ["#FFFFFF", "#FFA500", "#2F4F4F", "#11AA22"]
    theme = theme_xml(Presentation(str(out / "pwc2020.pptx")))
    assert '<a:accent1><a:srgbClr val="FFA500"/>' in theme and '<a:hlink><a:srgbClr val="11AA22"/>' in theme


@pytest.mark.parametrize("text, message", [
    ('colors:\n  accent: "#123456"\n text: "#000000"\nagenda: on\n',
     "3: this line is indented differently from the lines above it (keys of one mapping line up under each "
     "other; indent each level with the same number of spaces)"),
    ('colors:\n  accent "#123456"\n  text: "#000000"\n',
     "2: this key has no colon after it (expected key: value)"),
    ('colors:\n\taccent: "#123456"\n', "2: a tab character: indent with spaces, not tabs"),
    ('name: acme\ndescription: "our look\nagenda: on\n', "2: the quote opened here is never closed"),
])
def test_yaml_mistakes_in_plain_words_at_their_line(tmp_path, text, message):
    write(tmp_path / "templates" / "acme" / "template.yaml", text)
    result = run_confdeck("build", str(PWC), "--template", "acme", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"error: templates/acme/template.yaml:{message}\n")


def test_templates_beside_the_notes_and_above_them_are_found_first(tmp_path):
    talk = tmp_path / "trips" / "talk"
    shutil.copy(PWC, write(talk / "notes.md", "").parent / "notes.md")
    (tmp_path / "images").mkdir()
    write(talk / "templates" / "acme" / "template.yaml", 'colors:\n  accent: "#AA0000"\n')
    write(tmp_path / "trips" / "templates" / "beta" / "template.yaml", 'colors:\n  accent: "#00BB00"\n')
    # A template beside the notes wins over one of the same name in the current folder.
    write(tmp_path / "templates" / "acme" / "template.yaml", 'colors:\n  accent: "#0000CC"\n')
    for name, accent in (("acme", "#AA0000"), ("beta", "#00BB00"), ("nightowl", None)):
        result = run_confdeck("build", "trips/talk/notes.md", "-o", "out", "--format", "html",
                              "--template", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        html = (tmp_path / "out" / "notes.html").read_text(encoding="utf-8")
        if accent:
            assert css_var(html, "accent") == accent
