"""The reporters tqa always has: text for people and JSON for programs."""

from __future__ import annotations

from itertools import groupby

from qa_core import hookimpl
from qa_core.findings import Finding
from qa_core.report import Report
from qa_core.reporters import Reporter, overview
from qa_core.rules import Severity

_COLORS = {
    Severity.CRITICAL: "\033[1;31m",
    Severity.MAJOR: "\033[31m",
    Severity.MINOR: "\033[33m",
    Severity.INFO: "\033[36m",
}
_RESET = "\033[0m"
_GROUPS_SHOWN = 10
_WORST_SHOWN = 3
#: the MQM scorecard's default weights (the HTML report's; the text report ranks files by them)
DEFAULT_WEIGHTS = {"info": 0.0, "minor": 1.0, "major": 5.0, "critical": 25.0}


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

_DIM = "\033[2m"


#: inputs named per checking profile in the text summary, at most (more are counted)
_PROFILE_NAMES = 5


def _profiles(report: Report) -> list[str]:
    """The line saying which checking profile each input ran with (`--checking-profile`:
    which rules run by default), as the JSON report's `inputs[].profile`."""
    by_profile: dict[str, list[str]] = {}
    for i in report.inputs:
        if i.profile:
            by_profile.setdefault(i.profile, []).append(i.path)
    if not by_profile:
        return []
    if len(by_profile) == 1:
        (profile, paths), = by_profile.items()
        return [f"Checking profile: {profile}" + (f" ({len(paths)} files)." if len(paths) > 1 else ".")]
    parts = []
    for profile, paths in sorted(by_profile.items()):
        named = ", ".join(paths[:_PROFILE_NAMES]) + (f" and {len(paths) - _PROFILE_NAMES} more" if len(paths) > _PROFILE_NAMES else "")
        parts.append(f"{profile} for {named}")
    return ["Checking profiles: " + "; ".join(parts) + "."]


class TextReporter(Reporter):
    """Findings grouped by file, each on a line that starts with where to fix it."""

    name = "text"
    description = "Human-readable findings grouped by file, with line numbers (default)."
    extension = ".txt"

    def render(self, report: Report) -> str:
        return "".join(line + "\n" for line in self._lines(report))

    def write_to(self, report: Report, stream) -> None:
        """What `render` returns, written a few hundred lines at a time as the findings are read."""
        pending: list[str] = []
        for line in self._lines(report):
            pending.append(line)
            if len(pending) >= 512:
                stream.write(("\n".join(pending) + "\n").encode("utf-8"))
                pending = []
        if pending:
            stream.write(("\n".join(pending) + "\n").encode("utf-8"))

    def _lines(self, report: Report):
        targets = {i.path: i.target_path for i in report.inputs if i.target_path and i.target_path != i.path}
        for path, findings in groupby(report.findings, key=lambda f: f.location.file):
            # two documents aligned: places say which one they are in (src/tgt)
            target_path = targets.get(path)
            header = f"{path} -> {target_path}" if target_path else path
            yield self._style(header, "\033[1m")
            for finding in findings:
                yield from self._finding(finding, target_path)
            yield ""
        yield self._summary(report)

    def _finding(self, finding: Finding, target_path: str | None = None) -> list[str]:
        loc = finding.location
        side = loc.primary
        place = "-"
        if side is not None and side.line is not None:
            place = f"{side.line}:{side.column}" if side.column is not None else f"{side.line}"
            if target_path:
                place = ("tgt " if side is loc.target else "src ") + place
            elif side.path != loc.file:
                place = f"{side.path}:{place}"
        severity = self._style(f"{finding.severity.value:<8}", _COLORS[finding.severity])
        unit = self._style(f"  [{loc.unit_label}]", _DIM) if loc.unit_id else ""
        out = [f"  {place:>10}  {severity}  {finding.rule_id}  {_escape(finding.message)}{unit}"]
        indent = " " * 34
        if target_path and side is loc.target and loc.source is not None and loc.source.line:
            src = loc.source
            where = (f"lines {src.line}-{src.end_line}" if src.end_line is not None and src.end_line > src.line
                     else f"line {src.line}")
            out.append(self._style(f"{indent}source: {where}", _DIM))
        if finding.suggestion:
            out.append(self._style(f"{indent}suggestion: {finding.suggestion}", _DIM))
        return out

    def _summary(self, report: Report) -> str:
        summary = report.summary()
        profiles = _profiles(report)
        if not report.findings:
            return "\n".join([*profiles, f"No findings in {summary['files']} file(s), {summary['units']} unit(s)."])
        lines = self._overview(report) + profiles
        counts = ", ".join(
            f"{summary['by_severity'][s.value]} {s.value}"
            for s in sorted(Severity, key=lambda s: -s.rank)
            if summary["by_severity"].get(s.value)
        )
        lines.append(
            f"{summary['findings']} finding(s) ({counts}) in {summary['files']} file(s), "
            f"{summary['units']} unit(s), {summary['source_words']} source words."
        )
        return "\n".join(lines)

    def _overview(self, report: Report) -> list[str]:
        """The closing summary, as the HTML report opens: coverage of aligned pairs,
        the critical and major findings grouped, the worst files of a larger run."""
        pairs = {i.path for i in report.inputs if i.target_path and i.target_path != i.path}
        lines: list[str] = []
        for cover in overview.coverage(report):
            name = f"{cover.path} -> {cover.target_path}" if cover.target_path else cover.path
            lines.append(f"Coverage of {name}: {cover.sentence()}")
        found = overview.groups(report.findings)
        # only when it says less than the list above (other severities, or repeats)
        if found and len(found) < len(report.findings):
            lines.append(self._style(f"Critical and major findings ({len(found)} group(s)):", "\033[1m"))
            for group in found[:_GROUPS_SHOWN]:
                first = group.first
                runs = group.paragraphs()
                count = f"{runs} paragraphs" if runs and runs > 1 else (f"x{group.count}" if group.count > 1 else "")
                where = overview.place(first, first.location.file in pairs)
                if len(report.inputs) > 1:
                    where = f"{first.location.file}:{where}"
                severity = self._style(f"{group.severity:<8}", _COLORS[first.severity])
                lines.append(f"  {severity}  {first.rule_id}  {count:<13} {_short(first.message, 100)}  ({where})")
            if len(found) > _GROUPS_SHOWN:
                lines.append(f"  ... and {len(found) - _GROUPS_SHOWN} more group(s)")
        if len(report.inputs) > 1:
            worst = [c for c in overview.by_file(report, DEFAULT_WEIGHTS) if c.penalty > 0][:_WORST_SHOWN]
            if worst:
                parts = []
                for c in worst:
                    rate = f"{c.normed:.1f} per 1,000 words" if c.normed is not None else f"{c.penalty:g} points"
                    parts.append(f"{c.path} ({c.total} finding(s), penalty {rate})")
                lines.append("Worst files: " + "; ".join(parts))
        return lines

    def _style(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text


def _escape(text: str) -> str:
    """One line of the report per finding: line breaks, tabs and other control characters
    written as escapes (\\n, \\t), as a PO file writes them."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\x{ord(ch):02x}") for ch in text
    )


class JsonReporter(Reporter):
    """The whole report as JSON, validated against `tqa schema` before it is written."""

    name = "json"
    description = "Machine-readable report, valid against the JSON Schema printed by `tqa schema`."
    extension = ".json"

    def render(self, report: Report) -> str:
        return report.to_json()

    def write_to(self, report: Report, stream) -> None:
        report.write_json(stream)


@hookimpl
def tqa_register_reporters():
    return [TextReporter, JsonReporter]
