"""`confdeck template check NAME`: what a template's master will do to a deck, before a talk is built in it.

Which layout each slide kind uses and why, the body box and what it must keep clear of, the fonts found
or substituted, colours that are hard to read, decorations the HTML deck cannot draw, and a contact sheet:
one slide of each kind in both formats, as PNG files in templates/NAME/check/ (when LibreOffice and
Chromium are installed). Everything comes from the same look and layout chooser a build uses.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from confdeck.contrast import BODY_TEXT, LARGE_TEXT, ratio, title_band
from confdeck.errors import Warnings
from confdeck.geometry import Box

# A talk with one slide of every kind a build makes: title, agenda, section, content, picture.
SAMPLE_NOTES = """---
title: Template check
subtitle: One slide of each kind
author: confdeck
---
# Template check

## First section (~3 min)

### Points

- A first point with [a link](https://example.org/)
- A second point that runs long enough to show how a body line wraps in the body box

### More points

- A third point

## Second section (~3 min)

### A picture

![A picture](picture.png)

## Third section (~2 min)

- Closing point
"""


@dataclass
class CheckReport:
    name: str
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sheet: list[Path] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        self.lines.append(line)

    def problem(self, line: str) -> None:
        self.problems.append(line)
        self.lines.append(f"  problem: {line}")


def check_template(name: str, cwd: Path | None = None) -> CheckReport:
    from confdeck.look import missing_fonts, resolve_look
    from confdeck.templates import load_template

    cwd = cwd or Path.cwd()
    template = load_template(name, cwd)
    report = CheckReport(name)
    warnings = Warnings()
    look = resolve_look(template, warnings)
    master = template.master
    geometry = look.geometry
    where = template.shown(master) if master else "no master.pptx (confdeck's own design)"
    report.say(f"template {name}: {where}, {geometry.width_in:.2f} × {geometry.height_in:.2f} in")
    fonts_missing = missing_fonts(template, look.fonts, look.forced_fonts)
    for warning in warnings:
        if warning not in fonts_missing:   # (those are said with the fonts)
            report.problem(warning.message)   # parts of the master repaired or removed, and the like
    prepared = look.prepared_master
    if prepared is not None:
        _layouts(report, prepared[1])
    _boxes(report, look)
    _fonts(report, look, fonts_missing)
    _contrast(report, look)
    if prepared is not None:
        _decorations(report, prepared[1])
    size_px = (round(geometry.width_in * 96), round(geometry.height_in * 96))
    try:
        _contact_sheet(report, name, template, cwd, size_px)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        # LibreOffice or Chromium failing is the machine's trouble, not the template's: said, not counted
        program = Path(str(exc.cmd[0] if getattr(exc, "cmd", None) else exc)).name
        report.say(f"contact sheet: not made ({program} failed: {str(exc)[:120]})")
    return report


def _layouts(report: CheckReport, chooser) -> None:
    from confdeck.powerpoint.master_report import layout_choices

    report.say("layouts:")
    for choice in layout_choices(chooser):
        report.say(f"  {choice.kind:<11} \"{choice.layout}\": {choice.reason}")
        if choice.fallback and choice.kind != "blank":
            report.problem(f"no {choice.kind.replace('_', ' ')} layout: slides of that kind use \"{choice.layout}\"")


def _shown(box: Box | None) -> str:
    if box is None:
        return "none"
    return f"{box.left:.2f}, {box.top:.2f} in, {box.width:.2f} × {box.height:.2f} in"


def _boxes(report: CheckReport, look) -> None:
    geometry = look.geometry
    report.say(f"title box: {_shown(geometry.title_rect)}")
    report.say(f"body box:  {_shown(geometry.body_rect)}")
    if geometry.title_rect.overlaps(geometry.body_rect):
        report.problem("the body box overlaps the title box: body text would print over the title")
    keep_out = []
    own = look.master_footer
    if own is not None:
        keep_out += [("footer", own.footer_box), ("date", own.date_box), ("slide number", own.number_box)]
    elif look.footer_box is not None:
        keep_out.append(("footer", look.footer_box))
    if look.logo_box is not None:
        keep_out.append(("logo", look.logo_box))
    decor = look.decor.get("content")
    slide_area = geometry.width_in * geometry.height_in
    for item in (decor.items if decor is not None else []):
        if item.box.width * item.box.height < 0.5 * slide_area:   # not a backdrop: something the body must clear
            keep_out.append((f"decoration ({item.shape})", item.box))
    report.say("keep-out areas of content slides:" if keep_out else "keep-out areas of content slides: none")
    for label, box in keep_out:
        if box is None:
            continue
        report.say(f"  {label}: {_shown(box)}")
        if box.overlaps(geometry.body_rect):
            report.problem(f"the body box overlaps the {label} at {_shown(box)}")


def _fonts(report: CheckReport, look, missing: list) -> None:
    from confdeck.plan.fonts import METRIC_COMPATIBLE, stand_in

    report.say("fonts:")
    for key in ("heading", "body", "code"):
        family = look.fonts.get(key)
        if not family:
            continue
        used = stand_in(family, monospace=key == "code")
        twins = METRIC_COMPATIBLE.get(family.lower(), [])
        if used is None:
            found = "installed" if not twins else f"installed or measured with its metric twin {twins[0]}"
            report.say(f"  {key}: {family} ({found})")
        else:
            report.say(f"  {key}: {family} is not installed; measured and shown with {used}")
    for diagnostic in missing:
        report.problem(diagnostic.message)


def _contrast(report: CheckReport, look) -> None:
    colors = look.colors
    background = colors.get("background")
    report.say("contrast on the content slides' background" + (f" {background}:" if background else ":"))
    if not background:
        report.say("  (the master's background is a picture or gradient: see the contact sheet)")
        return
    content = look.kinds.get("content")
    slide = Box(0, 0, look.geometry.width_in, look.geometry.height_in)
    band = title_band(content, slide, background) if content is not None else None
    for key, label, needed in (("heading", "titles", LARGE_TEXT), ("text", "body text", BODY_TEXT),
                               ("link", "links", BODY_TEXT), ("accent", "accents (timings)", LARGE_TEXT)):
        color = colors.get(key)
        if not color or (key == "accent" and "section" in look.kinds):
            continue   # the duration is checked on the section layout's own background (contrast.py, above)
        behind = band if key == "heading" and band else background
        value = ratio(color, behind)
        verdict = "ok" if value >= needed else f"needs {needed:g}:1"
        on_band = f" on their band {band}" if behind is band else ""
        report.say(f"  {label}: {color}{on_band} gives {value:.1f}:1 ({verdict})")
        if value < needed:
            report.problem(f"{label} {color} on {behind} give {value:.1f}:1, less than {needed:g}:1")


def _decorations(report: CheckReport, chooser) -> None:
    from confdeck.powerpoint.master import KINDS
    from confdeck.powerpoint.master_report import decorations

    seen, missing = set(), []
    for kind in KINDS:
        for item in decorations(chooser.layout_for(kind).layout):
            key = (item.holder, item.name, item.what)
            if key in seen:
                continue
            seen.add(key)
            if not item.drawn_in_html:
                missing.append(item)
    if not missing:
        report.say("decorations: the HTML deck draws every one")
        return
    report.say("decorations the HTML deck cannot draw:")
    for item in missing:
        report.say(f"  {item.what} \"{item.name}\" on {item.holder}: {_shown(item.box)}")
        report.problem(f"the HTML deck cannot draw the {item.what} \"{item.name}\" on {item.holder}")


# -- the contact sheet ------------------------------------------------------------------------

def _contact_sheet(report: CheckReport, name: str, template, cwd: Path, size_px: tuple[int, int]) -> None:
    soffice, pdftoppm, chromium = (shutil.which(program) for program in ("soffice", "pdftoppm", "chromium"))
    if not (soffice and pdftoppm and chromium):
        absent = [label for label, found in (("LibreOffice (soffice)", soffice), ("pdftoppm", pdftoppm),
                                             ("Chromium", chromium)) if not found]
        report.say(f"contact sheet: skipped ({', '.join(absent)} not installed)")
        return
    from confdeck.build import BuildOptions, render_deck

    import confdeck

    folder = template.dirs[0] / "check"
    installed = Path(confdeck.__file__).resolve().parent / "builtin_templates"
    if folder.resolve().is_relative_to(installed):
        folder = cwd / f"check-{name}"     # a built-in template inside the installed package: not ours to write in
    with tempfile.TemporaryDirectory(prefix="confdeck-check-") as scratch:
        work = Path(scratch)
        notes = work / "check.md"
        notes.write_text(SAMPLE_NOTES, encoding="utf-8")
        _sample_picture(work / "picture.png")
        result = render_deck(notes, BuildOptions(template=name, formats=("pptx", "html")))
        (work / "check.pptx").write_bytes(result.outputs["pptx"])
        (work / "check.html").write_bytes(result.outputs["html"])
        chosen = {}
        for index, slide in enumerate(result.planned.slides):
            lone_picture = len(slide.blocks) == 1 and type(slide.blocks[0]).__name__ == "Image"
            chosen.setdefault("picture" if lone_picture else slide.kind, index)
        pdf = _to_pdf(soffice, work / "check.pptx", work)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
        for kind, index in chosen.items():
            pptx_png = folder / f"{index + 1:02d}-{kind}-pptx.png"
            html_png = folder / f"{index + 1:02d}-{kind}-html.png"
            subprocess.run([pdftoppm, "-png", "-scale-to-x", str(size_px[0]), "-scale-to-y", str(size_px[1]), "-f", str(index + 1), "-l", str(index + 1), "-singlefile",
                            str(pdf), str(pptx_png.with_suffix(""))], check=True, capture_output=True, timeout=120)
            _screenshot(chromium, work / "check.html", index, html_png, size_px, work)
            report.sheet += [path for path in (pptx_png, html_png) if path.exists()]
    from confdeck.templates import shown_path

    report.say(f"contact sheet: {len(report.sheet)} pictures in {shown_path(folder, cwd)}/")


def _to_pdf(soffice: str, deck: Path, work: Path) -> Path:
    subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(work), str(deck)], check=True, capture_output=True, timeout=300)
    return work / (deck.stem + ".pdf")


def _screenshot(chromium: str, html: Path, index: int, out: Path, size_px: tuple[int, int], work: Path) -> None:
    width, height = size_px
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={work / 'chromium-profile'}", f"--window-size={width},{height}",
                    "--virtual-time-budget=4000", f"--screenshot={out}", f"{html.as_uri()}#/{index}"],
                   check=True, capture_output=True, timeout=120)


def _sample_picture(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 450), (70, 110, 150))
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 120, 500, 320), fill=(240, 200, 80))
    image.save(path)


def format_report(report: CheckReport) -> str:
    verdict = (f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''} found"
               if report.problems else "no problems found")
    return "\n".join([*report.lines, verdict])
