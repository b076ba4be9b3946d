"""Font files for the template's font names, found the way the renderers find them.

LibreOffice and Chromium both ask fontconfig, which maps Microsoft fonts to their
metric-compatible free twins (Calibri → Carlito, Arial → Liberation Sans …), so
measuring with the file fontconfig picks measures what users see. Without
fontconfig we look in the usual font folders, then fall back to DejaVu.
"""
from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from confdeck.plan import fontconfig

# Same advance widths as the Microsoft font, so line breaks match PowerPoint too.
METRIC_COMPATIBLE = {
    "calibri": ["Carlito"],
    "cambria": ["Caladea"],
    "arial": ["Liberation Sans", "Arimo"],
    "helvetica": ["Liberation Sans", "Arimo"],
    "times new roman": ["Liberation Serif", "Tinos"],
    "courier new": ["Liberation Mono", "Cousine"],
    "courier": ["Liberation Mono", "Cousine"],
}
LAST_RESORT = {False: "DejaVu Sans", True: "DejaVu Sans Mono"}
FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
             Path.home() / ".local/share/fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
             Path("C:/Windows/Fonts")]
STYLE_SUFFIXES = {(False, False): ["Regular", ""], (True, False): ["Bold"], (False, True): ["Italic", "Oblique"],
                  (True, True): ["BoldItalic", "BoldOblique"]}


def _fc_match(family: str, bold: bool, italic: bool) -> tuple[str, Path] | None:
    """(family, file) fontconfig substitutes for a name, or None without fontconfig."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    pattern = family + (":bold" if bold else "") + (":italic" if italic else "")
    found = fontconfig.match(pattern)  # the same match in-process, without starting fc-match
    if found is not None:
        name, file = found
    else:
        try:
            out = subprocess.run([fc_match, "--format=%{family[0]}\t%{file}", pattern], capture_output=True,
                                 text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        name, _, file = out.partition("\t")
    path = Path(file)
    return (name, path) if file and path.is_file() else None


@functools.cache
def _font_files() -> dict[str, Path]:
    """Font files in the usual folders by lower-case stem (e.g. 'carlito-bold')."""
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
                    found.setdefault(path.stem.lower(), path)
    return found


def _search_files(family: str, bold: bool, italic: bool) -> Path | None:
    files = _font_files()
    compact = family.replace(" ", "").lower()
    for suffix in STYLE_SUFFIXES[(bold, italic)]:
        for stem in (f"{compact}-{suffix}", f"{compact}{suffix}", compact if not suffix else None):
            if stem and stem.lower() in files:
                return files[stem.lower()]
    return None


def font_file(family: str, bold: bool = False, italic: bool = False, monospace: bool = False) -> Path | None:
    """The file used to draw `family` in this style; None only when no font at all is found."""
    # One cache entry per style however the caller spells the arguments: each miss runs fc-match.
    return _font_file(family, bool(bold), bool(italic), bool(monospace))


@functools.cache
def _font_file(family: str, bold: bool, italic: bool, monospace: bool) -> Path | None:
    own = own_font(family, bold, italic)
    if own is not None:
        return own
    wanted = [family, *METRIC_COMPATIBLE.get(family.lower(), [])]
    matched = _fc_match(family, bold, italic)
    if matched is not None:
        name, path = matched
        if name.lower() in (w.lower() for w in wanted) or not monospace:
            return path
        # fontconfig fell back to a proportional font for a code font: keep a monospace one.
    for name in wanted:
        path = _search_files(name, bold, italic) or (_search_files(name, False, False) if bold or italic else None)
        if path:
            return path
    last = LAST_RESORT[monospace]
    matched = _fc_match(last, bold, italic)
    return matched[1] if matched else _search_files(last, bold, italic) or _search_files(last, False, False)


font_file.cache_clear = _font_file.cache_clear  # forget what was found (tests, fonts installed meanwhile)


@functools.cache
def stand_in(family: str, monospace: bool = False) -> str | None:
    """The family measured in place of `family` when neither it nor a metric-compatible twin is
    installed (what fontconfig substitutes, or DejaVu); None when the font or its twin is there."""
    if family.lower() in _OWN:
        return None
    wanted = [name.lower() for name in (family, *METRIC_COMPATIBLE.get(family.lower(), []))]
    matched = _fc_match(family, False, False)
    if matched is not None and matched[0].lower() in wanted:
        return None
    if any(_search_files(name, False, False) for name in (family, *METRIC_COMPATIBLE.get(family.lower(), []))):
        return None
    if matched is not None and not monospace:
        return matched[0]
    return LAST_RESORT[monospace]


def _style(bold: bool, italic: bool) -> str:
    return (":bold" if bold else "") + (":italic" if italic else "")


def draws_itself(family: str, bold: bool, italic: bool, codepoint: int) -> bool:
    """Whether the font drawing `family` has the character; True when fontconfig cannot tell."""
    if family.lower() in _OWN:
        # fontconfig does not know the template's own file: its Latin, Greek and Cyrillic are taken
        # as drawn by it, Chinese, Japanese and Korean as falling back.
        return codepoint < 0x2E80
    return fontconfig.has_char(family + _style(bold, italic), codepoint) is not False


_FALLBACKS: dict[tuple[str, bool, bool, int], Path | None] = {}
FALLBACK_BLOCK = 128  # characters of one script block fall back to the same font: asked once per block


def fallback_file(family: str, bold: bool, italic: bool, codepoint: int) -> Path | None:
    """The file fontconfig draws a character with when `family` lacks it (Noto Sans CJK for Chinese
    in Carlito): LibreOffice and Chromium fall back the same way. None when it cannot tell."""
    key = (family, bold, italic, codepoint // FALLBACK_BLOCK)
    if key not in _FALLBACKS:
        found = fontconfig.match(f"{family}{_style(bold, italic)}:charset={codepoint:x}")
        path = Path(found[1]) if found and found[1] else None
        _FALLBACKS[key] = path if path is not None and path.is_file() else None
    return _FALLBACKS[key]


# Fonts a template ships in its fonts/ folder: family (lower case) → {(bold, italic): file}. Measured
# with before anything fontconfig finds, as the HTML deck embeds and draws them.
_OWN: dict[str, dict[tuple[bool, bool], Path]] = {}


def font_name(path: Path) -> tuple[str, bool, bool] | None:
    """(family, bold, italic) a font file says it is; None when it is not a font FreeType reads."""
    from PIL import ImageFont

    try:
        family, style = ImageFont.truetype(str(path), 10).getname()
    except (OSError, ValueError):
        return None
    style = (style or "").lower()
    bold = any(word in style for word in ("bold", "demi", "black", "heavy"))
    return family or path.stem, bold, "italic" in style or "oblique" in style


def use_template_fonts(files: list[Path]) -> list[tuple[str, bool, bool, Path]]:
    """Make the template's own font files the ones measured for their families (replacing those of an
    earlier template); returns (family, bold, italic, file) of each, the first file of a style winning."""
    own: dict[str, dict[tuple[bool, bool], Path]] = {}
    found = []
    for path in files:
        name = font_name(path)
        if name is None:
            continue
        family, bold, italic = name
        styles = own.setdefault(family.lower(), {})
        if (bold, italic) not in styles:
            styles[bold, italic] = path
            found.append((family, bold, italic, path))
    if own != _OWN:
        _OWN.clear()
        _OWN.update(own)
        _font_file.cache_clear()
        stand_in.cache_clear()
    return found


def own_font(family: str, bold: bool, italic: bool) -> Path | None:
    styles = _OWN.get(family.lower())
    if not styles:
        return None
    return styles.get((bold, italic)) or styles.get((bold, False)) or styles.get((False, False)) \
        or next(iter(styles.values()))


def installed(family: str) -> bool:
    """Whether fontconfig has the family itself (not a substitute): what LibreOffice will draw with."""
    matched = _fc_match(family, False, False)
    return matched is not None and matched[0].lower() == family.lower()
