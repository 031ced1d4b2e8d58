"""What the CI reporters (SARIF, JUnit, GitHub annotations) share: how a severity
maps to a level given the run's `--fail-on`, and where a finding points to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qa_core.findings import Finding, SideLocation
from qa_core.rules import Severity

Level = Literal["error", "warning", "note"]


def level(severity: Severity, fail_on: str) -> Level:
    """'error' for findings that fail the run (at or above `fail_on`), 'note' for
    `info`, 'warning' for the rest. With `fail_on = never` nothing is an error."""
    if severity is Severity.INFO:
        return "note"
    if fail_on != "never" and severity.rank >= Severity.parse(fail_on).rank:
        return "error"
    return "warning"


@dataclass(frozen=True, slots=True)
class Region:
    """A place in a file, 1-based; `end_column` is the column just past the span
    (SARIF's convention), None where unknown."""

    path: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    side: str


def region(side_name: str, side: SideLocation) -> Region:
    """Where `side` of a finding sits. The end column is the reader's (the column just
    past the span, markup included); when a reader gives only the start, it is
    derived from the span's length if the span stays on one line."""
    line, column = side.line, side.column
    end_line = side.end_line if side.end_line is not None else line
    end_column = None
    if column is not None and line is not None:
        if side.end_column is not None:
            end_column = side.end_column
        elif end_line == line and side.span is not None:
            end_column = column + len(side.span)
    return Region(side.path, line, column, end_line if line is not None else None, end_column, side_name)


def primary(finding: Finding) -> Region:
    """The place to fix: the target side when the finding concerns it, else the source,
    else the file itself."""
    loc = finding.location
    if loc.target is not None:
        return region("target", loc.target)
    if loc.source is not None:
        return region("source", loc.source)
    return Region(loc.file, None, None, None, None, "file")


def secondary(finding: Finding) -> Region | None:
    """The other side, when the finding concerns both."""
    loc = finding.location
    if loc.target is not None and loc.source is not None:
        return region("source", loc.source)
    return None


def title(finding: Finding) -> str:
    return f"{finding.rule_id} {finding.rule_name} ({finding.severity.value}, {finding.category})"
