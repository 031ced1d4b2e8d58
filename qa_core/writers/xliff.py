"""Writing a `Document` as XLIFF 2.x (2.1 by default) or 1.2.

Streamed with `lxml.etree.xmlfile`: only one unit's elements exist at a time, so a
million-unit document never becomes a tree. Atomic: everything goes to a temporary
file beside the output, which replaces the output only once complete; on any error
the temporary file is removed and the output left as it was. The input is never
overwritten.

Files, groups (from `Unit.groups`), units, segments and ignorables, states, notes,
originalData and inline codes are kept. Codes read from other formats are written
as XLIFF 2 codes with their native data in `<originalData>`; attributes XLIFF 2
does not define are dropped (module attributes in an OASIS XLIFF namespace stay).
When the document does not know its source language (PO has none), `srcLang` is
"und" (undetermined): pass `--source-lang` to `tqa convert` to set it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from lxml import etree

from qa_core.errors import UsageError
from qa_core.files import atomic_file
from qa_core.inline import InlineError, build_inline
from qa_core.model import Code, CodeKind, Content, Document, File, Note, Segment, Unit
from qa_core.readers.xliff2 import MDA_NS, TQA_METADATA_CATEGORY

VERSIONS = ("2.0", "2.1", "2.2", "1.2")
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_NAMESPACES = {
    "2.0": "urn:oasis:names:tc:xliff:document:2.0",
    "2.1": "urn:oasis:names:tc:xliff:document:2.0",  # 2.1 kept the 2.0 core namespace
    "2.2": "urn:oasis:names:tc:xliff:document:2.2",
}
STATES = ("initial", "translated", "reviewed", "final")
_NMTOKEN = re.compile(r"^[\w.\-:\u00b7\u0300-\u036f\u203f-\u2040]+$")

# attributes XLIFF 2 defines on each inline element (others are dropped on the way out)
_COMMON = {"canCopy", "canDelete", "canReorder", "copyOf", "disp", "equiv", "subFlows", "subType", "type", "dataRef"}
_ALLOWED = {
    "ph": _COMMON,
    "pc": {
        "canCopy",
        "canDelete",
        "canOverlap",
        "canReorder",
        "copyOf",
        "dispEnd",
        "dispStart",
        "equivEnd",
        "equivStart",
        "dataRefEnd",
        "dataRefStart",
        "subFlowsEnd",
        "subFlowsStart",
        "subType",
        "type",
        "dir",
    },
    "sc": _COMMON | {"canOverlap", "dir", "isolated"},
    "ec": _COMMON | {"canOverlap", "dir", "isolated", "startRef"},
    "mrk": {"translate", "type", "ref", "value"},
    "sm": {"translate", "type", "ref", "value"},
    "em": {"startRef"},
}
_TYPES = {"ph": ("fmt", "ui", "quote", "link", "image", "other"), "mrk": ("generic", "comment", "term")}


def write_xliff(document: Document, path: str, version: str = "2.1", over_input: bool = False) -> None:
    """Write `document` to `path` as XLIFF `version` (2.0, 2.1, 2.2 or 1.2), atomically.
    Writing over the document's own input needs `over_input` (write-back --in-place):
    the document is read while the temporary is written, which then replaces it."""
    if version not in VERSIONS:
        raise UsageError(f"'version' must be one of {', '.join(VERSIONS)} (got {version!r})")
    from qa_core.files import same_file

    if over_input:
        pass
    elif same_file(path, document.path) or (document.target_path and same_file(path, document.target_path)):
        raise UsageError(f"'{path}' is the input ({document.path}): the XLIFF writer never overwrites its input; choose another output file")
    with atomic_file(path) as out:
        with etree.xmlfile(out, encoding="utf-8") as xf:
            xf.write_declaration()
            if version == "1.2":
                _Writer12(xf, document).write()
            else:
                _Writer2(xf, document, version).write()
        out.write(b"\n")


class _Used:
    """Ids given out in one file, so that none is written twice. Bounded like the
    readers' duplicate check, to keep memory flat on million-unit files: only the first
    100,000 ids are remembered, and fresh ids come from a counter that never repeats."""

    __slots__ = ("ids", "count", "limit")

    def __init__(self, limit: int = 100_000) -> None:
        self.ids: set[str] = set()
        self.count = 0
        self.limit = limit

    def __contains__(self, ident: str) -> bool:
        return ident in self.ids

    def __len__(self) -> int:
        return self.count

    def add(self, ident: str) -> None:
        self.count += 1
        if len(self.ids) < self.limit:
            self.ids.add(ident)


class _Nesting:
    """Open elements of an `xmlfile` that units stream into: the file, then groups."""

    def __init__(self, xf) -> None:
        self.xf = xf
        self.stack: list = []

    def open(self, tag: str, attrib: dict[str, str], nsmap=None):
        manager = self.xf.element(tag, attrib, nsmap=nsmap) if nsmap else self.xf.element(tag, attrib)
        manager.__enter__()
        self.stack.append(manager)

    def close(self, keep: int = 0) -> None:
        while len(self.stack) > keep:
            self.stack.pop().__exit__(None, None, None)


def _clean(attrs: dict[str, str | None]) -> dict[str, str]:
    return {k: v for k, v in attrs.items() if v is not None}


class _Base:
    def __init__(self, xf, document: Document) -> None:
        self.xf = xf
        self.document = document
        self.nesting = _Nesting(xf)
        self.file: File | None = None
        self.groups: tuple[str, ...] = ()
        self.file_count = 0
        self.unit_ids = _Used()
        self.group_ids = _Used()

    def units(self) -> Iterable[Unit]:
        return self.document.units()

    def place(self, unit: Unit, depth_of_body: int) -> None:
        """Open/close file and group elements so that `unit` goes where it belongs."""
        if self.file is None or (unit.file is not self.file and unit.file != self.file):
            self.nesting.close(1)
            self.file = unit.file
            self.file_count += 1
            self.groups = ()
            self.unit_ids = _Used()
            self.group_ids = _Used()
            self.open_file(unit.file)
        common = 0
        while common < min(len(self.groups), len(unit.groups)) and self.groups[common] == unit.groups[common]:
            common += 1
        self.nesting.close(depth_of_body + common)
        for group in unit.groups[common:]:
            ident = self.unique(group, self.group_ids, "g")
            self.open_group(ident)
        self.groups = unit.groups

    @staticmethod
    def unique(ident: str | None, used: _Used, prefix: str) -> str:
        if not ident or not _NMTOKEN.match(ident) or ident in used:
            base = ident if ident and _NMTOKEN.match(ident) else prefix
            number = len(used) + 1
            ident = f"{base}-{number}" if base != prefix else f"{prefix}{number}"
            while ident in used:
                number += 1
                ident = f"{base}-{number}" if base != prefix else f"{prefix}{number}"
        used.add(ident)
        return ident

    def source_lang(self) -> str:
        return self.document.source_lang or "und"


# ---------------------------------------------------------------------------
# XLIFF 2
# ---------------------------------------------------------------------------


class _Writer2(_Base):
    def __init__(self, xf, document: Document, version: str) -> None:
        super().__init__(xf, document)
        self.version = version
        self.ns = _NAMESPACES[version]
        self.nsmap: dict[str | None, str] = {None: self.ns}

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def write(self) -> None:
        root = _clean({"version": self.version, "srcLang": self.source_lang(), "trgLang": self.document.target_lang})
        its_version = dict(self.document.properties).get("its:version")
        if its_version and self.version != "2.0":  # ITS markup inside (the ITS module of XLIFF 2.1+)
            self.nsmap = {None: self.ns, "its": ITS_NS}
            root[f"{{{ITS_NS}}}version"] = its_version
        self.nesting.open(self.q("xliff"), root, nsmap=self.nsmap)
        for unit in self.units():
            self.place(unit, 2)
            self.xf.write("\n")
            self.xf.write(self.unit(unit))
        self.nesting.close()

    def open_file(self, file: File) -> None:
        ident = file.id if file.id and _NMTOKEN.match(file.id) else f"f{self.file_count}"
        self.xf.write("\n")
        self.nesting.open(self.q("file"), _clean({"id": ident, "original": file.original}))
        if file.notes:
            self.xf.write("\n")
            self.xf.write(self.notes(file.notes))

    def open_group(self, ident: str) -> None:
        self.xf.write("\n")
        self.nesting.open(self.q("group"), {"id": ident})

    def metadata(self, parent, pairs: list[tuple[str, str]]) -> None:
        """Unit properties with no XLIFF attribute of their own (alignment links, PO
        flags) as one Metadata-module group, which the reader reads back."""
        metadata = etree.SubElement(parent, f"{{{MDA_NS}}}metadata", nsmap={"mda": MDA_NS})
        group = etree.SubElement(metadata, f"{{{MDA_NS}}}metaGroup", category=TQA_METADATA_CATEGORY)
        for key, value in pairs:
            meta = etree.SubElement(group, f"{{{MDA_NS}}}meta", type=key)
            meta.text = _xml_safe(value)

    def notes(self, notes: tuple[Note, ...]):
        element = etree.Element(self.q("notes"), nsmap={None: self.ns})
        for note in notes:
            child = etree.SubElement(element, self.q("note"))
            for key, value in (("id", note.id), ("category", note.category), ("appliesTo", note.applies_to)):
                if value is not None:
                    child.set(key, value)
            if note.priority is not None:
                child.set("priority", str(note.priority))
            child.text = _xml_safe(note.text)
        return element

    def unit(self, unit: Unit):
        ident = unit.id if unit.id and _NMTOKEN.match(unit.id) and unit.id not in self.unit_ids else None
        name = unit.name
        if ident is None:
            ident = self.unique(None, self.unit_ids, "u")
            if name is None:
                name = unit.id
        else:
            self.unit_ids.add(ident)
        element = etree.Element(self.q("unit"), nsmap=self.nsmap)
        element.set("id", ident)
        if name is not None:
            element.set("name", _xml_safe(name))
        if not unit.translate:
            element.set("translate", "no")
        kept = []
        for key, value in unit.properties:
            if key == "canResegment" or (key == "type" and ":" in value):
                element.set(key, value)
            elif key not in ("type", "canResegment"):
                kept.append((key, value))
        if kept:
            self.metadata(element, kept)
        if unit.notes:
            element.append(self.notes(unit.notes))
        data = _DataIds(unit.original_data)
        contents = [
            (segment, data.assign(segment.source), data.assign(segment.target) if segment.target is not None else None)
            for segment in unit.segments
        ]
        if data.items:
            original = etree.SubElement(element, self.q("originalData"))
            for key, value in data.items.items():
                child = etree.SubElement(original, self.q("data"))
                child.set("id", key)
                _cp_text(child, value, self.ns)
        for segment, source, target in contents:
            part = etree.SubElement(element, self.q("ignorable" if segment.ignorable else "segment"))
            if segment.id is not None and _NMTOKEN.match(segment.id):
                part.set("id", segment.id)
            if not segment.ignorable:
                for key, value in segment.attrs:
                    if key == "canResegment":
                        part.set(key, value)
                if segment.state in STATES:
                    part.set("state", segment.state)
                    if segment.sub_state and ":" in segment.sub_state:
                        part.set("subState", segment.sub_state)
            self.content(etree.SubElement(part, self.q("source")), source, unit)
            if target is not None:
                self.content(etree.SubElement(part, self.q("target")), target, unit)
        return element

    def content(self, element, content: Content, unit: Unit) -> None:
        try:
            build_inline(element, content, self.ns)
        except InlineError as error:
            raise UsageError(f"unit {unit.id!r} cannot be written as XLIFF 2: {error}") from None


class _DataIds:
    """originalData of a unit being written: keeps the unit's own entries and gives
    native code data from other formats new ids; returns contents whose codes carry
    only XLIFF 2 attributes, with ids where XLIFF 2 needs them."""

    def __init__(self, original: tuple[tuple[str, str], ...]) -> None:
        self.items: dict[str, str] = {}
        self.known = dict(original)
        self.code_ids: set[str] = set()

    def _data_id(self, code: Code, key: str) -> str | None:
        ref = code.attr(key)
        if ref is not None and ref in self.known:
            self.items[ref] = self.known[ref]
            return ref
        if code.data is None:
            return None
        for existing, value in self.items.items():
            if value == code.data:
                return existing
        number = len(self.items) + 1
        while f"d{number}" in self.items or f"d{number}" in self.known:
            number += 1
        self.items[f"d{number}"] = code.data
        return f"d{number}"

    def assign(self, content: Content | None) -> Content | None:
        if content is None or not content.codes:
            return content
        codes = []
        closing_data: dict[int, str | None] = {}
        # the data of a closing pc goes on its opening element (dataRefEnd)
        depth: list[int] = []
        for index, code in enumerate(content.codes):
            if code.kind in (CodeKind.PC_OPEN, CodeKind.MRK_OPEN):
                depth.append(index)
            elif code.kind in (CodeKind.PC_CLOSE, CodeKind.MRK_CLOSE) and depth:
                opening = depth.pop()
                if code.kind is CodeKind.PC_CLOSE and code.data is not None:
                    closing_data[opening] = code.data
        for index, code in enumerate(content.codes):
            kind = code.kind
            if kind in (CodeKind.PC_CLOSE, CodeKind.MRK_CLOSE):
                codes.append(code)
                continue
            name = {CodeKind.PC_OPEN: "pc", CodeKind.MRK_OPEN: "mrk"}.get(kind, kind.value)
            allowed = _ALLOWED[name]
            extensible = name in ("mrk", "sm")  # annotations take attributes of any other namespace
            attrs = {
                k: v for k, v in code.attrs if k in allowed or _module_attribute(k) or (extensible and _foreign(k))
            }
            if "type" in attrs and name in _TYPES and attrs["type"] not in _TYPES[name] and ":" not in attrs["type"]:
                del attrs["type"]
            ident = code.id
            if kind is CodeKind.PC_OPEN:
                start = self._data_id(code, "dataRefStart")
                if start:
                    attrs["dataRefStart"] = start
                end_data = closing_data.get(index)
                if end_data is not None or attrs.get("dataRefEnd"):
                    end = self._data_id(Code(kind, None, 0, end_data, tuple(attrs.items())), "dataRefEnd")
                    if end:
                        attrs["dataRefEnd"] = end
            elif kind in (CodeKind.PH, CodeKind.SC, CodeKind.EC):
                ref = self._data_id(code, "dataRef")
                if ref:
                    attrs["dataRef"] = ref
                else:
                    attrs.pop("dataRef", None)
            if kind is CodeKind.EC and attrs.get("isolated") != "yes":
                if "startRef" not in attrs:
                    if ident is None:
                        attrs["isolated"] = "yes"
                    else:
                        attrs["startRef"] = ident
                        ident = None
                else:
                    ident = None
            elif kind is CodeKind.EM:
                if "startRef" not in attrs and ident is not None:
                    attrs["startRef"] = ident
                ident = None
            if ident is None and kind not in (CodeKind.EC, CodeKind.EM):
                ident = self._fresh("c" if not kind.is_marker else "m")
            elif kind is CodeKind.EC and attrs.get("isolated") == "yes" and ident is None:
                ident = self._fresh("c")
            if ident is not None:
                self.code_ids.add(ident)
            if name == "mrk" and "type" not in attrs and code.attr("type") is None:
                pass
            codes.append(Code(kind, ident, code.pos, None, tuple(attrs.items())))
        return Content(content.text, tuple(codes))

    def _fresh(self, prefix: str) -> str:
        number = len(self.code_ids) + 1
        while f"{prefix}{number}" in self.code_ids:
            number += 1
        return f"{prefix}{number}"


ITS_NS = "http://www.w3.org/2005/11/its"


def _module_attribute(name: str) -> bool:
    return (
        name.startswith("{urn:oasis:names:tc:xliff:")
        and not name.startswith(f"{{{XLIFF12_NS}}}")
        and not name.startswith("{urn:oasis:names:tc:xliff:document:")
    )


#: namespaces under which readers of other formats keep their codes' native attributes
_CARRIERS = (f"{{{XLIFF12_NS}}}", "{http://www.lisa.org/tmx14}")


def _foreign(name: str) -> bool:
    return (
        name.startswith("{")
        and not name.startswith(_CARRIERS)
        and not name.startswith("{urn:oasis:names:tc:xliff:document:")
    )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cp_text(element, value: str, ns: str) -> None:
    """Text that may hold characters XML cannot carry: those become <cp hex>."""
    last = None
    pos = 0
    for match in _NOT_XML.finditer(value):
        _append(element, last, value[pos : match.start()])
        last = etree.SubElement(element, f"{{{ns}}}cp")
        last.set("hex", f"{ord(match.group()):04X}")
        pos = match.end()
    _append(element, last, value[pos:])


def _append(element, last, text: str) -> None:
    if not text:
        return
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


# ---------------------------------------------------------------------------
# XLIFF 1.2
# ---------------------------------------------------------------------------

_STATE_TO_12 = {"initial": "needs-translation", "translated": "translated", "reviewed": "signed-off", "final": "final"}
_STATES_12 = {
    "final",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-review-translation",
    "needs-translation",
    "new",
    "signed-off",
    "translated",
}


def _q12(name: str) -> str:
    return f"{{{XLIFF12_NS}}}{name}"


class _Writer12(_Base):
    def write(self) -> None:
        self.nesting.open(_q12("xliff"), {"version": "1.2"}, nsmap={None: XLIFF12_NS})
        for unit in self.units():
            self.place(unit, 3)
            self.xf.write("\n")
            self.xf.write(self.unit(unit))
        self.nesting.close()

    def open_file(self, file: File) -> None:
        attrs = _clean(
            {
                "original": file.original or file.id or f"file{self.file_count}",
                "source-language": file.source_lang or self.source_lang(),
                "target-language": file.target_lang or self.document.target_lang,
                "datatype": dict(file.attrs).get("datatype", "plaintext"),
            }
        )
        self.xf.write("\n")
        self.nesting.open(_q12("file"), attrs)
        if file.notes:
            header = etree.Element(_q12("header"), nsmap={None: XLIFF12_NS})
            for note in file.notes:
                header.append(self.note(note))
            self.xf.write(header)
        self.nesting.open(_q12("body"), {})

    def open_group(self, ident: str) -> None:
        self.xf.write("\n")
        self.nesting.open(_q12("group"), {"id": ident})

    def note(self, note: Note):
        element = etree.Element(_q12("note"), nsmap={None: XLIFF12_NS})
        if note.category:
            element.set("from", note.category)
        if note.applies_to == "source":
            element.set("annotates", "source")
        elif note.applies_to == "target":
            element.set("annotates", "target")
        if note.priority is not None:
            element.set("priority", str(note.priority))
        element.text = _xml_safe(note.text)
        return element

    def unit(self, unit: Unit):
        element = etree.Element(_q12("trans-unit"), nsmap={None: XLIFF12_NS})
        ident = unit.id if unit.id not in self.unit_ids else None
        if ident is None:
            ident = self.unique(None, self.unit_ids, "u")
        else:
            self.unit_ids.add(ident)
        element.set("id", _xml_safe(ident))
        if unit.name is not None:
            element.set("resname", _xml_safe(unit.name))
        if not unit.translate:
            element.set("translate", "no")
        real = [s for s in unit.segments if not s.ignorable]
        segmented = len(unit.segments) > 1
        source = etree.SubElement(element, _q12("source"))
        _inline12(source, unit.source)
        if segmented:
            seg_source = etree.SubElement(element, _q12("seg-source"))
            for number, segment in enumerate(unit.segments, 1):
                if segment.ignorable:
                    _inline12(seg_source, segment.source, append=True)
                else:
                    mrk = etree.SubElement(seg_source, _q12("mrk"), mtype="seg", mid=segment.id or str(number))
                    _inline12(mrk, segment.source)
        if unit.target is not None:
            target = etree.SubElement(element, _q12("target"))
            state = _state12(unit, real)
            if state:
                target.set("state", state)
            if segmented:
                for number, segment in enumerate(unit.segments, 1):
                    if segment.ignorable:
                        _inline12(target, segment.target if segment.target is not None else segment.source, append=True)
                    else:
                        mrk = etree.SubElement(target, _q12("mrk"), mtype="seg", mid=segment.id or str(number))
                        if segment.target is not None:
                            _inline12(mrk, segment.target)
            else:
                _inline12(target, unit.target)
        for note in unit.notes:
            element.append(self.note(note))
        return element


def _state12(unit: Unit, segments: list[Segment]) -> str | None:
    for segment in segments:
        if segment.sub_state and segment.sub_state.startswith("xliff1:"):
            value = segment.sub_state.partition(":")[2]
            if value in _STATES_12 or value.startswith("x-"):
                return value
    state = unit.state
    return _STATE_TO_12.get(state) if state else None


def _inline12(parent, content: Content, append: bool = False) -> None:
    """XLIFF 1.2 inline markup: pc→g, ph→x or ph (with data), sc→bx or bpt, ec→ex or
    ept, isolated sc/ec→it, mrk→mrk; sm/em (annotations spanning codes) are dropped."""
    stack = [parent]
    last = [parent[-1] if append and len(parent) else None]
    text = content.text
    cursor = 0

    def emit(chunk: str) -> None:
        if not chunk:
            return
        chunk = _xml_safe(chunk)
        if last[0] is None:
            stack[-1].text = (stack[-1].text or "") + chunk
        else:
            last[0].tail = (last[0].tail or "") + chunk

    native = {}
    for code in content.codes:
        for key, value in code.attrs:
            if key.startswith(f"{{{XLIFF12_NS}}}"):
                native.setdefault(id(code), {})[key.partition("}")[2]] = value

    # a pc whose native data is known is written as bpt/ept, so the data survives
    closing_of: dict[int, tuple[int, Code]] = {}
    opened: list[int] = []
    for index, code in enumerate(content.codes):
        if code.kind is CodeKind.PC_OPEN:
            opened.append(index)
        elif code.kind is CodeKind.PC_CLOSE and opened:
            closing_of[opened.pop()] = (index, code)
    flat_pairs: list[
        tuple[int, str]
    ] = []  # (index of the closing code, id) of pcs written as bpt/ept of pcs written as bpt/ept, innermost last

    for index, code in enumerate(content.codes):
        emit(text[cursor : code.pos])
        cursor = code.pos
        kind = code.kind
        own = native.get(id(code), {})
        if kind is CodeKind.PC_CLOSE and flat_pairs and flat_pairs[-1][0] == index:
            _, ident = flat_pairs.pop()
            element = etree.SubElement(stack[-1], _q12("ept"), id=ident)
            element.text = _xml_safe(code.data or "")
            last[0] = element
            continue
        if kind in (CodeKind.PC_CLOSE, CodeKind.MRK_CLOSE):
            if len(stack) > 1:
                last[0] = stack.pop()
            continue
        if kind in (CodeKind.SM, CodeKind.EM):
            continue
        isolated = code.attr("isolated") == "yes"
        ident = code.id or code.attr("startRef") or "1"
        close_index, closing = closing_of.get(index, (-1, None))
        if kind is CodeKind.PC_OPEN and (code.data is not None or (closing is not None and closing.data is not None)):
            element = etree.SubElement(stack[-1], _q12("bpt"), id=ident)
            element.text = _xml_safe(code.data or "")
            last[0] = element
            flat_pairs.append((close_index, ident))
            continue
        if kind is CodeKind.PC_OPEN:
            element = etree.SubElement(stack[-1], _q12("g"), id=ident)
        elif kind is CodeKind.MRK_OPEN:
            mtype = (
                own.get("mtype")
                or (
                    "x-" + code.attr("type")
                    if code.attr("type") and code.attr("type") not in ("term",)
                    else code.attr("type")
                )
                or "x-tqa"
            )
            element = etree.SubElement(stack[-1], _q12("mrk"), mtype=mtype)
            if code.id:
                element.set("mid", code.id)
        elif kind is CodeKind.PH:
            element = etree.SubElement(stack[-1], _q12("ph" if code.data is not None else "x"), id=ident)
            if code.data is not None:
                element.text = _xml_safe(code.data)
        elif isolated:
            element = etree.SubElement(stack[-1], _q12("it"), id=ident, pos="open" if kind is CodeKind.SC else "close")
            if code.data is not None:
                element.text = _xml_safe(code.data)
        elif kind is CodeKind.SC:
            element = etree.SubElement(stack[-1], _q12("bpt" if code.data is not None else "bx"), id=ident)
            if code.data is not None:
                element.text = _xml_safe(code.data)
        else:  # EC
            element = etree.SubElement(stack[-1], _q12("ept" if code.data is not None else "ex"), id=ident)
            if code.data is not None:
                element.text = _xml_safe(code.data)
        for key, value in own.items():
            if key not in ("id", "mtype", "mid", "pos") and element.get(key) is None:
                element.set(key, value)
        if kind in (CodeKind.PC_OPEN, CodeKind.MRK_OPEN):
            stack.append(element)
            last[0] = None
        else:
            last[0] = element
    emit(text[cursor:])
