"""XLIFF 2.0, 2.1 and 2.2 (OASIS), streamed.

`<file>`, `<group>`, `<unit>`, `<segment>`/`<ignorable>`, notes, originalData,
state/subState and translate map onto the model one to one; inline content goes
through `qa_core.inline.parse_inline` with `dataRef`s resolved from originalData.
Elements are cleared as soon as their unit is built, so memory stays flat.

What the specification forbids but a reader can live with (a unit without an id,
an unknown state, a subState without a state) becomes an `InputWarning`; what makes
the file unreadable (malformed XML, another root, inline markup that does not pair
up) is an `InputError` at `path:line:col`.
"""

from __future__ import annotations

from collections.abc import Iterator

from qa_core import hookimpl
from qa_core.errors import InputError
from qa_core.formats import Format, ReadOptions
from qa_core.inline import XLIFF2_NAMESPACES, InlineError, parse_inline
from qa_core.model import CodeKind, Content, Document, File, InputWarning, Note, Segment, Unit
from qa_core.readers.content import PROFILE_PROPERTY, xliff_profile
from qa_core.readers._xml import (
    CodeTrimmer,
    omitted_codes,
    SeenIds,
    XmlLocator,
    find_child,
    iterparse,
    local,
    namespace,
    release,
    root_attributes,
    root_of,
)

FORMAT = "xliff2"
EXTENSIONS = (".xlf", ".xliff", ".xlf2")
STATES = ("initial", "translated", "reviewed", "final")
_ELEMENTS = (
    "xliff",
    "file",
    "group",
    "unit",
    "notes",
    "note",
    "originalData",
    "data",
    "segment",
    "ignorable",
    "source",
    "target",
    "cp",
)
#: qualified tag -> local name, for the elements of the XLIFF 2 core namespaces (a dict look-up
#: is the cheapest way to ask "is this one of ours, and which?" a few million times)
_NAMES = {f"{{{ns}}}{name}": name for ns in XLIFF2_NAMESPACES for name in _ELEMENTS}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
SLR_NS = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
ITS_NS = "http://www.w3.org/2005/11/its"
#: length limits kept as unit properties: Size and Length Restriction module, ITS storage size
_LIMITS = {f"{{{SLR_NS}}}sizeRestriction": "slr:sizeRestriction", f"{{{SLR_NS}}}storageRestriction": "slr:storageRestriction",
           f"{{{ITS_NS}}}storageSize": "its:storageSize", f"{{{ITS_NS}}}storageEncoding": "its:storageEncoding"}
_MDA_METADATA = f"{{{MDA_NS}}}metadata"
_MDA_GROUP = f"{{{MDA_NS}}}metaGroup"
_MDA_META = f"{{{MDA_NS}}}meta"
#: the metaGroup category under which tqa keeps unit properties (see the writer)
TQA_METADATA_CATEGORY = "tqa"


def _tqa_metadata(element) -> list[tuple[str, str]]:
    """Unit properties tqa wrote as `<mda:metaGroup category="tqa">` entries."""
    out = []
    for group in element.iterchildren(_MDA_GROUP):
        if group.get("category") != TQA_METADATA_CATEGORY:
            continue
        for meta in group.iterchildren(_MDA_META):
            if meta.get("type"):
                out.append((meta.get("type"), meta.text or ""))
    return out


def sniff(head: bytes, path: str) -> bool:
    from qa_core.formats import xml_root

    root = xml_root(head)
    return root is not None and _is_xliff2(root)


def _is_xliff2(root: tuple[str, tuple[str, ...], str | None]) -> bool:
    name, namespaces, version = root
    if name != "xliff":
        return False
    if any(ns in XLIFF2_NAMESPACES for ns in namespaces):
        return True
    return version is not None and version.startswith("2")


@hookimpl
def tqa_register_formats():
    return [Format(FORMAT, EXTENSIONS, "XLIFF 2.0/2.1/2.2", sniff)]


@hookimpl
def tqa_open_document(path: str, format: str | None, options: ReadOptions):
    if format is not None and format not in (FORMAT, "xliff"):
        return None
    root = root_of(path)
    if root is None or not _is_xliff2(root):
        if format == FORMAT:
            raise InputError(path, "not XLIFF 2: the root must be <xliff> in an XLIFF 2 namespace", 1)
        return None
    return Xliff2Reader(path, options).document()


# ---------------------------------------------------------------------------


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value != "no"


#: codes and markers per inline element, as `parse_inline` builds them (CodeTrimmer)
_CODE_WEIGHTS = {"ph": 1, "sc": 1, "ec": 1, "sm": 1, "em": 1, "pc": 2, "mrk": 2}


class Xliff2Reader:
    def __init__(self, path: str, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.warnings: list[InputWarning] = []
        from qa_core.limits import reader_codes

        self.max_codes = reader_codes()
        tag, attrs, line = root_attributes(path)
        if local(tag) != "xliff" or namespace(tag) not in XLIFF2_NAMESPACES:
            raise InputError(path, f"the root element must be <xliff> in an XLIFF 2 namespace (got {tag})", line)
        self.version = attrs.get("version")
        self.source_lang = attrs.get("srcLang") or options.source_lang
        self.target_lang = attrs.get("trgLang") or options.target_lang
        if not attrs.get("srcLang"):
            self.warn("<xliff> has no srcLang attribute", line)
        # the first <file>'s original says whether it was made from software strings
        # (XLIFF 2 has no datatype; qa_core.readers.content)
        self.profile = xliff_profile(None, self._first_original())

    def _first_original(self) -> str | None:
        for _event, element in iterparse(self.path, ("start",)):
            if local(element.tag) == "file" and namespace(element.tag) in XLIFF2_NAMESPACES:
                return element.get("original")
        return None

    def document(self) -> Document:
        return Document(
            path=self.path,
            format=FORMAT,
            units=self.units,
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            version=self.version,
            locator=xliff2_locator(self.path),
            properties=((PROFILE_PROPERTY, self.profile),) if self.profile else (),
            warnings=self.warnings,
        )

    def warn(self, message: str, line: int | None = None, unit_id: str | None = None) -> None:
        self.warnings.append(InputWarning(message, line, unit_id))

    # ----- streaming ---------------------------------------------------------

    def units(self) -> Iterator[Unit]:
        del self.warnings[:]
        trimmer = CodeTrimmer(self.max_codes, ("source", "target"), _CODE_WEIGHTS)
        tags = ("{*}file", "{*}group", "{*}unit", "{*}notes")
        file_attrs: dict[str, str] = {}
        file_notes: tuple[Note, ...] = ()
        file_record: File | None = None
        file_line = 1
        groups: list[tuple[str, bool]] = []  # (id, translate) of open groups
        file_translate = True
        file_count = 0
        unit_count = 0
        seen_ids = SeenIds()
        for event, element in iterparse(self.path, ("start", "end"), tags, trimmer):
            name = _NAMES.get(element.tag)
            if name is None:
                continue
            if event == "start":
                if name == "file":
                    file_count += 1
                    file_attrs = dict(element.attrib)
                    file_notes = ()
                    file_record = None
                    file_line = element.sourceline
                    file_translate = _bool(file_attrs.get("translate"), True)
                    groups = []
                    seen_ids = SeenIds()
                elif name == "group":
                    parent = groups[-1][1] if groups else file_translate
                    group_id = element.get("id") or f"g{len(groups) + 1}"
                    groups.append((group_id, _bool(element.get("translate"), parent)))
                continue
            # end events
            if name == "notes":
                parent = element.getparent()
                if parent is not None and _NAMES.get(parent.tag) == "file":
                    file_notes = self._notes(element)
                continue
            if name == "group":
                if groups:
                    groups.pop()
                release(element)
                continue
            if name == "file":
                release(element)
                continue
            if name != "unit":
                continue
            if file_record is None:
                file_record = self._file(file_attrs, file_notes, file_count, file_line)
            unit_count += 1
            if self.max_codes:
                trimmer.finish(element)
            translate = groups[-1][1] if groups else file_translate
            unit = self._unit(element, file_record, tuple(g for g, _ in groups), translate, unit_count, seen_ids)
            release(element)
            if unit is not None:
                yield unit

    def _file(self, attrs: dict[str, str], notes: tuple[Note, ...], count: int, line: int) -> File:
        file_id = attrs.get("id")
        if not file_id:
            file_id = f"f{count}"
            self.warn(f"<file> has no id; called it {file_id!r}", line)
        extra = tuple((k, v) for k, v in attrs.items() if k not in ("id", "original", "translate"))
        return File(
            id=file_id,
            original=attrs.get("original"),
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            notes=notes,
            attrs=extra,
        )

    def _notes(self, element) -> tuple[Note, ...]:
        out = []
        for child in element:
            if _NAMES.get(child.tag) != "note":
                continue
            priority = child.get("priority")
            number = None
            if priority is not None:
                try:
                    number = int(priority)
                    if not 1 <= number <= 10:
                        raise ValueError
                except ValueError:
                    self.warn(f"'priority' must be an integer from 1 to 10 (got {priority!r})", child.sourceline)
                    number = None
            applies = child.get("appliesTo")
            if applies not in (None, "source", "target"):
                self.warn(f"'appliesTo' must be source or target (got {applies!r})", child.sourceline)
                applies = None
            out.append(Note("".join(child.itertext()), child.get("category"), applies, child.get("id"), number))
        return tuple(out)

    def _unit(
        self, element, file: File, groups: tuple[str, ...], translate: bool, count: int, seen: SeenIds
    ) -> Unit | None:
        line = element.sourceline
        unit_id = element.get("id")
        if not unit_id:
            unit_id = f"u{count}"
            self.warn(f"<unit> has no id; called it {unit_id!r}", line, unit_id)
        elif seen.add(unit_id):
            self.warn(f"unit id {unit_id!r} is used twice in file {file.id!r}", line, unit_id)
        translate = _bool(element.get("translate"), translate)
        notes: tuple[Note, ...] = ()
        original: dict[str, str] = {}
        parts = []
        properties = [(k, v) for k, v in element.attrib.items() if k in ("type", "canResegment")]
        properties += [(_LIMITS[k], v) for k, v in element.attrib.items() if k in _LIMITS]
        for child in element:
            if child.tag == _MDA_METADATA:
                properties.extend(_tqa_metadata(child))
                continue
            name = _NAMES.get(child.tag)
            if name == "notes":
                notes = self._notes(child)
            elif name == "originalData":
                for data in child:
                    if _NAMES.get(data.tag) == "data":
                        original[data.get("id", "")] = _data_text(data)
            elif name in ("segment", "ignorable"):
                parts.append(child)
        segments = []
        for part in parts:
            segment = self._segment(part, original, unit_id)
            if segment is not None:
                segments.append(segment)
        if not segments:
            self.warn(f"unit {unit_id!r} has no segment; skipped", line, unit_id)
            return None
        _check_pairs(self.path, segments, unit_id, line)
        return Unit(
            id=unit_id,
            segments=tuple(segments),
            file=file,
            name=element.get("name"),
            notes=notes,
            translate=translate,
            groups=groups,
            original_data=tuple(original.items()),
            properties=tuple(properties),
            line=line,
        )

    def _segment(self, element, original: dict[str, str], unit_id: str) -> Segment | None:
        ignorable = _NAMES.get(element.tag) == "ignorable"
        source = target = None
        source_line = target_line = None
        for child in element:
            name = _NAMES.get(child.tag)
            if name == "source" and source is None:
                source = self._content(child, original)
                source_line = child.sourceline
            elif name == "target" and target is None:
                target = self._content(child, original)
                target_line = child.sourceline
        if source is None:
            self.warn(
                f"a <{_NAMES.get(element.tag)}> of unit {unit_id!r} has no <source>; skipped",
                element.sourceline,
                unit_id,
            )
            return None
        state = element.get("state")
        sub_state = element.get("subState")
        if state is not None and state not in STATES:
            self.warn(f"'state' must be one of {', '.join(STATES)} (got {state!r})", element.sourceline, unit_id)
            state = None
        if sub_state is not None and element.get("state") is None:
            self.warn(f"'subState' {sub_state!r} needs a 'state'", element.sourceline, unit_id)
        attrs = tuple((k, v) for k, v in element.attrib.items() if k not in ("id", "state", "subState"))
        return Segment(
            source=source,
            target=target,
            id=element.get("id"),
            state=state,
            sub_state=sub_state,
            ignorable=ignorable,
            source_line=source_line,
            target_line=target_line,
            attrs=attrs,
        )

    def _content(self, element, original: dict[str, str]) -> Content:
        trimmed = omitted_codes(element)
        if not len(element):  # plain text, the common case: no inline markup to walk
            return Content(element.text or "", (), trimmed)
        try:
            # content the trimmer cut is not checked (TQA003): its codes are only counted
            content = parse_inline(element, original, -1 if trimmed else self.max_codes)
        except InlineError as error:
            where = error.element if error.element is not None else element
            raise InputError(self.path, str(error), where.sourceline) from None
        if trimmed:
            content = Content(content.text, content.codes, content.omitted_codes + trimmed)
        return content


def _data_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) == "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                pass
        parts.append(child.tail or "")
    return "".join(parts)


def _check_pairs(path: str, segments: list[Segment], unit_id: str, line: int | None) -> None:
    """Every `<sc>` that is not isolated needs its `<ec startRef>` in the same unit (and
    the other way round), on the source and on the target side alike."""
    for side in ("source", "target"):
        opened: dict[str, int] = {}
        for segment in segments:
            content = segment.source if side == "source" else segment.target
            if content is None:
                continue
            for code in content.codes:
                if code.attr("isolated") == "yes":
                    continue
                if code.kind is CodeKind.SC:
                    opened[code.id or ""] = 1
                elif code.kind is CodeKind.EC:
                    ref = code.attr("startRef")
                    if ref is None:
                        raise InputError(
                            path,
                            f'unit {unit_id!r}: an <ec> in the {side} has neither startRef nor isolated="yes"',
                            line,
                        )
                    if ref not in opened:
                        raise InputError(
                            path, f"unit {unit_id!r}: <ec startRef={ref!r}> in the {side} has no <sc> before it", line
                        )
                    del opened[ref]
        if opened:
            first = next(iter(opened))
            raise InputError(
                path, f"unit {unit_id!r}: <sc id={first!r}> in the {side} is never closed by an <ec>", line
            )


# ---------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------


def _finder(tokens, unit: Unit, segment: Segment, index: int, side: str) -> bool:
    if not find_child(tokens, lambda name, attrs: name in ("segment", "ignorable"), index):
        return False
    wanted = side if side == "source" or segment.target is not None else "source"
    return find_child(tokens, lambda name, attrs: name == wanted)


def xliff2_locator(path: str) -> XmlLocator:
    from qa_core.readers._xml import declared_encoding

    return XmlLocator(
        path,
        unit_tag="unit",
        id_attr="id",
        finder=_finder,
        single=frozenset({"cp"}),
        encoding=declared_encoding(path),
    )
