"""Company masters for the tests: one function per pattern real company masters show.

Each pattern writes `master.pptx` and `template.yaml` into a folder (a template folder ready for
`--template`), made here with python-pptx from its own blank presentation, nothing copied.
`PATTERNS` maps a pattern's name to its function; add a pattern as one more function and one
more entry.

    python tools/make_masters.py OUTDIR                  # every pattern, OUTDIR/<name>/
    python tools/make_masters.py OUTDIR footer_in_master # only the named ones
"""
from __future__ import annotations

import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

WIDTH, HEIGHT = 13.333, 7.5
CT_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
CT_POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
CT_POTM = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

# -- package-level patterns (issue 16, points 9, 11, 12) ----------------------------------------

FOOTER_TEXT = "Northwind Traders · Internal use only"
DATE_TEXT = "Spring 2026"
SAMPLE_TITLES = ("Quarterly Zebra Review", "Pelican Revenue Outlook", "Marmoset Hiring Plan")
OLD_AUTHOR, OLD_EDITOR = "Harriet Oldfield", "Barnaby Former"


def _wide_presentation():
    """python-pptx's blank presentation made 16:9, its master and layouts widened to match."""
    prs = Presentation()
    scale = WIDTH / 10
    prs.slide_width, prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
    for holder in [prs.slide_master, *prs.slide_layouts]:
        for off in holder._element.iter(qn("a:off")):
            off.set("x", str(int(int(off.get("x")) * scale)))
        for ext in holder._element.iter(qn("a:ext")):
            if ext.get("cx") is not None:
                ext.set("cx", str(int(int(ext.get("cx")) * scale)))
    return prs


def _save(prs, folder: Path, description: str, name: str = "master.pptx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    prs.save(folder / name)
    (folder / "template.yaml").write_text(
        f"# A test master made by tools/make_masters.py: {description}\n"
        f"name: {folder.name}\nextends: default\nslide_size: master\n", encoding="utf-8")
    return folder / name


def _set_placeholder_text(holder, ph_type: str, text: str) -> None:
    """Put `text` in the holder's placeholder of this type (a master's or layout's footer, date …)."""
    for ph in holder._element.iter(qn("p:ph")):
        if ph.get("type") != ph_type:
            continue
        sp = ph.getparent().getparent().getparent()
        tx_body = sp.find(qn("p:txBody"))
        paragraph = tx_body.find(qn("a:p"))
        for child in list(paragraph):
            if child.tag != qn("a:pPr"):
                paragraph.remove(child)
        run = paragraph.makeelement(qn("a:r"), {})
        run.append(run.makeelement(qn("a:rPr"), {"lang": "en-GB"}))
        run.append(run.makeelement(qn("a:t"), {}))
        run[-1].text = text
        paragraph.append(run)


def _rewrite(path: Path, change) -> None:
    """Rewrite a saved package part by part: change(parts) edits the dict of name → bytes."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def make_footer_in_master(folder: Path) -> Path:
    """Footer text and a fixed date typed into the master's and every layout's footer placeholders,
    and slide numbers: what a company sets once so that every slide carries them."""
    prs = _wide_presentation()
    for holder in [prs.slide_master, *prs.slide_layouts]:
        _set_placeholder_text(holder, "ftr", FOOTER_TEXT)
        _set_placeholder_text(holder, "dt", DATE_TEXT)
    return _save(prs, folder, "footer text and date in the master, slides numbered")


def _as_template(path: Path, main_type: str, macros: bool) -> None:
    def change(parts):
        types = parts["[Content_Types].xml"].decode("utf-8").replace(CT_PPTX, main_type)
        if macros:   # a VBA project, as a .potm carries it (these bytes are no real macro)
            parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not a real VBA project"
            types = types.replace("</Types>", '<Override PartName="/ppt/vbaProject.bin" '
                                  'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            rels = parts["ppt/_rels/presentation.xml.rels"].decode("utf-8")
            parts["ppt/_rels/presentation.xml.rels"] = rels.replace(
                "</Relationships>", f'<Relationship Id="rId900" Type="{REL_VBA}" Target="vbaProject.bin"/>'
                "</Relationships>").encode("utf-8")
        parts["[Content_Types].xml"] = types.encode("utf-8")
    _rewrite(path, change)


def make_potx(folder: Path) -> Path:
    """A PowerPoint template (.potx), saved as master.pptx (as a user renames it) and as company.potx."""
    prs = _wide_presentation()
    path = _save(prs, folder, "a .potx template (content type template.main)")
    _as_template(path, CT_POTX, macros=False)
    (folder / "company.potx").write_bytes(path.read_bytes())
    return path


def make_potm(folder: Path) -> Path:
    """A macro-enabled PowerPoint template (.potm) with a VBA project, as master.pptx and company.potm."""
    prs = _wide_presentation()
    path = _save(prs, folder, "a .potm template with a VBA project")
    _as_template(path, CT_POTM, macros=True)
    (folder / "company.potm").write_bytes(path.read_bytes())
    return path


def make_layout_types_missing(folder: Path) -> Path:
    """A package whose [Content_Types].xml leaves out the slide layouts, as some Keynote exports do."""
    prs = _wide_presentation()
    path = _save(prs, folder, "[Content_Types].xml without the slide layouts' content types")

    def change(parts):
        types = parts["[Content_Types].xml"].decode("utf-8")
        parts["[Content_Types].xml"] = re.sub(r'<Override PartName="/ppt/slideLayouts/[^"]+"[^>]*/>', "",
                                              types).encode("utf-8")
    _rewrite(path, change)
    return path


def make_old_history(folder: Path) -> Path:
    """A master with titled sample slides (and their notes), saved in 2018 by other people: core.xml with
    their names, revision, keywords and comments, app.xml listing the sample slides' titles."""
    prs = _wide_presentation()
    for index, title in enumerate(SAMPLE_TITLES):
        slide = prs.slides.add_slide(prs.slide_layouts[0 if index == 0 else 1])
        slide.shapes.title.text = title
        slide.notes_slide.notes_text_frame.text = f"Speaker notes of {title}"
    core = prs.core_properties
    core.title, core.author, core.last_modified_by = SAMPLE_TITLES[0], OLD_AUTHOR, OLD_EDITOR
    core.revision, core.keywords, core.comments = 42, "zebra; pelican", f"Board draft by {OLD_AUTHOR}"
    core.subject, core.category = "Pelican board", "Marmoset"
    core.created = datetime.datetime(2018, 3, 1, 9, 30)
    core.modified = datetime.datetime(2018, 11, 20, 17, 5)
    core.last_printed = datetime.datetime(2018, 11, 21, 8, 0)
    path = _save(prs, folder, "sample slides with titles, core properties of 2018 by other people")
    titles = "".join(f"<vt:lpstr>{title}</vt:lpstr>" for title in SAMPLE_TITLES)
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           "<TotalTime>4242</TotalTime><Words>99</Words><Application>Microsoft Office PowerPoint</Application>"
           f"<Slides>{len(SAMPLE_TITLES)}</Slides><Notes>{len(SAMPLE_TITLES)}</Notes>"
           '<HeadingPairs><vt:vector size="4" baseType="variant">'
           "<vt:variant><vt:lpstr>Theme</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"
           "<vt:variant><vt:lpstr>Slide Titles</vt:lpstr></vt:variant>"
           f"<vt:variant><vt:i4>{len(SAMPLE_TITLES)}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
           f'<TitlesOfParts><vt:vector size="{len(SAMPLE_TITLES) + 1}" baseType="lpstr">'
           f"<vt:lpstr>Office Theme</vt:lpstr>{titles}</vt:vector></TitlesOfParts>"
           f"<Company>Pelican Holdings</Company><Manager>{OLD_EDITOR}</Manager>"
           "<AppVersion>16.0000</AppVersion></Properties>")

    def change(parts):
        parts["docProps/app.xml"] = app.encode("utf-8")
        types = parts["[Content_Types].xml"].decode("utf-8")
        if "/docProps/app.xml" not in types:
            types = types.replace("</Types>", '<Override PartName="/docProps/app.xml" ContentType='
                                  '"application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
        parts["[Content_Types].xml"] = types.encode("utf-8")
        rels = parts["_rels/.rels"].decode("utf-8")
        if "docProps/app.xml" not in rels:
            rels = rels.replace("</Relationships>", '<Relationship Id="rId901" Type="http://schemas.openxmlformats.org/'
                                'officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
                                "</Relationships>")
        parts["_rels/.rels"] = rels.encode("utf-8")
    _rewrite(path, change)
    return path


PATTERNS = {
    "footer_in_master": make_footer_in_master,
    "potx": make_potx,
    "potm": make_potm,
    "layout_types_missing": make_layout_types_missing,
    "old_history": make_old_history,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip().splitlines()[-2].strip(), file=sys.stderr)
        return 2
    out = Path(args[0])
    names = args[1:] or list(PATTERNS)
    unknown = [n for n in names if n not in PATTERNS]
    if unknown:
        print(f"make_masters: unknown pattern {', '.join(unknown)}; known: {', '.join(PATTERNS)}", file=sys.stderr)
        return 2
    for name in names:
        print(f"wrote {PATTERNS[name](out / name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
