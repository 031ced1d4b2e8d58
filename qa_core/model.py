"""The bilingual data model, shaped like XLIFF 2.

A `Document` is one input. Its units are streamed: `Document.units()` yields `Unit`
records one at a time, so a million-unit file never has to sit in memory at once.
Each `Unit` holds `Segment`s; each segment has a source and (maybe) a target
`Content`: plain text plus the inline `Code`s that sit between its characters.

Readers convert whatever they parse (lxml elements, translate-toolkit units, text
paragraphs) into these records at the edge; checks never see a reader's objects.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Iterator, Literal

from qa_core.records import quick_records

Side = Literal["source", "target"]


class CodeKind(str, enum.Enum):
    """Inline markup, in XLIFF 2 terms. Paired `pc` and `mrk` appear as an
    opening and a closing token so that a `Content` stays a flat sequence."""

    PH = "ph"  # standalone code
    PC_OPEN = "pc"  # start of a well-formed paired code
    PC_CLOSE = "/pc"  # end of a well-formed paired code
    SC = "sc"  # start of a spanning code (may be isolated)
    EC = "ec"  # end of a spanning code (may be isolated)
    MRK_OPEN = "mrk"  # start of an annotation marker
    MRK_CLOSE = "/mrk"  # end of an annotation marker
    SM = "sm"  # start marker of a spanning annotation
    EM = "em"  # end marker of a spanning annotation

    @property
    def is_marker(self) -> bool:
        """Annotations (`mrk`, `sm`, `em`) mark text up; they are not codes of the original format."""
        return self in (CodeKind.MRK_OPEN, CodeKind.MRK_CLOSE, CodeKind.SM, CodeKind.EM)


@dataclass(frozen=True, slots=True)
class Code:
    """One inline code or marker, sitting at character offset `pos` of its content.

    `data` is the native code it stands for (XLIFF 2 `originalData`, the inner text of
    XLIFF 1.2 `bpt`/`ept`/`ph`/`it`), when the file says. `attrs` keeps every other
    attribute as (name, value) pairs, in Clark notation for namespaced names, so a
    writer can put the code back as it was.
    """

    kind: CodeKind
    id: str | None
    pos: int
    data: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return default


@dataclass(frozen=True, slots=True)
class Content:
    """Plain text with inline codes; code positions index into `text`.

    `omitted_codes` counts the codes a reader met but did not build, past the
    `unit_codes` limit (`qa_core.limits`), and `omitted_chars` the characters it did
    not keep, past the `unit_chars` limit (counted as written in the file: an escape
    sequence counts as its characters): such content is incomplete, and the runner
    reports its unit with TQA003 instead of checking it."""

    text: str
    codes: tuple[Code, ...] = ()
    omitted_codes: int = 0
    omitted_chars: int = 0

    def __post_init__(self) -> None:
        for code in self.codes:
            if not 0 <= code.pos <= len(self.text):
                raise ValueError(f"'pos' must be within the text (got {code.pos} for {len(self.text)} characters)")

    def __bool__(self) -> bool:
        # content a reader cut at a limit is not empty, even when nothing of it was kept
        return bool(self.text) or bool(self.codes) or bool(self.omitted_codes) or bool(self.omitted_chars)

    @property
    def inline_codes(self) -> tuple[Code, ...]:
        """The codes of the original format, without annotation markers."""
        return tuple(code for code in self.codes if not code.kind.is_marker)

    def __add__(self, other: Content) -> Content:
        omitted = self.omitted_codes + other.omitted_codes
        chars = self.omitted_chars + other.omitted_chars
        if not other.codes:
            return Content(self.text + other.text, self.codes, omitted, chars)
        shift = len(self.text)
        moved = tuple(
            Code(c.kind, c.id, c.pos + shift, c.data, c.attrs) for c in other.codes
        )
        return Content(self.text + other.text, self.codes + moved, omitted, chars)


EMPTY = Content("")


@dataclass(frozen=True, slots=True)
class Note:
    """A note or comment. `category` is XLIFF 2 `category` (1.2 `from`, PO comment kind)."""

    text: str
    category: str | None = None
    applies_to: Side | None = None
    id: str | None = None
    priority: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A source/target pair. `ignorable` marks XLIFF 2 `<ignorable>` (whitespace or
    markup between segments that is not translated). Lines are 1-based lines of the
    `<source>`/`<target>` elements (or paragraphs) in the original file, when known."""

    source: Content
    target: Content | None = None
    id: str | None = None
    state: str | None = None
    sub_state: str | None = None
    ignorable: bool = False
    source_line: int | None = None
    target_line: int | None = None
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class File:
    """An XLIFF `<file>`: the original it came from and its languages."""

    id: str
    original: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    notes: tuple[Note, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    """A translatable unit: one or more segments that belong together.

    `source` and `target` are the unit's whole text (segments and ignorables in
    document order); spans in findings index into them. `target` is None when no
    segment has a target element at all. `properties` carries format-specific
    facts as (key, value) pairs: PO flags, SDL confirmation levels, alignment links.
    """

    id: str
    segments: tuple[Segment, ...]
    file: File
    name: str | None = None
    notes: tuple[Note, ...] = ()
    translate: bool = True
    groups: tuple[str, ...] = ()
    original_data: tuple[tuple[str, str], ...] = ()
    properties: tuple[tuple[str, str], ...] = ()
    line: int | None = None
    source: Content = field(init=False, compare=False, repr=False)
    target: Content | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.segments:
            raise ValueError(f"'segments' must hold at least one segment (got none in unit {self.id!r})")
        if len(self.segments) == 1:
            only = self.segments[0]
            source, target = only.source, only.target
        else:
            source = EMPTY
            for segment in self.segments:
                source = source + segment.source
            if all(segment.target is None for segment in self.segments):
                target = None
            else:
                target = EMPTY
                for segment in self.segments:
                    part = segment.target
                    if part is None:
                        # an ignorable keeps its source text on the target side (XLIFF 2 §4.2.2.4)
                        part = segment.source if segment.ignorable else EMPTY
                    target = target + part
        _set_unit_source(self, source)  # (through the slots' descriptors: every unit read makes these)
        _set_unit_target(self, target)

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value of property `key`."""
        for name, value in self.properties:
            if name == key:
                return value
        return default

    @property
    def flags(self) -> frozenset[str]:
        """The PO flags of the unit (`#, c-format, no-wrap`), as the PO reader keeps them in
        the `flags` property (`po:flags` is read too, for units built by hand)."""
        global _LAST_FLAGS
        last = _LAST_FLAGS
        if last[0] is self:  # a dozen checks ask about one unit in turn
            return last[1]
        value = self.get("flags") or self.get("po:flags") or ""
        flags = frozenset(flag.strip() for flag in value.split(",") if flag.strip()) if value else _NO_FLAGS
        _LAST_FLAGS = (self, flags)
        return flags

    @property
    def fuzzy(self) -> bool:
        """A translation the file marks as outdated and not in use (gettext's `fuzzy`
        flag): programs show the source instead."""
        # (`get("fuzzy") == "yes"` written out: the runner and several checks ask per unit)
        for name, value in self.properties:
            if name == "fuzzy":
                return value == "yes"
        return False

    @property
    def untranslated_copy(self) -> bool:
        """A target the file itself marks as not translated yet (XLIFF 1.2 `state="new"`
        or `"needs-translation"`, XLIFF 2 `state="initial"`, no `state-qualifier`) that
        only repeats the source: extraction tools (Angular's `ng extract-i18n` merges,
        Crowdin's TYPO3 exports) fill an untranslated unit's target with a copy of the
        source. It is an untranslated string (BAS001), not a translation to check."""
        target = self.target
        if target is None:
            return False
        for segment in self.segments:
            if segment.ignorable:
                continue
            if segment.state != "initial" or segment.sub_state not in _COPY_SUB_STATES:
                return False
        if self.get("state-qualifier"):
            return False  # a match or a suggestion the tool put there, equal to the source or not
        source = self.source.text.strip()
        return bool(source) and target.text.strip() == source

    @property
    def source_lang(self) -> str | None:
        return self.file.source_lang

    @property
    def target_lang(self) -> str | None:
        return self.file.target_lang

    @property
    def state(self) -> str | None:
        """The least advanced state of the unit's segments (XLIFF 2 order)."""
        states = [s.state for s in self.segments if not s.ignorable and s.state]
        if not states:
            return None
        return min(states, key=lambda s: STATE_ORDER.get(s, 0))

    def segment_at(self, side: Side, offset: int) -> tuple[Segment, int]:
        """The segment holding character `offset` of the unit's text, and the offset inside it."""
        start = 0
        last = self.segments[-1]
        for segment in self.segments:
            content = segment.source if side == "source" else segment.target
            if content is None and side == "target" and segment.ignorable:
                content = segment.source
            length = len(content.text) if content is not None else 0
            if offset < start + length or segment is last:
                return segment, offset - start
            start += length
        return last, offset - start


_set_unit_source = Unit.__dict__["source"].__set__
_set_unit_target = Unit.__dict__["target"].__set__

#: (unit, flags) of the last unit asked: the unit is held, so no other object can take its
#: identity, and units are frozen
_NO_FLAGS: frozenset[str] = frozenset()
_LAST_FLAGS: tuple = (None, _NO_FLAGS)

STATE_ORDER = {"initial": 0, "translated": 1, "reviewed": 2, "final": 3}
#: the sub-states (`Segment.sub_state`) under which an "initial" target copied from the
#: source is an untranslated unit: XLIFF 1.2's own two, and XLIFF 2's `initial` (none)
_COPY_SUB_STATES = frozenset({None, "xliff1:new", "xliff1:needs-translation"})


@dataclass(frozen=True, slots=True)
class Position:
    """A place in an original file. Lines and columns are 1-based and count code
    points; the end is exclusive, as in SARIF: (`end_line`, `end_column`) is the
    character just after the span. Any of them may be unknown (None)."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


class Locator:
    """Maps a span of a unit's text to its place in the original file.

    The default works from the line each segment was read from and the newlines in
    the text; readers that know more (exact columns in XML) subclass it. It is only
    asked about findings, so it may do real work (re-read a few lines of the file).
    """

    def __init__(self, path: str, target_path: str | None = None) -> None:
        self.path = path
        self.target_path = target_path or path

    def detached(self) -> "Locator | None":
        """A locator that places this document's units as this one does, later (after the
        document is closed, maybe in another process: it is pickled), without this one's
        caches; None when it cannot (then locate while the document is open). This one
        reads nothing but the unit, so it is its own."""
        return self if type(self) is Locator else None

    def locate(self, unit: Unit, side: Side, start: int, end: int) -> Position:
        path = self.path if side == "source" else self.target_path
        segment, offset = unit.segment_at(side, start)
        line = segment.source_line if side == "source" else segment.target_line
        if line is None:
            line = unit.line
        if line is None:
            return Position(path)
        content = segment.source if side == "source" else (segment.target or segment.source)
        text = content.text
        before = text[:offset]
        start_line = line + before.count("\n")
        inside = unit_text(unit, side)[start:end]
        end_line = start_line + inside.count("\n")
        return Position(path, start_line, None, end_line if end_line != start_line else None, None)


def unit_text(unit: Unit, side: Side) -> str:
    content = unit.source if side == "source" else unit.target
    return content.text if content is not None else ""


@dataclass(frozen=True, slots=True)
class InputWarning:
    """Something a reader tolerated but the user should know (a unit without an id, a
    state value the format does not define). The run reports it as a TQA002 finding."""

    message: str
    line: int | None = None
    unit_id: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One input, opened by a reader. `units()` streams the units anew each call;
    readers append to `warnings` as they go."""

    path: str
    format: str
    units: Callable[[], Iterator[Unit]] = field(repr=False)
    source_lang: str | None = None
    target_lang: str | None = None
    version: str | None = None
    locator: Locator | None = field(default=None, repr=False, compare=False)
    target_path: str | None = None
    properties: tuple[tuple[str, str], ...] = ()
    #: a translation checked without its source (`tqa check --target-only`): units
    #: carry an empty source and only checks with `needs_source = False` run
    monolingual: bool = False
    warnings: list[InputWarning] = field(default_factory=list, repr=False, compare=False)

    def locate(self, unit: Unit, side: Side, start: int, end: int) -> Position:
        locator = self.locator or Locator(self.path, self.target_path)
        return locator.locate(unit, side, start, end)


# made and pickled faster (qa_core/records.py): a reader makes several for every unit
quick_records(Code, Content, Note, Segment, File, Unit, Position, InputWarning)
