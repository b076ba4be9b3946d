"""The deck's document properties (docProps/core.xml, docProps/app.xml), from the notes alone.

A company master carries its own history: its authors, the person who saved it last, its
revision, keywords and comments, its 2018 dates, and in app.xml the titles of its sample
slides. None of that describes the deck, so both parts are written anew: the notes' title
and author, dated when the notes were saved (or SOURCE_DATE_EPOCH), and app.xml listing the deck's own slides.
"""
from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CORE_NS = ('xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
_XML_START = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def set_document_properties(prs, title: str, author: str | None, when: datetime.datetime,
                            slide_titles: list[str]) -> None:
    """Replace the package's core and app properties with the deck's own (`when`: naive UTC)."""
    package = prs.part.package
    notes_pages = sum(1 for part in package.iter_parts() if part.content_type == CT.PML_NOTES_SLIDE)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = [f"<dc:title>{escape(title)}</dc:title>"]
    if author:
        core.append(f"<dc:creator>{escape(author)}</dc:creator>")
    core += [f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>',
             f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>']
    core_xml = f"{_XML_START}<cp:coreProperties {_CORE_NS}>{''.join(core)}</cp:coreProperties>"
    titles = "".join(f"<vt:lpstr>{escape(text)}</vt:lpstr>" for text in slide_titles)
    app_xml = (f'{_XML_START}<Properties xmlns="{_APP_NS}" xmlns:vt="{_VT_NS}">'
               f"<Application>confdeck</Application><Slides>{len(slide_titles)}</Slides>"
               f"<Notes>{notes_pages}</Notes><HiddenSlides>0</HiddenSlides>"
               '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Slide Titles</vt:lpstr>'
               f"</vt:variant><vt:variant><vt:i4>{len(slide_titles)}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
               f'<TitlesOfParts><vt:vector size="{len(slide_titles)}" baseType="lpstr">{titles}</vt:vector>'
               "</TitlesOfParts></Properties>")
    _replace_part(package, RT.CORE_PROPERTIES, "/docProps/core.xml", CT.OPC_CORE_PROPERTIES, core_xml)
    _replace_part(package, RT.EXTENDED_PROPERTIES, "/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES, app_xml)


def _replace_part(package, reltype: str, name: str, content_type: str, xml: str) -> None:
    """The package's part of this relationship type, whatever the master had, is now `xml`."""
    rels = package._rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == reltype:
            rels.pop(rel_id)
    package.__dict__.pop("core_properties", None)   # python-pptx's cached core properties of the master
    taken = {str(part.partname) for part in package.iter_parts()}
    number = 1
    while name in taken:   # the master's own part is dropped with its relationship; this is for odd masters
        number += 1
        name = name.replace(".xml", "").rstrip("0123456789") + f"{number}.xml"
    part = Part(PackURI(name), content_type, package, xml.encode("utf-8"))
    package.relate_to(part, reltype)
