"""A master.pptx from someone else, checked and cleaned before python-pptx reads a byte of it.

A master comes from a conference's speaker kit or a colleague's mail: it may be a
zip bomb, carry entities, link pictures from a file share (PowerPoint fetches them
when the deck opens, handing over the viewer's Windows credentials), hold macros,
or simply be broken. So, with the standard library and lxml only:

* the zip's directory is checked first (parts, sizes, compression ratio), so a bomb
  is refused after reading a few kilobytes;
* every XML part is parsed without DTDs; a DOCTYPE is refused (PowerPoint never
  writes one, and unexpanded entities would make a deck python-pptx cannot reopen);
* external relationships go: linked pictures and other linked objects are removed
  with a warning, hyperlinks keep only http, https, mailto and relative targets;
* parts the deck never uses (macros, custom XML, thumbnails, handout masters, and
  anything no relationship reaches) are left out;
* what the deck needs must be there and be what it says: a presentation, slide
  masters with a theme and layouts, a usable slide size;
* what is safely repairable is repaired with a warning: a part whose content type
  [Content_Types].xml forgot (Keynote exports leave out the layouts') gets it back
  when its relationship and its root element both say what it is.

A damaged package is `not a PowerPoint file (why)`, a hostile one `refused: why`:
a ConfdeckError naming the master (exit 2), never a crash.
"""
from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.links import safe_href
from confdeck.model import Span

MAX_FILE_BYTES = 200_000_000        # the master file itself
MAX_PARTS = 3_000                   # a large real master has a few hundred
MAX_PART_BYTES = 100_000_000        # one unpacked part (a big photo is a few MB)
MAX_XML_PART_BYTES = 30_000_000     # one unpacked XML part (a real one is well under 1 MB)
MAX_TOTAL_BYTES = 300_000_000       # all parts unpacked
MAX_RATIO = 200                     # unpacked : packed, for parts above RATIO_FLOOR (XML packs ~10:1)
RATIO_FLOOR = 1_000_000
MAX_WARNINGS = 20                   # removed targets listed one by one; the rest in one line
MIN_SLIDE_EMU = 914_400             # PowerPoint's own limits: 1 to 56 inches a side
MAX_SLIDE_EMU = 51_206_400

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = REL + "/"
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": REL, "ct": "http://schemas.openxmlformats.org/package/2006/content-types", "rel": PKG_RELS}
CT = "application/vnd.openxmlformats-officedocument.presentationml."
MASTER_TYPE = CT + "slideMaster+xml"
LAYOUT_TYPE = CT + "slideLayout+xml"
THEME_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"
PRESENTATION_TYPE = CT + "presentation.main+xml"

# What a relationship's type says its target is: (content type, the target's root element). A part
# [Content_Types].xml does not declare is given its type back when its root element agrees.
TYPED_BY_RELATIONSHIP = {
    "/officeDocument": (PRESENTATION_TYPE, "{%s}presentation" % NS["p"]),
    "/slideMaster": (MASTER_TYPE, "{%s}sldMaster" % NS["p"]),
    "/slideLayout": (LAYOUT_TYPE, "{%s}sldLayout" % NS["p"]),
    "/theme": (THEME_TYPE, "{%s}theme" % NS["a"]),
    "/slide": (CT + "slide+xml", "{%s}sld" % NS["p"]),
    "/notesMaster": (CT + "notesMaster+xml", "{%s}notesMaster" % NS["p"]),
    "/notesSlide": (CT + "notesSlide+xml", "{%s}notes" % NS["p"]),
    "/presProps": (CT + "presProps+xml", "{%s}presentationPr" % NS["p"]),
    "/viewProps": (CT + "viewProps+xml", "{%s}viewPr" % NS["p"]),
    "/tableStyles": (CT + "tableStyles+xml", "{%s}tblStyleLst" % NS["a"]),
}
PART_KIND_NAMES = {"/officeDocument": "presentation", "/slideMaster": "slide master", "/slideLayout": "slide layout",
                   "/theme": "theme", "/slide": "slide", "/notesMaster": "notes master", "/notesSlide": "notes page",
                   "/presProps": "presentation properties", "/viewProps": "view properties",
                   "/tableStyles": "table styles"}
# Pictures and the .rels and .xml files themselves: by extension, as every package declares them.
TYPED_BY_EXTENSION = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml",
                      "png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif"}
# The main part of what else an Office package may be, to say what the file is instead.
OTHER_DOCUMENTS = {"wordprocessingml": "a Word document", "spreadsheetml": "an Excel workbook"}

# Relationship types of the package root and of the presentation that the deck never uses.
UNUSED_ROOT_TYPES = ("/metadata/thumbnail", "/custom-properties", "/digital-signature/origin", "/customXml")
UNUSED_PRESENTATION_TYPES = ("/vbaProject", "/customXml", "/handoutMaster", "/commentAuthors", "/printerSettings",
                             "/revisionInfo", "/authors", "/changesInfo")
# (the last three: who edited the master and what they changed, Office 365; a shared file often lacks the
# changesInfo part its presentation still points at)
# Elements of presentation.xml that point at a dropped part, dropped with it; custom shows list the
# master's sample slides, which the deck drops (and name them: the master's history).
UNUSED_PRESENTATION_ELEMENTS = ("p:handoutMasterIdLst", "p:custDataLst", "p:custShowLst")
_XML_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@dataclass
class CheckedMaster:
    data: bytes                                    # the cleaned package, for python-pptx
    warnings: list[Diagnostic] = field(default_factory=list)


def checked_master(path: Path, shown: str) -> CheckedMaster:
    """The master at path, checked and cleaned (once per version of the file)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfdeckError(f"cannot read the master: {exc.strerror or exc}", Span(shown)) from None
    return _checked(path, shown, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _checked(path: Path, shown: str, mtime_ns: int, size: int) -> CheckedMaster:
    if size > MAX_FILE_BYTES:
        raise ConfdeckError(f"refused: the master is {_size(size)}, more than {_size(MAX_FILE_BYTES)}", Span(shown))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfdeckError(f"cannot read the master: {exc.strerror or exc}", Span(shown)) from None
    return PackageGuard(data, shown).clean()


def _size(count: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def _normalised(name: str) -> str:
    return posixpath.normpath(name).lstrip("/")


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


class PackageGuard:
    def __init__(self, data: bytes, shown: str):
        self.shown = shown
        self.warnings: list[Diagnostic] = []
        self.parts: dict[str, bytes] = {}
        self.trees: dict[str, etree._Element] = {}
        self.content_types: dict[str, str] = {}   # part name → content type
        self._read_zip(data)

    def refuse(self, message: str) -> ConfdeckError:
        """A package made to do harm (or too big to look at): refused."""
        return ConfdeckError(f"refused: {message}", Span(self.shown))

    def damaged(self, why: str) -> ConfdeckError:
        """A package that is broken or not a presentation at all."""
        return ConfdeckError(f"not a PowerPoint file ({why})", Span(self.shown))

    # -- the zip, bounded ---------------------------------------------------------------

    def _read_zip(self, data: bytes) -> None:
        if not data:
            raise self.damaged("the file is empty")
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            why = "a damaged or cut-off zip archive" if data.startswith(b"PK") else "not a zip archive"
            raise self.damaged(why) from None
        with archive:
            items = archive.infolist()
            if len(items) > MAX_PARTS:
                raise self.refuse(f"{len(items)} parts, more than {MAX_PARTS}")
            total = 0
            for item in items:  # the directory's sizes first: nothing is unpacked yet
                limit = MAX_XML_PART_BYTES if item.filename.endswith((".xml", ".rels")) else MAX_PART_BYTES
                if item.file_size > limit:
                    raise self.refuse(f"part {item.filename} would unpack to {_size(item.file_size)}")
                if item.file_size > RATIO_FLOOR and item.file_size > MAX_RATIO * max(1, item.compress_size):
                    raise self.refuse(f"part {item.filename} would unpack to {_size(item.file_size)} from "
                                      f"{_size(item.compress_size)} (a zip bomb)")
                total += item.file_size
                if total > MAX_TOTAL_BYTES:
                    raise self.refuse(f"its parts would unpack to more than {_size(MAX_TOTAL_BYTES)}")
            for item in items:
                if item.is_dir():
                    continue
                name = _normalised(item.filename)
                if name in self.parts:
                    raise self.refuse(f"part {name} appears twice")
                try:
                    with archive.open(item) as handle:
                        content = handle.read(item.file_size + 1)  # a lying directory cannot make us read more
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
                        zipfile.LargeZipFile) as exc:
                    raise self.damaged(f"part {name} cannot be unpacked: {exc}") from None
                if len(content) > item.file_size:
                    raise self.refuse(f"part {name} unpacks to more than its declared size")
                self.parts[name] = content

    # -- XML, without DTDs ------------------------------------------------------------

    def tree(self, name: str) -> etree._Element:
        if name not in self.trees:
            if name not in self.parts:
                raise self.damaged(f"part {name} is missing")
            try:
                root = etree.fromstring(self.parts[name], _XML_PARSER)
            except etree.XMLSyntaxError as exc:
                raise self.damaged(f"part {name} is not well-formed XML: {exc.msg}") from None
            if root.getroottree().docinfo.doctype or root.getroottree().docinfo.internalDTD is not None:
                raise self.refuse(f"part {name} declares a DOCTYPE (entities are not allowed in a PowerPoint file)")
            self.trees[name] = root
        return self.trees[name]

    def rels(self, part: str) -> list[etree._Element]:
        """The Relationship elements of a part ("" is the package itself)."""
        name = "_rels/.rels" if part == "" else _rels_name(part)
        if name not in self.parts:
            return []
        return [rel for rel in self.tree(name) if rel.tag == f"{{{PKG_RELS}}}Relationship"]

    def target(self, part: str, rel: etree._Element) -> str:
        target = rel.get("Target") or ""
        if target.startswith("/"):
            return _normalised(target)
        return _normalised(posixpath.join(posixpath.dirname(part), target))

    def related(self, part: str, suffix: str) -> list[tuple[etree._Element, str]]:
        return [(rel, self.target(part, rel)) for rel in self.rels(part)
                if (rel.get("Type") or "").endswith(suffix) and rel.get("TargetMode") != "External"]

    # -- the whole check ------------------------------------------------------------------

    def clean(self) -> CheckedMaster:
        for name in self.parts:  # every XML part must parse, without DOCTYPE, before anything else
            if name.endswith((".xml", ".rels")) or name == "[Content_Types].xml":
                self.tree(name)
        self._read_content_types()
        self._check_main_part()
        self._repair_content_types()
        self._drop_missing_slides_and_layouts()
        for name in list(self.parts):
            if name.endswith(".rels"):
                self._clean_external_targets(name)
        self._drop_unused()
        self._check_structure()
        self._check_numbers()
        return CheckedMaster(self._write(), self.warnings)

    def _read_content_types(self) -> None:
        if "[Content_Types].xml" not in self.parts:
            raise self.damaged("no [Content_Types].xml")
        root = self.tree("[Content_Types].xml")
        defaults = {d.get("Extension", "").lower(): d.get("ContentType", "")
                    for d in root.iterfind("ct:Default", NS)}
        overrides = {_normalised(o.get("PartName", "")): o.get("ContentType", "")
                     for o in root.iterfind("ct:Override", NS)}
        for name in self.parts:
            self.content_types[name] = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")

    def _check_main_part(self) -> None:
        """The package's main part is a presentation (a .docx renamed .pptx says what it is instead)."""
        presentation = self.presentation_name()
        declared = self.content_types.get(presentation, "")
        for marker, what in OTHER_DOCUMENTS.items():
            if marker in declared:
                raise self.damaged(f"it is {what}")
        if self.tree(presentation).tag != TYPED_BY_RELATIONSHIP["/officeDocument"][1]:
            raise self.damaged(f"its main part {presentation} is not a presentation")

    def _repair_content_types(self) -> None:
        """Declare the parts [Content_Types].xml left out, when what relates to them and what they hold agree."""
        root = self.tree("[Content_Types].xml")
        repaired: dict[str, int] = {}   # what kind of part → how many
        for part in self._reachable():
            for rel in self.rels(part):
                kind = "/" + (rel.get("Type") or "").rsplit("/", 1)[-1]
                target = self.target(part, rel)
                if kind not in TYPED_BY_RELATIONSHIP or rel.get("TargetMode") == "External" \
                        or target not in self.parts or self.content_types.get(target) not in ("", "application/xml"):
                    continue
                content_type, root_tag = TYPED_BY_RELATIONSHIP[kind]
                if self.tree(target).tag == root_tag:
                    etree.SubElement(root, f"{{{NS['ct']}}}Override", PartName="/" + target, ContentType=content_type)
                    self.content_types[target] = content_type
                    what = PART_KIND_NAMES[kind]
                    repaired[what] = repaired.get(what, 0) + 1
        for name in self.parts:   # parts of a kind every package declares by extension
            extension = name.rsplit(".", 1)[-1].lower()
            if self.content_types.get(name) or extension not in TYPED_BY_EXTENSION or name == "[Content_Types].xml":
                continue
            etree.SubElement(root, f"{{{NS['ct']}}}Default", Extension=extension, ContentType=TYPED_BY_EXTENSION[extension])
            for other in self.parts:
                if other.rsplit(".", 1)[-1].lower() == extension and not self.content_types.get(other):
                    self.content_types[other] = TYPED_BY_EXTENSION[extension]
                    repaired[f".{extension} files"] = repaired.get(f".{extension} files", 0) + 1
        if repaired:
            root[:] = sorted(root, key=lambda element: element.tag != f"{{{NS['ct']}}}Default")  # the schema's order
            count = sum(repaired.values())
            kinds = ", ".join(f"{number} {what}{'s' if number > 1 and not what.endswith('s') else ''}"
                              for what, number in repaired.items())
            self.warnings.append(Diagnostic(f"[Content_Types].xml did not declare {count} part{'s' if count > 1 else ''} "
                                            f"({kinds}); repaired", Span(self.shown)))

    def _drop_missing_slides_and_layouts(self) -> None:
        """A sample slide or a layout whose part is missing is left out, with a warning: the deck drops the
        sample slides anyway, and a master keeps its other layouts."""
        presentation = self.presentation_name()
        lists = [(presentation, "/slide", "p:sldIdLst/p:sldId", "sample slide")]
        lists += [(master, "/slideLayout", "p:sldLayoutIdLst/p:sldLayoutId", "layout")
                  for _, master in self.related(presentation, "/slideMaster") if master in self.parts]
        for part, kind, path, what in lists:
            for rel, target in self.related(part, kind):
                if target in self.parts:
                    continue
                rel.getparent().remove(rel)
                for listed in self.tree(part).findall(path, NS):
                    if listed.get(f"{{{REL}}}id") == rel.get("Id"):
                        listed.getparent().remove(listed)
                self.warnings.append(Diagnostic(f"{part} lists a {what} {target} that is not in the file; left out",
                                                Span(self.shown)))

    def _clean_external_targets(self, rels_name: str) -> None:
        folder = posixpath.dirname(posixpath.dirname(rels_name))
        part = posixpath.join(folder, posixpath.basename(rels_name)[:-len(".rels")]) if rels_name != "_rels/.rels" \
            else ""
        root = self.tree(rels_name)
        removed: dict[str, bool] = {}  # relationship id → remove the shape that shows it (not just the target)
        for rel in list(root):
            if rel.get("TargetMode") != "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if kind == "hyperlink" and _safe_link(target):
                continue
            root.remove(rel)
            removed[rel.get("Id") or ""] = kind != "hyperlink"
            shown_target = target if len(target) <= 80 else target[:77] + "..."
            if kind == "hyperlink":
                self._warn(f"link to '{shown_target}' in {part} removed (only http, https, mailto and relative "
                           "links are kept)")
            else:
                what = "linked picture" if kind == "image" else f"linked {kind}"
                self._warn(f"{what} '{shown_target}' in {part} removed (a deck must not fetch files when it opens)")
        if removed:
            self._unlink(part, removed)

    def _unlink(self, part: str, removed: dict[str, bool]) -> None:
        """Take removed relationships' ids out of their part (one pass): a shape showing a linked object goes,
        a link loses its target."""
        if not part or part not in self.parts or not part.endswith(".xml"):
            return
        root = self.tree(part)
        for element in list(root.iter()):
            for attribute, value in list(element.attrib.items()):
                if value not in removed or not attribute.startswith(f"{{{REL}}}"):
                    continue
                remove_shape = removed[value]
                shape = _enclosing_shape(element) if remove_shape else None
                if shape is not None and shape.getparent() is not None:
                    shape.getparent().remove(shape)
                elif attribute == f"{{{REL}}}id" and not remove_shape:
                    element.set(attribute, "")  # a click action without a target, as PowerPoint writes it
                elif attribute in element.attrib:
                    del element.attrib[attribute]

    def _warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(Diagnostic(message, Span(self.shown)))
        elif len(self.warnings) == MAX_WARNINGS:
            self.warnings.append(Diagnostic("more external targets removed; not all are listed", Span(self.shown)))

    def _drop_unused(self) -> None:
        for rel in self.rels(""):
            if (rel.get("Type") or "").endswith(UNUSED_ROOT_TYPES):
                rel.getparent().remove(rel)
        presentation = self.presentation_name()
        for rel in self.rels(presentation):
            if (rel.get("Type") or "").endswith(UNUSED_PRESENTATION_TYPES):
                rel.getparent().remove(rel)
        root = self.tree(presentation)
        for path in UNUSED_PRESENTATION_ELEMENTS:
            for element in root.findall(path, NS):
                root.remove(element)

    def presentation_name(self) -> str:
        found = [target for _, target in self.related("", "/officeDocument")]
        if not found:
            raise self.damaged("no presentation part")
        if found[0] not in self.parts:
            raise self.damaged(f"the presentation part {found[0]} is missing")
        return found[0]

    # -- what the deck needs ----------------------------------------------------------------

    def _check_structure(self) -> None:
        presentation = self.presentation_name()
        for part in self._reachable():
            for rel in self.rels(part):
                if rel.get("TargetMode") != "External" and self.target(part, rel) not in self.parts:
                    raise self.damaged(f"{part or 'the package'} refers to a missing part {self.target(part, rel)}")
        root = self.tree(presentation)
        self._check_slide_size(root, presentation)
        masters = self._ids_to_parts(presentation, root, "p:sldMasterIdLst/p:sldMasterId", MASTER_TYPE, "slide master")
        if not masters:
            raise self.damaged("it has no slide master")
        for master in masters:
            themes = self.related(master, "/theme")
            if not themes:
                raise self.damaged(f"slide master {master} has no theme")
            theme = themes[0][1]
            if self.content_types.get(theme) != THEME_TYPE:
                raise self.damaged(f"the theme of {master}, {theme}, is not a theme")
            theme_root = self.tree(theme)
            if theme_root.find("a:themeElements/a:clrScheme", NS) is None \
                    or theme_root.find("a:themeElements/a:fontScheme", NS) is None:
                raise self.damaged(f"theme {theme} has no colour or font scheme")
            layouts = self._ids_to_parts(master, self.tree(master), "p:sldLayoutIdLst/p:sldLayoutId", LAYOUT_TYPE,
                                         "slide layout")
            if not layouts:
                raise self.damaged(f"slide master {master} has no layouts")
            for layout in layouts:
                own = [target for _, target in self.related(layout, "/slideMaster")]
                if len(own) != 1 or own[0] not in masters:
                    raise self.damaged(f"layout {layout} does not name one slide master of the presentation")

    def _check_numbers(self) -> None:
        """Positions, sizes and ids python-pptx reads are present and in range: it raises on the first
        bad one only when a slide is drawn, far from the master it comes from."""
        kinds = (PRESENTATION_TYPE, MASTER_TYPE, LAYOUT_TYPE, CT + "slide+xml", CT + "notesMaster+xml",
                 CT + "notesSlide+xml")
        for part in self._reachable():
            if self.content_types.get(part) not in kinds:
                continue
            for element in self.tree(part).iter():
                parent = element.getparent()
                for attribute, low, high, required in NUMBERS.get(element.tag, ()):
                    if element.tag == _EXT and (parent is None or parent.tag not in _XFRMS):
                        continue   # an extension list's a:ext, not a size
                    value = element.get(attribute)
                    if value is None and not required:
                        continue
                    if value is None or not re.fullmatch(r"-?\d{1,20}", value.strip()) \
                            or not low <= int(value) <= high:
                        tag = element.tag.rsplit("}", 1)[-1]
                        shown = "missing" if value is None else f"{value[:20]!r}"
                        raise self.damaged(f"{part}: {tag} {attribute} is {shown}, not a number from {low} to {high}")

    def _ids_to_parts(self, part: str, root, path: str, content_type: str, what: str) -> list[str]:
        by_id = {rel.get("Id"): self.target(part, rel) for rel in self.rels(part)
                 if rel.get("TargetMode") != "External"}
        found = []
        for element in root.findall(path, NS):
            rel_id = element.get(f"{{{REL}}}id")
            target = by_id.get(rel_id)
            if target is None:
                raise self.damaged(f"{part} lists a {what} {rel_id!r} it has no relationship for")
            if self.content_types.get(target) != content_type:
                raise self.damaged(f"{part} lists {target} as a {what}, but it is not one")
            if target not in found:
                found.append(target)
        return found

    def _check_slide_size(self, root, presentation: str) -> None:
        size = root.find("p:sldSz", NS)
        if size is None:
            raise self.damaged(f"{presentation} gives no slide size")
        try:
            width, height = int(size.get("cx", "")), int(size.get("cy", ""))
        except ValueError:
            raise self.damaged(f"{presentation} gives no usable slide size "
                              f"({size.get('cx')!r} × {size.get('cy')!r})") from None
        if not (MIN_SLIDE_EMU <= width <= MAX_SLIDE_EMU and MIN_SLIDE_EMU <= height <= MAX_SLIDE_EMU):
            raise self.damaged(f"slide size {width / 914400:.2f} × {height / 914400:.2f} in is not usable "
                              "— expected 1 to 56 inches a side")

    def _reachable(self) -> list[str]:
        """Parts reached from the package's relationships, in the order found ("" is the package)."""
        seen = [""]
        for part in seen:
            for rel in self.rels(part):
                if rel.get("TargetMode") == "External":
                    continue
                target = self.target(part, rel)
                if target not in seen and target in self.parts:
                    seen.append(target)
        return seen

    def _write(self) -> bytes:
        """The package with the cleaned XML and only the parts some relationship reaches."""
        keep = set(self._reachable()) - {""}
        names = ["[Content_Types].xml", "_rels/.rels"]
        names += [n for n in self.parts if n in keep]
        names += [_rels_name(n) for n in self.parts if n in keep and _rels_name(n) in self.parts]
        types = self.tree("[Content_Types].xml")
        for override in types.findall("ct:Override", NS):   # PowerPoint reports a declared part that is absent
            if _normalised(override.get("PartName", "")) not in names:
                types.remove(override)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name in dict.fromkeys(names):
                if name in self.trees:
                    data = etree.tostring(self.trees[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                else:
                    data = self.parts[name]
                archive.writestr(name, data)
        return out.getvalue()


_A, _P = "{%s}" % NS["a"], "{%s}" % NS["p"]
_EXT = _A + "ext"
_XFRMS = {_A + "xfrm", _P + "xfrm"}
_COORDINATE = (-27273042329600, 27273042316900)   # ECMA-376 ST_Coordinate, ST_PositiveCoordinate
_UNSIGNED = (0, 4294967295)
# element → (attribute, lowest, highest, required): what python-pptx validates when it reads a shape
NUMBERS = {
    _A + "off": (("x", *_COORDINATE, True), ("y", *_COORDINATE, True)),
    _A + "chOff": (("x", *_COORDINATE, True), ("y", *_COORDINATE, True)),
    _EXT: (("cx", 0, _COORDINATE[1], True), ("cy", 0, _COORDINATE[1], True)),
    _A + "chExt": (("cx", 0, _COORDINATE[1], True), ("cy", 0, _COORDINATE[1], True)),
    _P + "cNvPr": (("id", *_UNSIGNED, True),),
    _P + "ph": (("idx", *_UNSIGNED, False),),
    _A + "rPr": (("sz", 100, 400000, False),),
    _A + "defRPr": (("sz", 100, 400000, False),),
    _A + "endParaRPr": (("sz", 100, 400000, False),),
}


def _safe_link(target: str) -> bool:
    """A master's hyperlink keeps the notes' rule (http, https, mailto, relative), never a file share."""
    if "\\" in target or target.strip().startswith("//"):
        return False  # \\server\share, C:\file or //server/share: Windows opens them as files
    return safe_href(target) is not None


def _enclosing_shape(element):
    """The shape (picture, graphic frame, shape) an element belongs to, if any."""
    shape_tags = {f"{{{NS['p']}}}{tag}" for tag in ("pic", "graphicFrame", "sp", "grpSp", "cxnSp")}
    node = element
    while node is not None and node.tag not in shape_tags:
        node = node.getparent()
    return node
