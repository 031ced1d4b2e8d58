"""XLIFF 1.0, 1.1 and 1.2, streamed; with the SDLXLIFF (Trados) and MQXLIFF (memoQ)
flavours, and the files Xcode, Symfony and Okapi write.

Mapping to the XLIFF 2 shaped model:
- inline codes: g→pc, x→ph, bx→sc, ex→ec, bpt→sc and ept→ec (their inner text,
  `<sub>` included, becomes `Code.data`), ph and ut→ph (with data), it→sc or ec by
  `pos` (isolated), mrk→mrk; an sc/ec whose partner is not in the unit is isolated;
- `<seg-source>` with `<mrk mtype="seg">` splits a unit into segments (the text
  between them becomes ignorables) and the target's seg mrks give their targets;
- states: new, needs-translation, needs-l10n, needs-adaptation → initial;
  translated and needs-review-* → translated; signed-off → reviewed; final → final,
  the original kept in `Segment.sub_state` ("xliff1:needs-review-translation");
  SDL `sdl:seg conf` and memoQ `mq:status` map the same way ("sdl:Draft", "mq:…");
- `translate="no"` → `Unit.translate` False; `<note from annotates priority>` → notes;
  alt-trans (translation memory matches, not the translation) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from qa_core import hookimpl
from qa_core.errors import InputError
from qa_core.formats import Format, ReadOptions
from qa_core.model import Code, CodeKind, Content, Document, File, InputWarning, Note, Segment, Unit
from qa_core.readers.content import PROFILE_PROPERTY, xliff_profile
from qa_core.readers._xml import (
    CodeTrimmer,
    SeenIds,
    XmlLocator,
    content_offsets,
    declared_encoding,
    find_child,
    iterparse,
    local,
    namespace,
    omitted_codes,
    release,
    root_attributes,
    root_of,
    skip_element,
    text_of,
)

FORMAT = "xliff1"
XLIFF1_NAMESPACES = (
    "",
    "urn:oasis:names:tc:xliff:document:1.0",
    "urn:oasis:names:tc:xliff:document:1.1",
    "urn:oasis:names:tc:xliff:document:1.2",
)
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ_NS = "MQXliff"
EXTENSIONS = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")

STATES = {
    "new": "initial",
    "needs-translation": "initial",
    "needs-l10n": "initial",
    "needs-adaptation": "initial",
    "translated": "translated",
    "needs-review-translation": "translated",
    "needs-review-l10n": "translated",
    "needs-review-adaptation": "translated",
    "signed-off": "reviewed",
    "final": "final",
}
SDL_CONF = {
    "Draft": "initial",
    "Translated": "translated",
    "RejectedTranslation": "initial",
    "ApprovedTranslation": "reviewed",
    "RejectedSignOff": "translated",
    "ApprovedSignOff": "final",
}
MQ_STATUS = {
    "NotStarted": "initial",
    "Edited": "initial",
    "PartiallyEdited": "initial",
    "Pretranslated": "initial",
    "MachineTranslated": "initial",
    "Rejected": "initial",
    "ManuallyConfirmed": "translated",
    "Proofread": "reviewed",
    "Reviewer1Confirmed": "reviewed",
    "Reviewer2Confirmed": "final",
}
#: unit attributes kept as properties (length limits, approval, resource type)
UNIT_PROPERTIES = (
    "approved",
    "restype",
    "maxwidth",
    "minwidth",
    "maxheight",
    "minheight",
    "size-unit",
    "maxbytes",
    "minbytes",
    "charclass",
)
_UNIT_PROPERTIES = frozenset(UNIT_PROPERTIES)
_MQ_STATUS = f"{{{MQ_NS}}}status"
OPAQUE = frozenset({"bpt", "ept", "ph", "it", "ut"})


def _is_xliff1(root) -> bool:
    if root is None:
        return False
    name, namespaces, version = root
    if name != "xliff":
        return False
    if any(ns.startswith("urn:oasis:names:tc:xliff:document:2") for ns in namespaces):
        return False
    if version is not None and version.startswith("2"):
        return False
    return True


def sniff(head: bytes, path: str) -> bool:
    from qa_core.formats import xml_root

    return _is_xliff1(xml_root(head))


@hookimpl
def tqa_register_formats():
    return [
        Format(FORMAT, EXTENSIONS, "XLIFF 1.0/1.1/1.2, incl. SDLXLIFF (Trados) and MQXLIFF (memoQ)", sniff),
    ]


@hookimpl
def tqa_open_document(path: str, format: str | None, options: ReadOptions):
    if format is not None and format not in (FORMAT, "xliff", "sdlxliff", "mqxliff"):
        return None
    root = root_of(path)
    if not _is_xliff1(root):
        if format is not None and format != "xliff":
            raise InputError(path, 'not XLIFF 1.x: the root must be <xliff version="1.x">', 1)
        return None
    return Xliff1Reader(path, options).document()


# ---------------------------------------------------------------------------


_ELEMENTS = (
    "xliff",
    "file",
    "header",
    "body",
    "group",
    "trans-unit",
    "bin-unit",
    "source",
    "seg-source",
    "target",
    "note",
)
#: qualified tag -> local name for the XLIFF 1.x elements a unit is made of (one dict look-up
#: answers "is this one of ours, and which?")
_NAMES = {(f"{{{ns}}}{name}" if ns else name): name for ns in XLIFF1_NAMESPACES for name in _ELEMENTS}
_SDL_SEG_DEFS = f"{{{SDL_NS}}}seg-defs"


def _ours(tag) -> bool:
    return tag in _NAMES or namespace(tag) in XLIFF1_NAMESPACES


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value not in ("no", "false")


class Xliff1Reader:
    def __init__(self, path: str, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.warnings: list[InputWarning] = []
        from qa_core.limits import reader_codes

        self.max_codes = reader_codes()
        tag, attrs, line = root_attributes(path)
        if local(tag) != "xliff" or not _ours(tag):
            raise InputError(path, f"the root element must be <xliff> of XLIFF 1.x (got {tag})", line)
        self.version = attrs.get("version")
        self.flavour = FORMAT
        first = self._first_file()
        self.source_lang = (first or {}).get("source-language") or options.source_lang
        self.target_lang = (first or {}).get("target-language") or options.target_lang
        # the first <file> says whether it was made from software strings (qa_core.readers.content)
        self.profile = xliff_profile((first or {}).get("datatype"), (first or {}).get("original"))

    def _first_file(self) -> dict[str, str] | None:
        for _event, element in iterparse(self.path, ("start",)):
            if local(element.tag) == "xliff":
                nsmap = element.nsmap or {}
                if SDL_NS in nsmap.values():
                    self.flavour = "sdlxliff"
                elif MQ_NS in nsmap.values():
                    self.flavour = "mqxliff"
            if local(element.tag) == "file" and _ours(element.tag):
                return dict(element.attrib)
        return None

    def document(self) -> Document:
        return Document(
            path=self.path,
            format=self.flavour if self.flavour != FORMAT else FORMAT,
            units=self.units,
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            version=self.version,
            locator=xliff1_locator(self.path),
            properties=(("flavour", self.flavour),) + (((PROFILE_PROPERTY, self.profile),) if self.profile else ()),
            warnings=self.warnings,
        )

    def warn(self, message: str, line: int | None = None, unit_id: str | None = None) -> None:
        self.warnings.append(InputWarning(message, line, unit_id))

    # ----- streaming ---------------------------------------------------------

    def units(self) -> Iterator[Unit]:
        del self.warnings[:]
        tags = (
            "{*}file",
            "{*}group",
            "{*}trans-unit",
            "{*}header",
            "{*}bin-unit",
            "file",
            "group",
            "trans-unit",
            "header",
            "bin-unit",
        )
        file_attrs: dict[str, str] = {}
        file_notes: tuple[Note, ...] = ()
        file_record: File | None = None
        groups: list[tuple[str, bool]] = []
        file_count = 0
        unit_count = 0
        seen = SeenIds()
        trimmer = CodeTrimmer(self.max_codes, ("source", "target", "seg-source"), _CODE_WEIGHTS, {"mrk": "@mtype='seg'"})
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
                    groups = []
                    seen = SeenIds()
                elif name == "group":
                    parent = groups[-1][1] if groups else True
                    ident = element.get("id") or element.get("resname") or f"g{len(groups) + 1}"
                    groups.append((ident, _bool(element.get("translate"), parent)))
                continue
            if name == "header":
                file_notes = tuple(
                    self._note(child) for child in element if local(child.tag) == "note" and _ours(child.tag)
                )
                release(element)
            elif name in ("group", "file", "bin-unit"):
                if name == "group" and groups:
                    groups.pop()
                release(element)
            elif name == "trans-unit":
                if file_record is None:
                    file_record = self._file(file_attrs, file_notes, file_count)
                unit_count += 1
                if self.max_codes:
                    trimmer.finish(element)
                translate = groups[-1][1] if groups else True
                unit = self._unit(element, file_record, tuple(g for g, _ in groups) if groups else (), translate, unit_count, seen)
                release(element)
                if unit is not None:
                    yield unit

    def _file(self, attrs: dict[str, str], notes: tuple[Note, ...], count: int) -> File:
        extra = tuple((k, v) for k, v in attrs.items() if k not in ("original", "source-language", "target-language"))
        return File(
            id=attrs.get("id") or f"f{count}",
            original=attrs.get("original"),
            source_lang=attrs.get("source-language") or self.options.source_lang,
            target_lang=attrs.get("target-language") or self.options.target_lang,
            notes=notes,
            attrs=extra,
        )

    def _note(self, element) -> Note:
        priority = element.get("priority")
        number = None
        if priority is not None:
            try:
                number = int(priority)
            except ValueError:
                self.warn(f"'priority' must be an integer from 1 to 10 (got {priority!r})", element.sourceline)
        annotates = element.get("annotates")
        applies = annotates if annotates in ("source", "target") else None
        return Note(text_of(element), element.get("from"), applies, None, number)

    def _unit(
        self, element, file: File, groups: tuple[str, ...], translate: bool, count: int, seen: SeenIds
    ) -> Unit | None:
        line = element.sourceline
        # the unit's attributes read from lxml once, then looked up in a dict (an lxml
        # `get` costs several times a dict lookup, and a unit asks for five or six)
        attributes = dict(element.attrib.items())
        unit_id = attributes.get("id")
        if not unit_id:
            unit_id = f"u{count}"
            self.warn(f"<trans-unit> has no id; called it {unit_id!r}", line, unit_id)
        elif seen.add(unit_id):
            self.warn(f"trans-unit id {unit_id!r} is used twice in one <file>", line, unit_id)
        source = seg_source = target = None
        notes = []
        seg_defs: dict[str, dict[str, str]] = {}
        for child in element:
            tag = child.tag
            name = _NAMES.get(tag)
            if name is not None:
                if name == "source" and source is None:
                    source = child
                elif name == "seg-source" and seg_source is None:
                    seg_source = child
                elif name == "target" and target is None:
                    target = child
                elif name == "note":
                    notes.append(self._note(child))
            elif tag == _SDL_SEG_DEFS:
                for seg in child:
                    if local(seg.tag) == "seg":
                        seg_defs[seg.get("id", "")] = {k: v for k, v in seg.attrib.items() if k != "id"}
        if source is None:
            self.warn(f"trans-unit {unit_id!r} has no <source>; skipped", line, unit_id)
            return None
        properties = [(k, v) for k, v in attributes.items() if k in _UNIT_PROPERTIES]
        for key, value in attributes.items():
            if not key.startswith("{"):  # (most are: no namespace to work out)
                continue
            space = namespace(key)
            if space == MQ_NS:
                properties.append((f"mq:{local(key)}", value))
            elif space == "http://www.w3.org/2005/11/its" and local(key) in ("storageSize", "storageEncoding"):
                properties.append((f"its:{local(key)}", value))  # ITS 2.0 storage size, a length limit
        state, sub_state, target_props = self._state(element, attributes, target, unit_id)
        properties.extend(target_props)
        segments = None
        if seg_source is not None:
            segments = self._segments(seg_source, target, seg_defs, state, sub_state, unit_id)
        if segments is None:
            source_content = self._content(source, unit_id)
            target_content = self._content(target, unit_id) if target is not None else None
            if target_content is not None and not target_content:
                target_content = None  # CAT tools write an empty target for "not translated yet"
            if source_content.codes or (target_content is not None and target_content.codes):
                sources, targets = [source_content], [target_content]
                _isolate(sources, targets)
                source_content, target_content = sources[0], targets[0]
            segments = [
                Segment(
                    source=source_content,
                    target=target_content,
                    state=state,
                    sub_state=sub_state,
                    source_line=source.sourceline,
                    target_line=target.sourceline if target is not None else None,
                )
            ]
        return Unit(
            id=unit_id,
            segments=tuple(segments),
            file=file,
            name=attributes.get("resname"),
            notes=tuple(notes),
            translate=_bool(attributes.get("translate"), translate),
            groups=groups,
            properties=tuple(properties),
            line=line,
        )

    def _state(self, element, attributes: dict[str, str], target, unit_id: str) -> tuple[str | None, str | None, list[tuple[str, str]]]:
        props: list[tuple[str, str]] = []
        raw = target.get("state") if target is not None else None
        if target is not None and target.get("state-qualifier"):
            props.append(("state-qualifier", target.get("state-qualifier")))
        if raw is not None:
            if raw in STATES:
                return STATES[raw], f"xliff1:{raw}", props
            if not raw.startswith("x-"):
                self.warn(f"'state' must be an XLIFF 1.2 state or x-… (got {raw!r})", target.sourceline, unit_id)
            return None, f"xliff1:{raw}", props
        status = attributes.get(_MQ_STATUS)
        if status is not None:
            if status not in MQ_STATUS:
                self.warn(f"'mq:status' must be one of {', '.join(MQ_STATUS)} (got {status!r})", element.sourceline, unit_id)
            return MQ_STATUS.get(status), f"mq:{status}", props
        if attributes.get("approved") == "yes" and target is not None:
            return "final", "xliff1:approved", props
        return None, None, props

    def _content(self, element, unit_id: str) -> Content:
        if not len(element):  # plain text, the common case (or all that CodeTrimmer left)
            return Content(element.text or "", (), omitted_codes(element))
        builder = _Inline(self, unit_id)
        builder.read(element)
        return builder.content()

    def _segments(self, seg_source, target, seg_defs, state, sub_state, unit_id) -> list[Segment] | None:
        """Segments from `<seg-source>`'s seg mrks, their targets from the target's; None
        when the target is not segmented (the unit is then read as one segment)."""
        source_builder = _Inline(self, unit_id, split=True)
        source_builder.read(seg_source)
        pieces = source_builder.pieces()
        if not any(mid is not None for mid, _ in pieces):
            return None
        targets: dict[str, Content] = {}
        target_lines: dict[str, int | None] = {}
        if target is not None:
            target_builder = _Inline(self, unit_id, split=True)
            target_builder.read(target)
            target_pieces = target_builder.pieces()
            if not any(mid is not None for mid, _ in target_pieces):
                if (target.text and target.text.strip()) or len(target):
                    return None
            for mid, content in target_pieces:
                if mid is not None and content:
                    targets[mid] = content
                    target_lines[mid] = target_builder.lines.get(mid)
        sources = [content for _mid, content in pieces]
        target_list = [targets.get(mid) if mid is not None else None for mid, _ in pieces]
        _isolate(sources, target_list)
        segments = []
        for (mid, _), content, target_content in zip(pieces, sources, target_list):
            if mid is None:
                if content:
                    segments.append(Segment(source=content, ignorable=True, source_line=seg_source.sourceline))
                continue
            seg_state, seg_sub = state, sub_state
            attrs: tuple[tuple[str, str], ...] = ()
            sdl = seg_defs.get(mid)
            if sdl is not None:
                attrs = tuple((f"{{{SDL_NS}}}{k}", v) for k, v in sdl.items())
                conf = sdl.get("conf")
                if conf is not None:
                    if conf not in SDL_CONF:
                        line = target.sourceline if target is not None else seg_source.sourceline
                        self.warn(f"'sdl:seg conf' of segment {mid!r} must be one of {', '.join(SDL_CONF)} (got {conf!r})",
                                  line, unit_id)
                    seg_state, seg_sub = SDL_CONF.get(conf), f"sdl:{conf}"
                elif target_content is None or not target_content:
                    seg_state, seg_sub = "initial", None
            segments.append(
                Segment(
                    source=content,
                    target=target_content,
                    id=mid,
                    state=seg_state,
                    sub_state=seg_sub,
                    source_line=source_builder.lines.get(mid),
                    target_line=target_lines.get(mid),
                    attrs=attrs,
                )
            )
        if not any(not s.ignorable for s in segments):
            return None
        return segments


#: codes and markers per inline element, as `_Inline` builds them (CodeTrimmer; a
#: `<mrk mtype="seg">` is a segment boundary, no code)
_CODE_WEIGHTS = {"x": 1, "bx": 1, "ex": 1, "ph": 1, "bpt": 1, "ept": 1, "it": 1, "ut": 1, "g": 2, "mrk": 2}


def _native_attrs(element, skip: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Attributes of a 1.2 inline element, kept in the 1.2 namespace so a 1.2 writer can
    put them back; equiv-text also becomes XLIFF 2 `equiv`."""
    out = []
    for key, value in element.attrib.items():
        if key in skip:
            continue
        if key == "equiv-text":
            out.append(("equiv", value))
        if key.startswith("{"):
            out.append((key, value))
        else:
            out.append((f"{{{XLIFF12_NS}}}{key}", value))
    return tuple(out)


class _Inline:
    """Flattens XLIFF 1.2 inline markup into text and codes; with `split`, also
    records where `<mrk mtype="seg">` segments start and end."""

    def __init__(self, reader: Xliff1Reader, unit_id: str, split: bool = False) -> None:
        self.reader = reader
        self.unit_id = unit_id
        self.split = split
        self.parts: list[str] = []
        self.codes: list[Code] = []
        self.length = 0
        self.bounds: list[tuple[str, int, int, int, int]] = []  # mid, text and code ranges
        self.lines: dict[str, int | None] = {}
        self.omitted = 0  # codes past the reader's cap, counted only (Content.omitted_codes)
        self.trimmed = False  # CodeTrimmer cut this content: it is not checked, its codes are only counted

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def code(self, kind: CodeKind, ident: str | None, data: str | None = None, attrs: tuple = ()) -> None:
        if self.trimmed or (self.reader.max_codes and len(self.codes) >= self.reader.max_codes):
            self.omitted += 1
            return
        self.codes.append(Code(kind, ident, self.length, data, attrs))

    def read(self, node) -> None:
        """A whole <source>, <target> or <seg-source>, with the codes CodeTrimmer removed."""
        trimmed = omitted_codes(node)
        self.omitted += trimmed
        self.trimmed = self.trimmed or bool(trimmed)
        self.walk(node)

    def walk(self, node) -> None:
        self.add(node.text)
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):
                self.add(child.tail)
                continue
            name = local(tag)
            ident = child.get("id")
            if name == "g":
                attrs = _native_attrs(child, ("id",))
                self.code(CodeKind.PC_OPEN, ident, None, attrs)
                self.walk(child)
                self.code(CodeKind.PC_CLOSE, ident)
            elif name == "x":
                self.code(CodeKind.PH, ident, None, _native_attrs(child, ("id",)))
            elif name == "bx":
                self.code(CodeKind.SC, child.get("rid") or ident, None, _native_attrs(child, ("id", "rid")))
            elif name == "ex":
                ref = child.get("rid") or ident
                self.code(CodeKind.EC, None, None, (("startRef", ref or ""),) + _native_attrs(child, ("id", "rid")))
            elif name == "bpt":
                self.code(CodeKind.SC, child.get("rid") or ident, text_of(child), _native_attrs(child, ("id", "rid")))
            elif name == "ept":
                ref = child.get("rid") or ident
                self.code(
                    CodeKind.EC, None, text_of(child), (("startRef", ref or ""),) + _native_attrs(child, ("id", "rid"))
                )
            elif name in ("ph", "ut"):
                self.code(CodeKind.PH, ident, text_of(child), _native_attrs(child, ("id",)))
            elif name == "it":
                kind = CodeKind.EC if child.get("pos") == "close" else CodeKind.SC
                self.code(kind, ident, text_of(child), (("isolated", "yes"),) + _native_attrs(child, ("id", "pos")))
            elif name == "mrk":
                mtype = child.get("mtype")
                if mtype == "seg":
                    if self.split:
                        start, first = self.length, len(self.codes)
                        self.walk(child)
                        mid = child.get("mid") or str(len(self.bounds) + 1)
                        self.bounds.append((mid, start, self.length, first, len(self.codes)))
                        self.lines[mid] = child.sourceline
                    else:
                        self.walk(child)
                else:
                    attrs: list[tuple[str, str]] = [("type", "term" if mtype == "term" else "generic")]
                    if mtype == "protected":
                        attrs.append(("translate", "no"))
                    attrs.extend(_native_attrs(child, ("mid",)))
                    self.code(CodeKind.MRK_OPEN, child.get("mid"), None, tuple(attrs))
                    self.walk(child)
                    self.code(CodeKind.MRK_CLOSE, child.get("mid"))
            else:  # an unknown or extension element: keep its text
                self.walk(child)
            self.add(child.tail)

    def content(self) -> Content:
        return Content("".join(self.parts), tuple(self.codes), self.omitted)

    def pieces(self) -> list[tuple[str | None, Content]]:
        """The content cut at the seg mrks: (mid, content) for segments, (None, content)
        for what lies between them (empty gaps left out)."""
        whole = self.content()
        cuts: list[tuple[str | None, int, int, int, int]] = []
        position = code_position = 0
        for mid, start, end, first, last in self.bounds:
            cuts.append((None, position, start, code_position, first))
            cuts.append((mid, start, end, first, last))
            position, code_position = end, last
        cuts.append((None, position, len(whole.text), code_position, len(whole.codes)))
        out = []
        for mid, start, end, first, last in cuts:
            codes = tuple(Code(c.kind, c.id, c.pos - start, c.data, c.attrs) for c in whole.codes[first:last])
            content = Content(whole.text[start:end], codes)
            if mid is not None or content:
                out.append((mid, content))
        if whole.omitted_codes and out:  # counted once, on the last segment: the unit's sum is right
            index = max((i for i, (mid, _) in enumerate(out) if mid is not None), default=len(out) - 1)
            mid, piece = out[index]
            out[index] = (mid, Content(piece.text, piece.codes, whole.omitted_codes))
        return out


def _isolate(sources: list[Content], targets: list[Content | None]) -> None:
    """Make the codes of each side of a unit valid XLIFF 2 pairs, in place: a pc or mrk
    cut by a segment boundary becomes sc/ec (sm/em), an sc or ec without its partner
    in the unit becomes isolated."""
    for side in (sources, targets):
        flat: list[tuple[int, int, Code]] = []
        for number, content in enumerate(side):
            if content is None:
                continue
            for index, code in enumerate(content.codes):
                flat.append((number, index, code))
        changes: dict[tuple[int, int], Code] = {}
        stack: list[tuple[int, int, Code]] = []
        for number, index, code in flat:
            if code.kind in (CodeKind.PC_OPEN, CodeKind.MRK_OPEN):
                stack.append((number, index, code))
            elif code.kind in (CodeKind.PC_CLOSE, CodeKind.MRK_CLOSE):
                if stack:
                    o_number, o_index, opening = stack.pop()
                    if o_number != number:
                        spanning_open = CodeKind.SC if opening.kind is CodeKind.PC_OPEN else CodeKind.SM
                        spanning_close = CodeKind.EC if opening.kind is CodeKind.PC_OPEN else CodeKind.EM
                        ident = opening.id or f"x{o_number}-{o_index}"
                        changes[(o_number, o_index)] = Code(
                            spanning_open, ident, opening.pos, opening.data, opening.attrs
                        )
                        changes[(number, index)] = Code(
                            spanning_close, None, code.pos, code.data, (("startRef", ident),)
                        )
        opened: dict[str, tuple[int, int]] = {}
        for number, index, code in flat:
            code = changes.get((number, index), code)
            if code.attr("isolated") == "yes":
                continue
            if code.kind is CodeKind.SC:
                opened[code.id or ""] = (number, index)
            elif code.kind is CodeKind.EC:
                ref = code.attr("startRef") or ""
                if ref in opened:
                    del opened[ref]
                else:
                    attrs = tuple((k, v) for k, v in code.attrs if k != "startRef") + (("isolated", "yes"),)
                    changes[(number, index)] = Code(code.kind, ref or None, code.pos, code.data, attrs)
        for number, index in opened.values():
            code = changes.get((number, index), side[number].codes[index])
            changes[(number, index)] = Code(
                code.kind, code.id, code.pos, code.data, code.attrs + (("isolated", "yes"),)
            )
        for number in {n for n, _ in changes}:
            content = side[number]
            codes = list(content.codes)
            for (n, index), code in changes.items():
                if n == number:
                    codes[index] = code
            side[number] = Content(content.text, tuple(codes))


# ---------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------


def _find_seg(tokens, mid: str) -> bool:
    """Descend from the current element to `<mrk mtype="seg" mid=…>`."""
    depth = 1
    for token in tokens:
        kind = token[0]
        if kind == "start":
            if token[1] == "mrk" and token[2].get("mtype") == "seg" and token[2].get("mid") == mid:
                return not token[3]
            if token[1] in OPAQUE:
                if not token[3]:
                    skip_element(tokens)
            elif not token[3]:
                depth += 1
        elif kind == "end":
            depth -= 1
            if depth == 0:
                return False
    return False


def _finder(tokens, unit: Unit, segment: Segment, index: int, side: str) -> bool:
    if segment.id is None:
        wanted = "source" if side == "source" or segment.target is None else "target"
        return find_child(tokens, lambda name, attrs: name == wanted)
    if segment.ignorable:
        return False
    if side == "source" or segment.target is None:
        return find_child(tokens, lambda name, attrs: name == "seg-source") and _find_seg(tokens, segment.id)
    return find_child(tokens, lambda name, attrs: name == "target") and _find_seg(tokens, segment.id)


def xliff1_locator(path: str) -> XmlLocator:
    return XmlLocator(
        path, unit_tag="trans-unit", id_attr="id", finder=_finder, opaque=OPAQUE, encoding=declared_encoding(path)
    )


__all__ = ["Xliff1Reader", "content_offsets"]
