"""What every .pptx confdeck writes must be, checked on its bytes: openxml-audit's schema and semantic
checks against PowerPoint's rules, plus the faults that other programs (Keynote, Google Slides) trip
over and LibreOffice forgives."""
from __future__ import annotations

import io
import posixpath
import re
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_R = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
POWERPOINT_SIZES = {(12192000, 6858000): None, (9144000, 6858000): "screen4x3"}
ALMOST = {(12191695, 6858000)}   # 13.333 in: python-pptx's "16:9", not PowerPoint's


def _rels_of(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str, str | None]]:
    """(Id, Type, target part name, TargetMode) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return []
    found = []
    for rel in etree.fromstring(archive.read(rels_name)).iter(f"{PACKAGE_R}Relationship"):
        target, mode = rel.get("Target"), rel.get("TargetMode")
        if mode != "External":
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/") if not target.startswith("/") \
                else target.lstrip("/")
        found.append((rel.get("Id"), rel.get("Type"), target, mode))
    return found


def own_findings(data: bytes) -> list[str]:
    """The package faults openxml-audit does not report."""
    findings = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if len(names) != len(set(names)):
            findings.append("a part is in the zip twice")
        present = set(names)
        for part in [n for n in names if not n.endswith(".rels")] + [""]:
            for rId, _, target, mode in _rels_of(archive, part):
                if mode != "External" and target not in present:
                    findings.append(f"{part or '/'}: relationship {rId} leads to {target}, which is not in the package")
        if any(n.startswith("ppt/printerSettings/") for n in names):
            findings.append("printer settings shipped (ppt/printerSettings/)")
        presentation_rels = {kind[len(REL):]: (rId, target) for rId, kind, target, _ in
                             _rels_of(archive, "ppt/presentation.xml") if kind.startswith(REL)}
        for needed in ("presProps", "viewProps", "tableStyles"):
            if needed not in presentation_rels:
                findings.append(f"no {needed} part related to the presentation")
        presentation = etree.fromstring(archive.read("ppt/presentation.xml"))
        if any(re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n) for n in names) or "notesMaster" in presentation_rels:
            listed = presentation.find(f"{P}notesMasterIdLst/{P}notesMasterId")
            if listed is None:
                findings.append("notes but no p:notesMasterIdLst in presentation.xml")
            elif listed.get(f"{R}id") != presentation_rels.get("notesMaster", (None,))[0]:
                findings.append("p:notesMasterId does not name the notes master's relationship")
        size = presentation.find(f"{P}sldSz")
        cx, cy, label = int(size.get("cx")), int(size.get("cy")), size.get("type")
        if (cx, cy) in ALMOST:
            findings.append(f"slide size {cx} x {cy}: not PowerPoint's 16:9 (12192000 x 6858000)")
        if label == "screen4x3" and (cx, cy) != (9144000, 6858000):
            findings.append(f"slide size {cx} x {cy} labelled 4:3")
        if (cx, cy) in POWERPOINT_SIZES and label != POWERPOINT_SIZES[cx, cy] and label is not None:
            findings.append(f"slide size {cx} x {cy} labelled {label}")
        for name in names:
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                ids = [element.get("id") for element in etree.fromstring(archive.read(name)).iter(f"{P}cNvPr")]
                if len(ids) != len(set(ids)):
                    findings.append(f"{name}: shape ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    return findings


def audit_findings(data: bytes) -> list[str]:
    """openxml-audit's findings (errors and warnings) on the deck."""
    import openxml_audit

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.pptx"
        path.write_bytes(data)
        result = openxml_audit.validate_pptx(path)
    return [str(error) for error in result.errors]


def reopen_findings(data: bytes) -> list[str]:
    """python-pptx, the library users script decks with, opens the deck and reads every slide's text."""
    import io

    from pptx import Presentation

    try:
        prs = Presentation(io.BytesIO(data))
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_text_frame:
                    shape.text_frame.text  # noqa: B018 (reading is the check)
            if slide.has_notes_slide:
                slide.notes_slide.notes_text_frame
    except Exception as exc:  # any failure to read it back is the finding
        return [f"python-pptx cannot reopen it: {type(exc).__name__}: {exc}"]
    return []


def package_findings(data: bytes) -> list[str]:
    return own_findings(data) + audit_findings(data) + reopen_findings(data)
