"""PowerPoint's native sections (the slide sorter's groups): the p14:sectionLst extension of presentation.xml."""
from __future__ import annotations

import uuid

from lxml import etree
from pptx.oxml.ns import qn

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"   # the extension's registered uri
_SECTION_IDS = uuid.UUID("0b9f4f55-6f8e-4d6c-9a0a-5d1f3b2a7c11")   # ids derived from the names: same file each build


def set_sections(prs, sections: list[tuple[str, int]]) -> None:
    """Group the deck's slides into named sections: (name, how many slides) in deck order, covering
    every slide. Replaces any sections the master came with (they named its sample slides)."""
    presentation = prs.part._element
    slide_ids = [element.get("id") for element in presentation.find(qn("p:sldIdLst")).iterchildren(qn("p:sldId"))]
    if sum(count for _, count in sections) != len(slide_ids):
        raise ValueError("the sections do not cover the deck's slides")
    ext_list = presentation.find(qn("p:extLst"))
    if ext_list is None:
        ext_list = etree.SubElement(presentation, qn("p:extLst"))   # the last child, as the schema wants
    for ext in ext_list.findall(qn("p:ext")):
        if ext.get("uri") == SECTIONS_EXT:
            ext_list.remove(ext)
    ext = etree.Element(qn("p:ext"), uri=SECTIONS_EXT)
    ext_list.insert(0, ext)
    section_list = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    start = 0
    for index, (name, count) in enumerate(sections):
        section_id = "{" + str(uuid.uuid5(_SECTION_IDS, f"{index}/{name}")).upper() + "}"
        section = etree.SubElement(section_list, f"{{{P14}}}section", name=name, id=section_id)
        ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
        for slide_id in slide_ids[start:start + count]:
            etree.SubElement(ids, f"{{{P14}}}sldId", id=slide_id)
        start += count
