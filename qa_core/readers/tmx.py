"""TMX 1.4 (and the 1.1-1.3 files that resemble it), streamed.

Each `<tu>` becomes a unit: its id is `tuid`, or its position (1-based) in the file.
The source is the `<tuv>` in the source language (`srclang` of the tu or the header;
`--source-lang` when the header says `*all*`); the target is the tuv in
`--target-lang`, or the only other language of the tu. Inline codes: bpt→sc and
ept→ec (inner text as data), it→isolated sc/ec, ph and ut→ph, hi→mrk; `<sub>` text
stays inside its code's data. `<prop>`s become properties, `<note>`s notes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from qa_core import hookimpl
from qa_core.errors import InputError
from qa_core.formats import Format, ReadOptions
from qa_core.model import Code, CodeKind, Content, Document, File, InputWarning, Note, Segment, Unit
from qa_core.readers._xml import (
    XmlLocator,
    declared_encoding,
    find_child,
    iterparse,
    local,
    release,
    root_attributes,
    root_of,
    text_of,
)

FORMAT = "tmx"
EXTENSIONS = (".tmx",)
TMX_NS = "http://www.lisa.org/tmx14"  # attributes of TMX codes, kept under this name
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPAQUE = frozenset({"bpt", "ept", "ph", "it", "ut"})


def sniff(head: bytes, path: str) -> bool:
    from qa_core.formats import xml_root

    root = xml_root(head)
    return root is not None and root[0] == "tmx"


@hookimpl
def tqa_register_formats():
    return [Format(FORMAT, EXTENSIONS, "TMX 1.4 translation memory", sniff)]


@hookimpl
def tqa_open_document(path: str, format: str | None, options: ReadOptions):
    if format is not None and format != FORMAT:
        return None
    root = root_of(path)
    if root is None or root[0] != "tmx":
        if format == FORMAT:
            raise InputError(path, "not TMX: the root must be <tmx>", 1)
        return None
    return TmxReader(path, options).document()


def _lang(element) -> str | None:
    return element.get(XML_LANG) or element.get("lang")


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lower() == b.lower()


def _pick(tuvs: list, lang: str | None):
    """The tuv in `lang`: exact (case-insensitive) first, then by primary subtag."""
    if lang is None:
        return None
    for tuv in tuvs:
        if _same(_lang(tuv), lang):
            return tuv
    primary = lang.split("-")[0].lower()
    for tuv in tuvs:
        value = _lang(tuv)
        if value and value.split("-")[0].lower() == primary:
            return tuv
    return None


class TmxReader:
    def __init__(self, path: str, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.warnings: list[InputWarning] = []
        tag, attrs, line = root_attributes(path)
        if local(tag) != "tmx":
            raise InputError(path, f"the root element must be <tmx> (got {tag})", line)
        self.version = attrs.get("version")
        header, first_langs = self._peek()
        srclang = header.get("srclang")
        if srclang in (None, "*all*"):
            srclang = options.source_lang or (first_langs[0] if first_langs else None)
        self.source_lang = srclang
        target = options.target_lang
        if target is None:
            others = [lang for lang in first_langs if not _same(lang, srclang)]
            target = others[0] if len(others) == 1 else None
        self.target_lang = target
        self.file = File(
            id="f1", original=os.path.basename(path), source_lang=self.source_lang, target_lang=self.target_lang
        )

    def _peek(self) -> tuple[dict[str, str], list[str]]:
        """The header's attributes and the languages of the first tu."""
        header: dict[str, str] = {}
        for event, element in iterparse(self.path, ("end",), ("header", "tu")):
            if element.tag == "header":
                header = dict(element.attrib)
            else:
                return header, [lang for lang in (_lang(tuv) for tuv in element if tuv.tag == "tuv") if lang]
        return header, []

    def document(self) -> Document:
        return Document(
            path=self.path,
            format=FORMAT,
            units=self.units,
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            version=self.version,
            locator=tmx_locator(self.path),
            warnings=self.warnings,
        )

    def units(self) -> Iterator[Unit]:
        del self.warnings[:]
        count = 0
        for _event, element in iterparse(self.path, ("end",), ("tu", "header")):
            if element.tag == "header":
                continue
            count += 1
            unit = self._unit(element, count)
            release(element)
            if unit is not None:
                yield unit

    def _unit(self, element, count: int) -> Unit | None:
        line = element.sourceline
        unit_id = element.get("tuid") or str(count)
        tuvs = [child for child in element if child.tag == "tuv"]
        source_lang = element.get("srclang")
        if source_lang in (None, "*all*"):
            source_lang = self.source_lang
        source_tuv = _pick(tuvs, source_lang)
        if source_tuv is None:
            self.warnings.append(
                InputWarning(
                    f"tu {unit_id!r} has no <tuv> in the source language {source_lang!r}; skipped", line, unit_id
                )
            )
            return None
        rest = [tuv for tuv in tuvs if tuv is not source_tuv]
        target_tuv = _pick(rest, self.target_lang) if self.target_lang else (rest[0] if len(rest) == 1 else None)
        source, source_line = self._seg(source_tuv, unit_id)
        target, target_line = self._seg(target_tuv, unit_id) if target_tuv is not None else (None, None)
        if target is not None and not target:
            target = None
        notes = [Note(text_of(child)) for child in element if child.tag == "note"]
        properties = [(child.get("type", ""), text_of(child)) for child in element if child.tag == "prop"]
        for side, tuv in (("source", source_tuv), ("target", target_tuv)):
            if tuv is None:
                continue
            notes.extend(Note(text_of(child), None, side) for child in tuv if child.tag == "note")
        attrs = (("source-lang", _lang(source_tuv) or ""),) + (
            (("target-lang", _lang(target_tuv) or ""),) if target_tuv is not None else ()
        )
        segment = Segment(source=source, target=target, source_line=source_line, target_line=target_line, attrs=attrs)
        return Unit(
            id=unit_id, segments=(segment,), file=self.file, notes=tuple(notes), properties=tuple(properties), line=line
        )

    def _seg(self, tuv, unit_id: str) -> tuple[Content, int | None]:
        for child in tuv:
            if child.tag == "seg":
                builder = _Inline()
                builder.walk(child)
                return builder.content(), child.sourceline
        self.warnings.append(InputWarning(f"a <tuv> of tu {unit_id!r} has no <seg>", tuv.sourceline, unit_id))
        return Content(""), tuv.sourceline


class _Inline:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.codes: list[Code] = []
        self.length = 0

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def code(self, kind: CodeKind, ident: str | None, data: str | None, attrs: tuple = ()) -> None:
        self.codes.append(Code(kind, ident, self.length, data, attrs))

    def walk(self, node) -> None:
        self.add(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                self.add(child.tail)
                continue
            name = child.tag
            kept = tuple((f"{{{TMX_NS}}}{k}", v) for k, v in child.attrib.items() if k not in ("i", "x"))
            if name == "bpt":
                self.code(CodeKind.SC, child.get("i") or child.get("x"), text_of(child), kept)
            elif name == "ept":
                self.code(CodeKind.EC, None, text_of(child), (("startRef", child.get("i") or ""),) + kept)
            elif name == "it":
                kind = CodeKind.EC if child.get("pos") == "end" else CodeKind.SC
                self.code(kind, child.get("x"), text_of(child), (("isolated", "yes"),) + kept)
            elif name in ("ph", "ut"):
                self.code(CodeKind.PH, child.get("x"), text_of(child), kept)
            elif name == "hi":
                self.code(CodeKind.MRK_OPEN, child.get("x"), None, (("type", "generic"),) + kept)
                self.walk(child)
                self.code(CodeKind.MRK_CLOSE, child.get("x"), None)
            else:
                self.walk(child)
            self.add(child.tail)

    def content(self) -> Content:
        codes = self.codes
        opened = {c.id for c in codes if c.kind is CodeKind.SC and c.attr("isolated") != "yes"}
        closed = {c.attr("startRef") for c in codes if c.kind is CodeKind.EC and c.attr("isolated") != "yes"}
        fixed = []
        for code in codes:
            if code.kind is CodeKind.SC and code.attr("isolated") != "yes" and code.id not in closed:
                code = Code(code.kind, code.id, code.pos, code.data, code.attrs + (("isolated", "yes"),))
            elif code.kind is CodeKind.EC and code.attr("isolated") != "yes" and code.attr("startRef") not in opened:
                attrs = tuple((k, v) for k, v in code.attrs if k != "startRef") + (("isolated", "yes"),)
                code = Code(code.kind, code.attr("startRef") or None, code.pos, code.data, attrs)
            fixed.append(code)
        return Content("".join(self.parts), tuple(fixed))


def _finder(tokens, unit: Unit, segment: Segment, index: int, side: str) -> bool:
    lang = segment.attrs[0][1] if side == "source" or segment.target is None else dict(segment.attrs).get("target-lang")
    if not find_child(tokens, lambda name, attrs: name == "tuv" and _same(attrs.get("lang"), lang)):
        return False
    return find_child(tokens, lambda name, attrs: name == "seg")


def tmx_locator(path: str) -> XmlLocator:
    return XmlLocator(
        path, unit_tag="tu", id_attr="tuid", finder=_finder, opaque=OPAQUE, encoding=declared_encoding(path)
    )
