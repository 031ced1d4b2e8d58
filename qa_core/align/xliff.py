"""Writing an aligned Document as XLIFF 2.1, the link facts as Metadata module entries.

`qa_core.writers.xliff.write_xliff` (the general writer, from the readers work) is
used when it is installed; until then this module writes the aligned document
itself. Either way every unit property ("align:link", "align:confidence", the
paragraph numbers and lines of both sides) becomes an `<mda:meta type="...">` in
one `<mda:metaGroup category="tqa">`, so nothing the alignment knows is lost.
"""

from __future__ import annotations

from lxml import etree

from qa_core.model import Document
from qa_core.report import write_atomic

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"


def write_aligned(document: Document, path: str) -> None:
    """Write `document` to `path` atomically (all or nothing)."""
    try:
        from qa_core.writers.xliff import write_xliff  # type: ignore[import-not-found]
    except ImportError:
        write_atomic(path, to_xliff(document))
        return
    write_xliff(document, path, version="2.1")


def _metadata(parent: etree._Element, pairs) -> None:
    if not pairs:
        return
    metadata = etree.SubElement(parent, f"{{{MDA}}}metadata")
    group = etree.SubElement(metadata, f"{{{MDA}}}metaGroup", category="tqa")
    for key, value in pairs:
        meta = etree.SubElement(group, f"{{{MDA}}}meta", type=key)
        meta.text = value


def to_xliff(document: Document) -> bytes:
    """The XLIFF 2.1 bytes of a document whose units have one plain-text segment each."""
    root = etree.Element(f"{{{XLIFF2}}}xliff", nsmap={None: XLIFF2, "mda": MDA})
    root.set("version", "2.1")
    root.set("srcLang", document.source_lang or "und")
    if document.target_lang:
        root.set("trgLang", document.target_lang)
    files: dict[str, etree._Element] = {}
    for unit in document.units():
        file_el = files.get(unit.file.id)
        if file_el is None:
            file_el = etree.SubElement(root, f"{{{XLIFF2}}}file", id=unit.file.id)
            if unit.file.original:
                file_el.set("original", unit.file.original)
            _metadata(file_el, list(document.properties) + list(unit.file.attrs))
            files[unit.file.id] = file_el
        unit_el = etree.SubElement(file_el, f"{{{XLIFF2}}}unit", id=unit.id)
        if unit.name:
            unit_el.set("name", unit.name)
        _metadata(unit_el, unit.properties)
        for segment in unit.segments:
            seg_el = etree.SubElement(unit_el, f"{{{XLIFF2}}}segment")
            if segment.id:
                seg_el.set("id", segment.id)
            if segment.state:
                seg_el.set("state", segment.state)
            source = etree.SubElement(seg_el, f"{{{XLIFF2}}}source")
            source.text = segment.source.text
            if segment.target is not None:
                target = etree.SubElement(seg_el, f"{{{XLIFF2}}}target")
                target.text = segment.target.text
            if "\n" in segment.source.text or (segment.target is not None and "\n" in segment.target.text):
                unit_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
