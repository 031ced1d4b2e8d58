"""Findings are data: every report format is built from the same list of them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

from qa_core.lazy import lazy_module
from qa_core.project import project_file
from qa_core.records import quick_records
from qa_core.rules import Severity

#: imported on the first fingerprint: a run without findings never loads OpenSSL (~2.5 ms)
hashlib = lazy_module("hashlib", globals(), "hashlib")


@dataclass(frozen=True, slots=True)
class Span:
    """0-based, half-open code-point offsets into a unit's plain text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"'span' must satisfy 0 <= start <= end (got {self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class SideLocation:
    """Where a finding sits on one side (source or target): the original file, its
    1-based line and column (end too, where the span runs over more), the span in the
    unit's text, and the text it covers."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    span: Span | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """The document, the unit, and the place on each side the finding concerns."""

    file: str
    unit_id: str | None = None
    source: SideLocation | None = None
    target: SideLocation | None = None

    @property
    def primary(self) -> SideLocation | None:
        """The side to fix: the target when the finding concerns it, else the source."""
        return self.target or self.source

    @property
    def line(self) -> int | None:
        side = self.primary
        return side.line if side else None

    @property
    def unit_label(self) -> str | None:
        """The unit id as people read it: see `unit_label`."""
        return unit_label(self.unit_id)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def unit_label(unit_id: str | None, limit: int = 60) -> str | None:
    """A unit id shortened and escaped for one line of a report: a PO entry's
    msgctxt and msgid (joined by U+0004 in its id) read `msgctxt | msgid`; newlines,
    tabs and other control characters are written as escapes; past `limit`
    characters the id ends in '…'. Reports keep the exact id in their data."""
    if unit_id is None:
        return None
    parts = unit_id.split("\x04", 1)
    out = []
    for part in parts:
        text = "".join(
            _ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 32 or ord(char) == 127 else char) for char in part
        )
        out.append(text)
    label = " | ".join(out)
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class UnitText:
    """The whole text of the unit a finding is about, on both sides, so that a report
    can show the spans in their sentence (the HTML report does). `target` is None when
    the unit has no target."""

    source: str
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found: its rule, effective severity and MQM category, a message,
    where it is (`location`), and optionally a suggested fix, rule-specific data and the
    unit's texts (`context`, for reports that show them)."""

    rule_id: str
    rule_name: str
    severity: Severity
    category: str
    message: str
    location: Location
    suggestion: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False)
    context: UnitText | None = field(default=None, compare=False)
    fingerprint: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", fingerprint(self))

    def sort_key(self) -> tuple:
        loc = self.location
        line = loc.line if loc.line is not None else 0
        side = loc.primary
        column = side.column if side and side.column is not None else 0
        return (loc.file, line, column, loc.unit_id or "", self.rule_id, self.message)


# made and pickled faster (qa_core/records.py): several are made for every finding
quick_records(Span, SideLocation, Location, UnitText, Finding)


# A finding pickles as one flat tuple of its values and its location's, remade by one
# function: a large run keeps its findings compact (qa_core/findings_store.py) and
# pickles each three or four times, and the five records of a finding, each through its
# own __reduce__ and rebuild, cost twice as much to pickle. Findings whose location is
# not made of these very classes (a plugin's subclass) pickle as the records do.

_new_record = object.__new__


def _setters(cls: type) -> tuple:
    """Each field's slot setter, in field order (the order the functions below unpack:
    written out rather than through `_from_values`, which costs ~1.5x to load 20k
    findings)."""
    return tuple(cls.__dict__[f.name].__set__ for f in fields(cls))


_set_finding = _setters(Finding)
_set_location = _setters(Location)
_set_side = _setters(SideLocation)
_set_span = _setters(Span)
_set_unit_text = _setters(UnitText)
_record_reduce = Finding.__reduce__


def _flat_side(side: SideLocation | None):
    """A side as a tuple of values (None for none), or False when it is not plain records."""
    if side is None:
        return None
    if type(side) is not SideLocation:
        return False
    span = side.span
    if span is None:
        return (side.path, side.line, side.column, side.end_line, side.end_column, None, None, side.text)
    if type(span) is not Span:
        return False
    return (side.path, side.line, side.column, side.end_line, side.end_column, span.start, span.end, side.text)


def _side_of(values) -> SideLocation | None:
    if values is None:
        return None
    path, line, column, end_line, end_column, start, end, text = values
    side = _new_record(SideLocation)
    set_path, set_line, set_column, set_end_line, set_end_column, set_span, set_text = _set_side
    set_path(side, path)
    set_line(side, line)
    set_column(side, column)
    set_end_line(side, end_line)
    set_end_column(side, end_column)
    if start is None:
        set_span(side, None)
    else:
        span = _new_record(Span)
        _set_span[0](span, start)
        _set_span[1](span, end)
        set_span(side, span)
    set_text(side, text)
    return side


def _finding_of(rule_id, rule_name, severity, category, message, suggestion, data, fingerprint, file, unit_id, source,
                target, context) -> Finding:
    """A finding remade from `Finding.__reduce__`'s values (no checks, no fingerprint
    computed again: the values are a finding's own)."""
    location = _new_record(Location)
    set_file, set_unit_id, set_source, set_target = _set_location
    set_file(location, file)
    set_unit_id(location, unit_id)
    set_source(location, _side_of(source))
    set_target(location, _side_of(target))
    if context is not None:
        text = _new_record(UnitText)
        _set_unit_text[0](text, context[0])
        _set_unit_text[1](text, context[1])
        context = text
    finding = _new_record(Finding)
    (set_rule_id, set_rule_name, set_severity, set_category, set_message, set_location, set_suggestion, set_data,
     set_context, set_fingerprint) = _set_finding
    set_rule_id(finding, rule_id)
    set_rule_name(finding, rule_name)
    set_severity(finding, severity)
    set_category(finding, category)
    set_message(finding, message)
    set_location(finding, location)
    set_suggestion(finding, suggestion)
    set_data(finding, data)
    set_context(finding, context)
    set_fingerprint(finding, fingerprint)
    return finding


def _finding_reduce(self):
    location = self.location
    if type(self) is Finding and type(location) is Location:
        source, target, context = _flat_side(location.source), _flat_side(location.target), self.context
        if source is not False and target is not False and (context is None or type(context) is UnitText):
            return _finding_of, (self.rule_id, self.rule_name, self.severity, self.category, self.message, self.suggestion,
                                 self.data, self.fingerprint, location.file, location.unit_id, source, target,
                                 None if context is None else (context.source, context.target))
    return _record_reduce(self)


Finding.__reduce__ = _finding_reduce


_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Matched text as the fingerprint sees it: NFC, case-folded, whitespace collapsed."""
    if not text:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def fingerprint(finding: Finding, file: str | None = None) -> str:
    """A digest that stays put across runs while the problem does: rule, file, unit and
    the normalised text matched on each side, never line numbers or message wording.

    The file is named by its path from the project root (`qa_core.project`: the same
    from any working folder), or by `file` when given (a baseline written before roots
    were known named files as displayed: `qa_core.suppression` asks for that digest)."""
    loc = finding.location
    parts = [
        finding.rule_id,
        project_file(loc.file) if file is None else file.replace("\\", "/"),
        loc.unit_id or "",
        normalise(loc.source.text) if loc.source else "",
        normalise(loc.target.text) if loc.target else "",
    ]
    if not loc.unit_id and not any(parts[3:]):
        parts.append(normalise(finding.message))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def dedupe_keys(finding: Finding) -> tuple[tuple, tuple] | None:
    """What makes two findings one problem: the same rule on the same unit with the same
    source and target spans (a repeated token reported twice), or the same rule saying
    the same thing about the same unit. None for a finding without a unit (never dropped)."""
    loc = finding.location
    if loc.unit_id is None:
        return None
    span = (
        finding.rule_id, loc.file, loc.unit_id,
        loc.source.span if loc.source is not None else None,
        loc.target.span if loc.target is not None else None,
    )
    # unit ids are unique only within an XLIFF <file>: the unit's line tells two apart
    said = (finding.rule_id, loc.file, loc.unit_id, finding.message, loc.line, "said")
    return span, said


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: later findings with the `dedupe_keys` of an earlier one
    are dropped (`qa_core.findings_store.dedupe_stream` is the same as a stream)."""
    seen: set[tuple] = set()
    out: list[Finding] = []
    for finding in findings:
        keys = dedupe_keys(finding)
        if keys is not None:
            if keys[0] in seen or keys[1] in seen:
                continue
            seen.update(keys)
        out.append(finding)
    return out
