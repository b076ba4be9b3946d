"""Adding slides, notes slides and pictures to a python-pptx package in constant time each.

python-pptx's own calls grow with the deck: a new notes slide's part name is
found by walking every part of the package, the next slide id by reading all
existing ones, a new relationship by indexing all relationships of the
presentation part, and a picture's image part by walking the package again.
Over a build that is quadratic (about 9 s for 1000 slides with notes).

SlideAdder keeps counters for the build instead: it reads the package once,
then hands out part names, slide ids and relationship ids without scanning.
Slides are still python-pptx part objects; a finished slide keeps only its
serialised XML, a notes slide is written as bytes from the start, and .rels
files are written as text: what python-pptx would save, without an XML tree
per part (the tests compare with what python-pptx's own calls write).
"""
from __future__ import annotations

import copy
import datetime
import os
import zipfile
from dataclasses import dataclass, fields
from typing import IO, Callable

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part, _Relationships
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _ZipPkgWriter
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.image import Image as PptxImage
from pptx.parts.image import ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.util import lazyproperty

from confdeck.powerpoint.drawingml import XmlFrameWriter, text_paragraphs_xml
from confdeck.powerpoint.frames import insert_before, set_plain_text, set_title_text

_NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
_PH_PATH = "./*/p:nvPr/p:ph"    # sp/nvSpPr, pic/nvPicPr, graphicFrame/nvGraphicFramePr … /nvPr/ph
_SLD_ID, _R_ID = qn("p:sldId"), qn("r:id")
MIN_SLIDE_ID = 256          # ECMA-376: slide ids run from 256 to 2147483647
MAX_SLIDE_ID = 2147483647


class _PartNames:
    """Hands out unused part names from a template such as `/ppt/slides/slide%d.xml`."""

    def __init__(self, template: str, taken: set[str]):
        self.template = template
        self.taken = taken
        self.next = 1

    def take(self) -> PackURI:
        while self.template % self.next in self.taken:
            self.next += 1
        name = self.template % self.next
        self.taken.add(name)
        self.next += 1
        return PackURI(name)


class _CachedImageParts:
    """Stands in for python-pptx's image-part lookup: a dict by SHA-1 instead of a package walk per picture."""

    def __init__(self, package):
        self.package = package
        self.by_sha1: dict[str, ImagePart] = {}
        self.used_numbers: set[int] = set()
        for part in package.iter_parts():
            if str(part.partname).startswith("/ppt/media/image") and part.partname.idx is not None:
                self.used_numbers.add(part.partname.idx)
            if isinstance(part, ImagePart):
                self.by_sha1.setdefault(part.sha1, part)
        self.next = 1

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        image = PptxImage.from_file(image_file)
        part = self.by_sha1.get(image.sha1)
        if part is None:
            part = ImagePart(self._partname(image.ext), image.content_type, self.package, image.blob,
                             image.filename)
            self.by_sha1[image.sha1] = part
        return part

    def _partname(self, ext: str) -> PackURI:
        # One numbering for all extensions (image1.png, image2.jpeg), as python-pptx does.
        while self.next in self.used_numbers:
            self.next += 1
        self.used_numbers.add(self.next)
        return PackURI(f"/ppt/media/image{self.next}.{ext}")


@dataclass(frozen=True)
class SlideExtras:
    """Everything the renderer draws on a slide besides its title text, its body text and its notes.

    The renderer draws these from this record only, and SlideAdder writes a slide from a stamp
    only when every field is empty: a new kind of extra is a new field here, and keeps the
    slides that have it off the stamp path without anyone listing it anywhere else.
    """
    decorations: tuple = ()      # footers, slide numbers, dates, logos (powerpoint.decorate)
    advance_seconds: int = 0     # "advance after" timing, 0 for none

    def __bool__(self) -> bool:
        return any(getattr(self, item.name) for item in fields(self))


TextXml = Callable[[object], str]   # a text's paragraphs as XML, given the slide part (for its hyperlinks)


class SlideAdder:
    """Adds slides and notes slides to one presentation, without rescanning it each time."""

    def __init__(self, prs):
        self.prs = prs
        self._idx_of: dict = {}                 # layout placeholder element → idx
        presentation_part = prs.part
        self.presentation_part = presentation_part
        self.package = presentation_part.package
        taken = {str(part.partname) for part in self.package.iter_parts()}
        self.slide_names = _PartNames("/ppt/slides/slide%d.xml", taken)
        self.notes_names = _PartNames("/ppt/notesSlides/notesSlide%d.xml", taken)
        self.slide_ids = presentation_part._element.get_or_add_sldIdLst()
        used = [int(value) for value in self.slide_ids.xpath("./p:sldId/@id") if value.isdigit()]
        self.next_slide_id = max([MIN_SLIDE_ID - 1, *used]) + 1
        self._notes_master_part = None
        self._slide_templates: dict = {}        # (layout part, prepare) → a new slide's XML on it
        self._notes_template: tuple[bytes, bytes] | None = None  # a notes slide's XML before/after its text
        self._layout_of: dict = {}              # slide part → layout part
        self._stamps: dict = {}                 # layout part → stamp (see _stamp_key)
        self._slide_parts: list = []            # the deck's slides in order
        self.slide_links = SlideLinks()
        self._later_by_part: dict = {}          # slide part → {marker: text} (see _text_later)
        self._placeholders_at: dict = {}        # layout part → [(idx, position in the shape tree, class)]
        # Pictures: python-pptx reads its image-part lookup from the package's __dict__ (a
        # lazyproperty); putting ours there routes shapes.add_picture through the SHA-1 dict.
        self.package.__dict__["_image_parts"] = _CachedImageParts(self.package)

    def add_slide(self, layout, prepare=None):
        """A new slide on `layout`, with the layout's placeholders, at the end of the deck; `prepare`
        (a function of the slide) does what every slide of a kind on this layout starts with."""
        name = self.slide_names.take()
        template = self._slide_templates.get((layout.part, prepare))
        if template is None:
            slide_part = SlidePart.new(name, self.package, layout.part)
            slide_part.slide.shapes.clone_layout_placeholders(layout)
            self._layout_of[slide_part] = layout.part
            if prepare is not None:
                prepare(slide_part.slide)
            # Every new slide of a kind on a layout starts as the same XML: keep a copy.
            self._slide_templates[layout.part, prepare] = copy.deepcopy(slide_part._element)
        else:
            slide_part = SlidePart(name, CT.PML_SLIDE, self.package, copy.deepcopy(template))
            _add_relationship(slide_part, RT.SLIDE_LAYOUT, layout.part)
        self._layout_of[slide_part] = layout.part
        self._append(slide_part)
        return slide_part.slide

    def add_text_slide(self, info, notes: str | None, extras: SlideExtras, texts: list[TextXml] | None) -> bool:
        """Write the slide straight as bytes from a stamp, if it qualifies and one is kept for its layout
        (see _stamp_key); False leaves it to the caller to draw (and to pass the same to finished)."""
        key = self._stamp_key(info, extras, texts)
        stamp = self._stamps.get(key) if key is not None else None
        if stamp is None:
            return False
        self._add_stamped_slide(info.layout, notes, stamp, texts)
        return True

    @staticmethod
    def _stamp_key(info, extras: SlideExtras, texts: list[TextXml] | None):
        """The layout, when a slide on it differs from the others like it only in its title text, its body
        text and its notes: its only texts are the layout's title and body (`texts`, in that order, given
        only when the slide's whole content is the body's text) and it has no extras. Such a slide's XML
        is the first one's with other text in it."""
        if texts is None or extras or info.title is None or info.body is None:
            return None
        return info.layout.part

    def _add_stamped_slide(self, layout, notes: str | None, stamp: list, texts: list[TextXml]) -> None:
        """A slide written straight as bytes: `stamp` is a finished slide's XML cut where its texts go
        (see finished), `texts` give each cut's XML as a function of the new slide part (it relates
        its hyperlinks to the part). Same parts and relationships, in the same order, as add_slide,
        set_notes and finished would make."""
        slide_part = Part(self.slide_names.take(), CT.PML_SLIDE, self.package, b"")
        _add_relationship(slide_part, RT.SLIDE_LAYOUT, layout.part)
        self._append(slide_part)
        if notes is not None:
            self._add_notes(slide_part, notes)
        # A text that came out empty is one empty paragraph: a text body must hold one.
        slide_part._blob = b"".join(
            piece if isinstance(piece, bytes) else (texts[piece](slide_part) or "<a:p/>").encode("utf-8")
            for piece in stamp)
        _freeze_rels(slide_part)

    def _append(self, slide_part) -> None:
        """The slide at the end of the deck: the presentation's relationship and a new slide id."""
        rId = _add_relationship(self.presentation_part, RT.SLIDE, slide_part)
        self._slide_parts.append(slide_part)
        if self.next_slide_id > MAX_SLIDE_ID:
            raise ValueError("more slides than a PowerPoint file can number")
        # (python-pptx's _add_sldId goes through its generic child-insertion machinery; a sldId is just appended)
        etree.SubElement(self.slide_ids, _SLD_ID, {"id": str(self.next_slide_id), _R_ID: rId})
        self.next_slide_id += 1

    def set_notes(self, slide, text: str) -> None:
        """Give the slide speaker notes: `text`, a paragraph per line.

        The notes part is written once, as bytes: every notes slide is the notes master's
        placeholders with different text, so the first one's serialisation is split around its
        body text and reused (no XML tree per notes slide at all).
        """
        # (a slide from add_slide has no notes yet: this is only called once per slide)
        self._add_notes(slide.part, text)

    def _add_notes(self, slide_part, text: str) -> None:
        master_part = self._notes_master()
        before, after = self._notes_template_bytes(master_part)
        blob = before + text_paragraphs_xml(text).encode("utf-8") + after
        notes_part = Part(self.notes_names.take(), CT.PML_NOTES_SLIDE, self.package, blob)
        _add_relationship(notes_part, RT.NOTES_MASTER, master_part)
        _add_relationship(notes_part, RT.SLIDE, slide_part)
        _add_relationship(slide_part, RT.NOTES_SLIDE, notes_part)
        _freeze_rels(notes_part)

    def _notes_template_bytes(self, master_part) -> tuple[bytes, bytes]:
        """A new notes slide's XML, split where its body placeholder's paragraphs go."""
        if self._notes_template is None:
            element = CT_NotesSlide.new()
            notes = NotesSlidePart(PackURI("/ppt/notesSlides/template.xml"), CT.PML_NOTES_SLIDE, self.package,
                                   element).notes_slide
            notes.clone_master_placeholders(master_part.notes_master)
            body = notes.notes_placeholder
            if body is None:
                raise ValueError("the notes master has no body placeholder")
            body.text_frame.text = _NOTES_MARKER
            blob = serialize_part_xml(element)
            marker = text_paragraphs_xml(_NOTES_MARKER).encode("utf-8")
            before, found, after = blob.partition(marker)
            if not found:
                raise ValueError("could not find the notes text in the notes slide's XML")
            self._notes_template = (before, after)
        return self._notes_template

    def placeholders_by_idx(self, slide) -> dict:
        """The placeholders of a slide just added, by idx (python-pptx looks each one up with XPath)."""
        layout_part = self._layout_of[slide.part]
        placeholders = slide.placeholders
        tree = slide.shapes._spTree
        known = self._placeholders_at.get(layout_part)
        if known is None:
            found = {ph.placeholder_format.idx: ph for ph in placeholders}
            children = list(tree)
            # Slides on one layout start as copies of one XML: the placeholders sit at the same places.
            self._placeholders_at[layout_part] = [(idx, children.index(ph._element), type(ph))
                                                  for idx, ph in found.items()]
            return found
        return {idx: cls(tree[position], placeholders) for idx, position, cls in known}

    def finished(self, slide, info=None, extras: SlideExtras = SlideExtras(), texts: list[TextXml] | None = None):
        """Keep a slide nothing will change any more (and its notes) as the bytes that will be saved.
        Given what add_text_slide was given, the first slide that qualifies becomes its layout's stamp:
        its serialisation before its texts were put in, cut at their markers.

        An XML tree per slide and notes slide held until the save made a 5000-slide build peak at
        700 MB; the serialised parts are a small part of that. The part objects stay (every
        relationship still leads to them); only their XML is swapped for its serialisation.
        """
        slide_part = slide.part
        self._layout_of.pop(slide_part, None)
        later = self._later_by_part.pop(slide_part, {})
        raw = _freeze(slide_part, later)
        _freeze_rels(slide_part)
        key = self._stamp_key(info, extras, texts) if info is not None else None
        if key is not None and key not in self._stamps:
            self._stamps[key] = self._stamp_of(raw, list(later), len(texts))

    @staticmethod
    def _stamp_of(raw: bytes, markers: list[bytes], count: int) -> list | None:
        """A finished slide's XML cut at its text markers, the cuts numbered in the order the texts
        were set; None unless there are `count` markers, each there exactly once."""
        if len(markers) != count or any(raw.count(marker) != 1 for marker in markers):
            return None
        cuts = sorted((raw.index(marker), marker, name) for name, marker in enumerate(markers))
        stamp, start = [], 0
        for at, marker, name in cuts:
            stamp += [raw[start:at], name]
            start = at + len(marker)
        return stamp + [raw[start:]]

    def set_title_text(self, shape, text: str, size_pt: float | None, font: str | None, color, bold: bool | None,
                       align=None, cap_none: bool = False) -> None:
        """A title's text (see frames.set_title_text), put in when the slide is serialised."""
        set_title_text(shape.text_frame, text, size_pt, font, color, bold, align, cap_none,
                       self._text_later(shape.part))

    def set_plain_text(self, shape, text: str, size_pt: float, font: str | None, color,
                       align: str | None = None) -> None:
        """Unbulleted lines (see frames.set_plain_text), put in when the slide is serialised."""
        set_plain_text(shape.text_frame, text, size_pt, font, color, self._text_later(shape.part), align)

    def frame_writer(self, frame, slide, font: str | None = None, color=None) -> XmlFrameWriter:
        """Who fills a text frame of the slide: its paragraphs as XML text, put in when the slide is serialised;
        `font` and `color` for runs that name none."""
        return XmlFrameWriter(frame, slide.part, self._text_later(slide.part), self.slide_links.reserve, font, color)

    def text_writer(self, part) -> XmlFrameWriter:
        """Who writes paragraphs as XML text for a slide part (its links related to it), kept by the caller."""
        return XmlFrameWriter(None, part, None, self.slide_links.reserve)

    def _text_later(self, slide_part) -> dict[bytes, bytes]:
        """Where text frames of this slide leave their text until it is serialised."""
        return self._later_by_part.setdefault(slide_part, {})

    def save(self, out) -> None:
        """Write the package: the presentation part's relationships (one per slide) as text, deflated
        at zlib level 3 instead of python-pptx's 6: half the compression time for a file about 4 % larger."""
        self.slide_links.resolve(self._slide_parts)
        complete_package(self.presentation_part)
        _freeze_rels(self.presentation_part)
        _QuickPackageWriter.write(out, self.package._rels, tuple(self.package.iter_parts()))

    def idx_of(self, placeholder) -> int:
        """A layout placeholder's idx, read once per build (python-pptx looks it up with XPath each time)."""
        element = placeholder._element
        idx = self._idx_of.get(element)
        if idx is None:
            idx = self._idx_of[element] = placeholder.placeholder_format.idx
        return idx

    def drop_placeholders(self, slide, keep) -> None:
        """Remove the slide's placeholders but those in `keep` (shapes, or None)."""
        kept = {id(shape._element) for shape in keep if shape is not None}
        tree = slide.shapes._spTree
        for child in [child for child in tree if child.find(_PH_PATH, _NS) is not None]:
            if id(child) not in kept:
                tree.remove(child)

    def _notes_master(self):
        if self._notes_master_part is None:
            # Created from python-pptx's default the first time, as python-pptx's notes_slide does.
            self._notes_master_part = self.presentation_part.notes_master_part
        return self._notes_master_part


# Parts every program expects beside presentation.xml, as PowerPoint writes them when there is nothing to say.
_P_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
         'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_XML_START = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_PRESENTATION_PROPERTY_PARTS = (
    (RT.PRES_PROPS, CT.PML_PRES_PROPS, "/ppt/presProps.xml", f"<p:presentationPr {_P_NS}/>"),
    (RT.VIEW_PROPS, CT.PML_VIEW_PROPS, "/ppt/viewProps.xml", f"<p:viewPr {_P_NS}/>"),
    (RT.TABLE_STYLES, CT.PML_TABLE_STYLES, "/ppt/tableStyles.xml",
     '<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
     'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'),
)
_NOTES_MASTER_ID_LST = qn("p:notesMasterIdLst")
# presentation.xml's children that come after notesMasterIdLst (ECMA-376 CT_Presentation)
_AFTER_NOTES_MASTERS = frozenset(qn(f"p:{tag}") for tag in (
    "handoutMasterIdLst", "sldIdLst", "sldSz", "notesSz", "smartTags", "embeddedFontLst", "custShowLst",
    "photoAlbum", "custDataLst", "kinsoku", "defaultTextStyle", "modifyVerifier", "extLst"))


class SlideLinks:
    """Links from text to a slide of the deck ("#/N": the slide at index N, as reveal.js counts), made
    while that slide may not exist yet. Each gets its relationship at once, so that a slide's rIds
    stay in the order its links were written (aimed at its own slide for now), and its target on save."""

    def __init__(self):
        self.pending: list[tuple[object, str, int]] = []

    def reserve(self, part, index: int) -> str:
        rId = _add_relationship(part, RT.SLIDE, part)
        self.pending.append((part, rId, index))
        return rId

    def resolve(self, slide_parts: list) -> None:
        """Aim every link at its slide (`slide_parts`: the deck's slides in order)."""
        for part, rId, index in self.pending:
            if not 0 <= index < len(slide_parts):
                raise ValueError(f"a link to slide {index + 1} of a deck of {len(slide_parts)}")
            part.rels._rels[rId]._target = slide_parts[index]
            if isinstance(part.rels, _SavedRelationships):
                part.rels._saved_xml = rels_xml(part.rels)
        self.pending.clear()


def complete_package(presentation_part) -> None:
    """What PowerPoint, Keynote and Google Slides expect of the package and python-pptx leaves out:
    the notes master listed in presentation.xml (notesMasterIdLst) when there is one, presProps,
    viewProps and tableStyles parts whatever the master shipped, and no printer settings (a binary
    blob of the machine that made the template)."""
    rels = presentation_part.rels
    for rId, rel in list(rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            rels.pop(rId)
    present = {rel.reltype for rel in rels.values()}
    taken = {str(part.partname) for part in presentation_part.package.iter_parts()}
    for reltype, content_type, name, xml in _PRESENTATION_PROPERTY_PARTS:
        if reltype not in present:
            # (a damaged master may hold a part of that name related as something else: take a free name)
            name = _PartNames(name.replace(".xml", "%d.xml"), taken).take() if name in taken else PackURI(name)
            part = Part(PackURI(name), content_type, presentation_part.package, (_XML_START + xml).encode("utf-8"))
            _add_relationship(presentation_part, reltype, part)
    notes_master = next((rId for rId, rel in rels.items() if rel.reltype == RT.NOTES_MASTER), None)
    element = presentation_part._element
    if notes_master is not None and element.find(_NOTES_MASTER_ID_LST) is None:
        id_list = insert_before(element, _NOTES_MASTER_ID_LST, _AFTER_NOTES_MASTERS)
        etree.SubElement(id_list, qn("p:notesMasterId"), {_R_ID: notes_master})



def _add_relationship(source_part, reltype: str, target_part) -> str:
    """Relate two parts, knowing the relationship is new (python-pptx's relate_to first searches all of them)."""
    return source_part.rels._add_relationship(reltype, target_part)


def _freeze(part, later: dict[bytes, bytes]) -> bytes:
    """Turn an XML part into one that saves the bytes its XML serialises to, and drop the XML;
    `later` maps markers in the XML to the text that goes where they are. Returns the serialisation
    with the markers still in it."""
    if "_frozen_blob" in part.__dict__:
        return part._frozen_blob
    raw = blob = part.blob
    for marker, text in later.items():
        blob = blob.replace(marker, text, 1)
    part._frozen_blob = blob
    cls = type(part)
    frozen_class = _FROZEN_CLASSES.get(cls)
    if frozen_class is None:
        frozen_class = _FROZEN_CLASSES[cls] = type(f"Saved{cls.__name__}", (cls,), {
            "__doc__": f"A {cls.__name__} kept as its serialised XML.",
            "blob": property(lambda self: self._frozen_blob),
        })
    part.__class__ = frozen_class
    for cached in ("_element", "slide", "notes_slide"):   # the XML tree and python-pptx's proxies of it
        part.__dict__.pop(cached, None)
    return raw


_FROZEN_CLASSES: dict[type, type] = {}
COMPRESS_LEVEL = 3


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """The time every part of the package carries: SOURCE_DATE_EPOCH when set (reproducible-builds.org),
    else the zip format's first day, so that the same notes give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        if moment.year >= 1980:
            return moment.timetuple()[:6]
    return (1980, 1, 1, 0, 0, 0)


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH as a (naive, UTC) time for the package's created and modified dates; None when unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).replace(tzinfo=None)


class _QuickZipWriter(_ZipPkgWriter):
    """python-pptx's zip writer, deflating at COMPRESS_LEVEL, every part with the same fixed time."""

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=self._time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0     # the same bytes whatever system builds the deck
        self._zipf.writestr(info, blob, compresslevel=COMPRESS_LEVEL)

    @lazyproperty
    def _time(self) -> tuple:
        return zip_timestamp()

    @lazyproperty
    def _zipf(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(self._pkg_file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL,
                               strict_timestamps=False)


class _QuickPackageWriter(PackageWriter):
    """python-pptx's package writer (what Presentation.save uses) with the quicker zip writer."""

    def _write(self) -> None:
        with _QuickZipWriter(self._pkg_file) as phys_writer:
            self._write_content_types_stream(phys_writer)
            self._write_pkg_rels(phys_writer)
            self._write_parts(phys_writer)
_NOTES_MARKER = "confdeck notes text"


class _SavedRelationships(_Relationships):
    """A part's relationships that will not change any more, with their .rels XML written once."""

    @property
    def xml(self) -> bytes:
        return self._saved_xml


def _freeze_rels(part) -> None:
    """Write the part's .rels as text (python-pptx builds an element per relationship at save time)."""
    rels = part.rels
    rels._saved_xml = rels_xml(rels)
    rels.__class__ = _SavedRelationships


def rels_xml(rels) -> bytes:
    """The .rels XML python-pptx would write for these relationships (sorted by rId number).

    Reads python-pptx's relationship fields directly: its lazy properties cost more than the XML.
    """
    def number(rId: str) -> int:
        return int(rId[3:]) if rId.startswith("rId") and rId[3:].isdigit() else 0

    base_uri = rels._base_uri
    by_id = rels._rels
    lines = [_RELS_START]
    for rId in sorted(by_id, key=lambda rId: (number(rId), rId)):
        rel = by_id[rId]
        if rel._target_mode == RTM.EXTERNAL:
            target, mode = rel._target, ' TargetMode="External"'
        else:
            target, mode = relative_ref(base_uri, rel._target.partname), ""
        lines.append(f'<Relationship Id="{_attr(rId)}" Type="{_attr(rel._reltype)}" Target="{_attr(target)}"{mode}/>')
    lines.append("</Relationships>")
    return "".join(lines).encode("utf-8")


def relative_ref(base_uri: str, partname: str) -> str:
    """A part's name relative to a folder of the package, as python-pptx's PackURI.relative_ref gives it
    (part names are normalised absolute paths, so no general path arithmetic is needed)."""
    if base_uri == "/":
        return partname[1:]
    base = base_uri.strip("/").split("/")
    target = partname.strip("/").split("/")
    common = 0
    while common < min(len(base), len(target) - 1) and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


_RELS_START = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">')


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
