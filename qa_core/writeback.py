"""Findings written back into the bilingual file, where translators and reviewers
see them in their CAT tool.

XLIFF 2.1/2.2: each finding becomes an ITS Localization Quality Issue (the ITS
module of XLIFF 2.1) on the span it concerns, in the target (the source when the
finding concerns only the source):

    <mrk id="tqa-lqi1" type="its:generic" its:locQualityIssueType="omission"
         its:locQualityIssueSeverity="70"
         its:locQualityIssueComment="NUM001 number-missing: '2 triệu' has no ...">…</mrk>

A span that would overlap other markup is marked with `<sm/>…<em/>` instead, which
XLIFF 2 allows to overlap. The type comes from the finding's MQM category
(`qa_core.mqm.its_type`), the severity from `SEVERITY_SCORE`. Issues that tqa wrote
before are replaced, except the ones a reviewer disabled
(`its:locQualityIssueEnabled="no"`): those are suppressions, and stay.

XLIFF 1.2 (and the formats written as 1.2) gets a `<note from="tqa">` per finding.

The input is re-read with tqa's reader and written with tqa's XLIFF writer, so
everything tqa's model keeps survives (files, groups, notes, states, inline codes,
originalData); what the model does not keep (other tools' extension elements) does not.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from typing import Iterable, Iterator

from qa_core.errors import UsageError
from qa_core.findings import Finding
from qa_core.model import Code, CodeKind, Content, Document, Note, Side, Unit
from qa_core.mqm import its_type
from qa_core.suppression import ITS, ITS_COMMENT, ITS_ENABLED, belongs, unit_lines

ITS_TYPE = f"{{{ITS}}}locQualityIssueType"
ITS_SEVERITY = f"{{{ITS}}}locQualityIssueSeverity"
#: ITS 2.0 severity (0-100) of each tqa severity
SEVERITY_SCORE = {"info": 0, "minor": 30, "major": 70, "critical": 100}
#: 1.2 note priority (1 = highest) of each tqa severity
NOTE_PRIORITY = {"info": 9, "minor": 5, "major": 3, "critical": 1}
ID_PREFIX = "tqa-lqi"
NOTE_FROM = "tqa"


def comment(finding: Finding) -> str:
    text = f"{finding.rule_id} {finding.rule_name}: {finding.message}"
    if finding.suggestion:
        text += f" Suggestion: {finding.suggestion}"
    return text


def xliff_version_for(document: Document, wanted: str | None = None) -> str:
    """XLIFF 2.x stays 2.x (2.0 becomes 2.1, which has the ITS module); XLIFF 1.x
    stays 1.2; other formats become XLIFF 2.1, unless `wanted` says otherwise."""
    if wanted:
        if wanted not in ("1.2", "2.1", "2.2"):
            raise UsageError(f"'xliff-version' must be one of 1.2, 2.1, 2.2 (got {wanted!r})")
        return wanted
    version = (document.version or "").strip()
    fmt = document.format.lower()
    if fmt.startswith("xliff") and version.startswith("2.2"):
        return "2.2"
    if fmt.startswith("xliff") and version.startswith("2"):
        return "2.1"
    if fmt in ("xliff", "xliff1", "xliff12", "sdlxliff", "mqxliff") or version.startswith("1."):
        return "1.2"
    return "2.1"


# ---------------------------------------------------------------------------
# One unit
# ---------------------------------------------------------------------------


def _is_ours(code: Code) -> bool:
    return (code.id or "").startswith(ID_PREFIX) and code.attr(ITS_ENABLED) != "no"


def strip_ours(content: Content | None) -> Content | None:
    """`content` without the (enabled) issues tqa wrote before."""
    if content is None or not content.codes:
        return content
    ours = {code.id for code in content.codes if code.kind in (CodeKind.MRK_OPEN, CodeKind.SM) and _is_ours(code)}
    if not ours:
        return content
    kept = []
    stack: list[bool] = []
    for code in content.codes:
        if code.kind is CodeKind.MRK_OPEN:
            mine = code.id in ours
            stack.append(mine)
            if not mine:
                kept.append(code)
        elif code.kind is CodeKind.MRK_CLOSE:
            mine = stack.pop() if stack else False
            if not mine:
                kept.append(code)
        elif code.kind is CodeKind.SM and code.id in ours:
            continue
        elif code.kind is CodeKind.EM and (code.attr("startRef") or code.id) in ours:
            continue
        else:
            kept.append(code)
    return Content(content.text, tuple(kept))


def _balanced(codes: Iterable[Code]) -> bool:
    depth: list[CodeKind] = []
    for code in codes:
        if code.kind in (CodeKind.PC_OPEN, CodeKind.MRK_OPEN):
            depth.append(code.kind)
        elif code.kind in (CodeKind.PC_CLOSE, CodeKind.MRK_CLOSE):
            want = CodeKind.PC_OPEN if code.kind is CodeKind.PC_CLOSE else CodeKind.MRK_OPEN
            if not depth or depth.pop() is not want:
                return False
    return not depth


def mark(content: Content, start: int, end: int, ident: str, attrs: tuple[tuple[str, str], ...]) -> Content:
    """`content` with an annotation over [start, end): a `mrk` when it nests with the
    codes already there (wrapping the codes at its edges, or else leaving them out),
    else an `sm`/`em` pair, which may overlap."""
    codes = list(content.codes)
    at_start = [i for i, c in enumerate(codes) if c.pos == start]
    at_end = [i for i, c in enumerate(codes) if c.pos == end]
    choices = []
    first_start = at_start[0] if at_start else next((i for i, c in enumerate(codes) if c.pos > start), len(codes))
    after_start = (at_start[-1] + 1) if at_start else first_start
    last_end = (at_end[-1] + 1) if at_end else next((i for i, c in enumerate(codes) if c.pos > end), len(codes))
    before_end = at_end[0] if at_end else last_end
    for open_at, close_at in ((first_start, last_end), (after_start, before_end), (first_start, before_end), (after_start, last_end)):
        if open_at <= close_at and _balanced(codes[open_at:close_at]):
            choices.append((open_at, close_at))
    opening = Code(CodeKind.MRK_OPEN, ident, start, None, (("type", "its:generic"),) + attrs)
    closing = Code(CodeKind.MRK_CLOSE, ident, end)
    if choices:
        open_at, close_at = choices[0]
        new = codes[:open_at] + [opening] + codes[open_at:close_at] + [closing] + codes[close_at:]
        return Content(content.text, tuple(new))
    start_marker = Code(CodeKind.SM, ident, start, None, (("type", "its:generic"),) + attrs)
    end_marker = Code(CodeKind.EM, None, end, None, (("startRef", ident),))
    new = codes[:first_start] + [start_marker] + codes[first_start:last_end] + [end_marker] + codes[last_end:]
    return Content(content.text, tuple(new))


def _side_of(finding: Finding, unit: Unit) -> tuple[Side, int, int]:
    loc = finding.location
    if loc.target is not None and unit.target is not None:
        side, where = "target", loc.target
    elif loc.source is not None:
        side, where = "source", loc.source
    else:
        side, where = ("target", None) if unit.target is not None else ("source", None)
    text = (unit.target if side == "target" else unit.source).text
    if where is None or where.span is None:
        return side, 0, len(text)
    return side, min(where.span.start, len(text)), min(where.span.end, len(text))


def _pieces(unit: Unit, side: Side, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(segment index, start, end) of the parts of [start, end) in each segment that
    has content on `side`; an empty span goes to the segment it falls in."""
    offset = 0
    for index, segment in enumerate(unit.segments):
        content = segment.source if side == "source" else segment.target
        length = len(content.text) if content is not None else (len(segment.source.text) if segment.ignorable and side == "target" else 0)
        lo, hi = max(start, offset), min(end, offset + length)
        if content is not None and (lo < hi or (start == end and offset <= start <= offset + length)):
            yield index, lo - offset, hi - offset
            if start == end:
                return
        offset += length


def annotate_unit(unit: Unit, findings: list[Finding], version: str) -> Unit:
    """`unit` with `findings` written into it: ITS issues (XLIFF 2) or notes (1.2)."""
    segments = [replace(s, source=strip_ours(s.source), target=strip_ours(s.target)) for s in unit.segments]
    notes = tuple(n for n in unit.notes if n.category != NOTE_FROM)
    if version == "1.2":
        added = tuple(
            Note(
                f"{finding.rule_id} {finding.rule_name} ({finding.severity.value}, {finding.category}): {finding.message}"
                + _quoted(finding),
                category=NOTE_FROM,
                applies_to="target" if finding.location.target is not None else "source",
                priority=NOTE_PRIORITY[finding.severity.value],
            )
            for finding in findings
        )
        return replace(unit, segments=tuple(segments), notes=notes + added)
    used = {code.id for s in segments for c in (s.source, s.target) if c is not None for code in c.codes if code.id}
    number = 0
    for finding in findings:
        side, start, end = _side_of(finding, unit)
        attrs = (
            (ITS_TYPE, its_type(finding.category)),
            (ITS_SEVERITY, str(SEVERITY_SCORE[finding.severity.value])),
            (ITS_COMMENT, comment(finding)),
        )
        for index, lo, hi in _pieces(unit, side, start, end):
            number += 1
            ident = f"{ID_PREFIX}{number}"
            while ident in used:
                number += 1
                ident = f"{ID_PREFIX}{number}"
            used.add(ident)
            segment = segments[index]
            content = segment.source if side == "source" else segment.target
            marked = mark(content, lo, hi, ident, attrs)
            segments[index] = replace(segment, **{side: marked})
    return replace(unit, segments=tuple(segments), notes=notes)


def _quoted(finding: Finding) -> str:
    loc = finding.location
    parts = []
    for name, side in (("source", loc.source), ("target", loc.target)):
        if side is not None and side.text and len(side.text) <= 120:
            parts.append(f"{name}: '{side.text}'")
    return f" [{'; '.join(parts)}]" if parts else ""


# ---------------------------------------------------------------------------
# A whole document
# ---------------------------------------------------------------------------


def annotated(document: Document, findings: Iterable[Finding], version: str) -> Document:
    """A document whose units carry `findings` (those of this file with a unit id)."""
    by_unit: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.location.file == document.path and finding.location.unit_id is not None:
            by_unit.setdefault(finding.location.unit_id, []).append(finding)

    def units() -> Iterator[Unit]:
        for unit in document.units():
            if unit.source.omitted_codes or (unit.target is not None and unit.target.omitted_codes):
                # the reader kept only part of this unit (qa_core.limits, unit_codes): writing
                # it back would lose codes and text
                from qa_core.errors import InputError

                raise InputError(document.path, f"unit {unit.id!r} has more inline codes than were read (limit 'unit_codes'), "
                                                "so it cannot be written back whole; raise it with --limit unit_codes=N", unit.line)
            if unit.source.omitted_chars or (unit.target is not None and unit.target.omitted_chars):
                from qa_core.errors import InputError

                raise InputError(document.path, f"unit {unit.id!r} has more characters than were read (limit 'unit_chars'), "
                                                "so it cannot be written back whole; raise it with --limit unit_chars=N", unit.line)
            lines = unit_lines(unit)
            mine = [f for f in by_unit.get(unit.id, ()) if belongs(f, unit, lines)]
            yield annotate_unit(unit, mine, version)

    properties = document.properties
    if version != "1.2":
        properties = tuple(p for p in properties if p[0] != "its:version") + (("its:version", "2.0"),)
    return replace(document, units=units, properties=properties)


def _patched(document: Document, new: Document, version: str) -> bytes | None:
    """The input's own bytes with the findings patched in (qa_core.writeback_patch), when
    the input is XLIFF of the version family written; else None (the writer rewrites)."""
    from qa_core.writeback_patch import patch
    from qa_core.writers.xliff import write_xliff

    fmt = document.format.lower()
    family = "1.2" if (document.version or "").startswith("1") or fmt in ("sdlxliff", "mqxliff", "xliff1") else "2"
    if "xliff" not in fmt or not os.path.isfile(document.path) or (version == "1.2") != (family == "1.2"):
        return None
    given = (document.version or "").strip()
    if version != "1.2" and given != version and not (given == "2.0" and version == "2.1"):
        return None  # 2.x to 2.2 changes the namespace of every element: the writer rewrites
    with open(document.path, "rb") as handle:
        original = handle.read()
    written = None
    if version != "1.2":
        handle_, temporary = tempfile.mkstemp(prefix=".tqa-", suffix=".xlf")
        os.close(handle_)
        try:
            write_xliff(new, temporary, version=version)
            with open(temporary, "rb") as handle:
                written = handle.read()
        finally:
            os.unlink(temporary)
    return patch(original, zip(document.units(), new.units()), version, written, (document.version or "").strip())


def write_back(document: Document, findings: Iterable[Finding], output: str, version: str | None = None, in_place: bool = False) -> str:
    """Write `document` with `findings` to `output` as XLIFF; return the version written.
    Writing over the input needs `in_place` (and then goes through a temporary file)."""
    from qa_core.writers.xliff import write_xliff

    chosen = xliff_version_for(document, version)
    findings = list(findings)
    new = annotated(document, findings, chosen)
    from qa_core.files import same_file

    same = same_file(output, document.path)
    if same and not in_place:
        raise UsageError(f"{output} is the input: tqa never overwrites it unless you say --in-place")
    patched = _patched(document, new, chosen)
    if patched is not None:
        from qa_core.report import write_atomic

        write_atomic(output, patched)
        return chosen
    if not same:
        write_xliff(new, output, version=chosen)
        return chosen
    # in place: the writer goes through a temporary beside the input (it reads the
    # input while writing, never over it) that replaces it at the end
    write_xliff(new, output, version=chosen, over_input=True)
    return chosen
