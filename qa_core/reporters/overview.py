"""What a reviewer needs to know first, computed once for the HTML report and the text
report's closing lines: how much of an aligned document pair is translated, the
critical and major findings grouped (a repeated finding is one group with a count),
and counts by file, rule and category with the worst files first."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from qa_core.findings import Finding
from qa_core.report import Report
from qa_core.rules import Severity

OMITTED_RUN = "OMI001"
SEVERITY_ORDER = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]
#: severities whose findings the summary lists one group at a time
LEADING = ("critical", "major")


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the source of one aligned pair has a translation. Figures are None
    where neither the report's alignment nor the omission findings tell them."""

    path: str
    target_path: str | None
    omitted_paragraphs: int
    source_paragraphs: int | None
    omitted_words: int | None
    source_words: int | None
    omitted_chars: int | None
    runs: int
    added_paragraphs: int | None
    stops_after_target_line: int | None
    from_alignment: bool

    @property
    def words_percent(self) -> float | None:
        if self.omitted_words is None or not self.source_words:
            return None
        return 100.0 * self.omitted_words / self.source_words

    def sentence(self) -> str:
        """'42 of 70 source paragraphs — 60 % of the source's words — have no
        translation; the translation stops after target line 69.'"""
        if self.omitted_paragraphs == 0:
            text = "Every source paragraph has a translation"
            if self.source_paragraphs:
                text = f"All {self.source_paragraphs} source paragraphs have a translation"
        else:
            of = f" of {self.source_paragraphs}" if self.source_paragraphs else ""
            noun = "paragraph" if self.omitted_paragraphs == 1 and not of else "paragraphs"
            verb = "has" if self.omitted_paragraphs == 1 and not of else "have"
            share = ""
            percent = self.words_percent
            if percent is not None:
                share = f" — {_percent(percent)} of the source's words —"
            elif self.omitted_chars:
                share = f" — {self.omitted_chars:,} characters —"
            runs = f" in {self.runs} run{'s' if self.runs != 1 else ''}" if self.runs > 1 else ""
            text = f"{self.omitted_paragraphs}{of} source {noun}{runs}{share} {verb} no translation"
        if self.stops_after_target_line is not None:
            text += f"; the translation stops after target line {self.stops_after_target_line}"
        if self.added_paragraphs:
            many = self.added_paragraphs != 1
            text += f"; {self.added_paragraphs} target paragraph{'s' if many else ''} {'have' if many else 'has'} no source"
        return text + "."


@dataclass
class Group:
    """Findings of one rule and severity about the same text: one card, one count."""

    key: tuple
    #: the group's first `KEPT` findings with their places in the report (a report of a
    #: million units does not keep every critical and major finding as an object)
    findings: list[tuple[int, Finding]] = field(default_factory=list)
    total: int = 0

    KEPT = 100

    def add(self, index: int, finding: Finding) -> None:
        self.total += 1
        if len(self.findings) < self.KEPT:
            self.findings.append((index, finding))

    @property
    def first(self) -> Finding:
        return self.findings[0][1]

    @property
    def count(self) -> int:
        return max(self.total, len(self.findings))

    @property
    def severity(self) -> str:
        return self.first.severity.value

    def paragraphs(self) -> int | None:
        """For an omitted run: how many paragraphs it spans."""
        if self.first.rule_id != OMITTED_RUN:
            return None
        data = self.first.data or {}
        value = data.get("paragraphs")
        if isinstance(value, int):
            return value
        if isinstance(value, list):
            return len(value)
        count = data.get("count")
        return count if isinstance(count, int) else None


def coverage(report: Report) -> list[Coverage]:
    """The coverage of every aligned pair of the report (inputs with an alignment, or
    with a target document and omitted-run findings)."""
    runs: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.rule_id == OMITTED_RUN:
            runs.setdefault(finding.location.file, []).append(finding)
    out = []
    for summary in report.inputs:
        alignment = getattr(summary, "alignment", None)
        mine = runs.get(summary.path, [])
        if alignment:
            cover = _from_alignment(summary.path, summary.target_path, alignment, len(mine))
            # where the omission findings say the translation stops, the summary says the same
            said = [f.data["stops_after_target_line"] for f in mine if isinstance((f.data or {}).get("stops_after_target_line"), int)]
            if said and cover.stops_after_target_line is not None:
                cover = replace(cover, stops_after_target_line=said[-1])
            out.append(cover)
        elif mine or (summary.target_path and summary.target_path != summary.path):
            out.append(_from_findings(summary, mine))
    return out


def _from_alignment(path: str, target_path: str | None, alignment: list[dict[str, Any]], runs: int) -> Coverage:
    total_paragraphs = omitted_paragraphs = total_words = omitted_words = omitted_chars = added = 0
    last_target_line = None
    stops = None
    computed_runs = 0
    previous_omitted = False
    for link in alignment:
        source, target = link.get("source"), link.get("target")
        if source:
            count = len(source.get("paragraphs") or []) or 1
            words = source.get("words") or 0
            total_paragraphs += count
            total_words += words
            if not target:
                omitted_paragraphs += count
                omitted_words += words
                omitted_chars += source.get("chars") or 0
                if not previous_omitted:
                    computed_runs += 1
                previous_omitted = True
                continue
        previous_omitted = False
        if target:
            last_target_line = target.get("end_line") or target.get("line") or last_target_line
            if not source:
                added += len(target.get("paragraphs") or []) or 1
    # the translation stops early when the alignment ends with untranslated source
    if alignment and alignment[-1].get("source") and not alignment[-1].get("target") and last_target_line is not None:
        stops = last_target_line
    return Coverage(path, target_path, omitted_paragraphs, total_paragraphs, omitted_words, total_words,
                    omitted_chars, runs or computed_runs, added, stops, True)


def _from_findings(summary, findings: list[Finding]) -> Coverage:
    """From the omitted-run findings alone (a report without the alignment): the
    omission plugin's data keys, newest first, then older ones."""
    omitted = 0
    words: int | None = 0
    chars: int | None = 0
    total_paragraphs = None
    total_words = None
    stops = None
    for finding in findings:
        data = finding.data or {}
        paragraphs = data.get("paragraphs")
        if isinstance(paragraphs, int):
            omitted += paragraphs
        elif isinstance(paragraphs, list):
            omitted += len(paragraphs)
        elif isinstance(data.get("count"), int):
            omitted += data["count"]
        else:
            omitted += 1
        words = words + data["words"] if words is not None and isinstance(data.get("words"), int) else None
        chars = chars + data["characters"] if chars is not None and isinstance(data.get("characters"), int) else None
        if isinstance(data.get("source_paragraphs_total"), int):
            total_paragraphs = data["source_paragraphs_total"]
        if isinstance(data.get("source_words_total"), int):
            total_words = data["source_words_total"]
        if isinstance(data.get("stops_after_target_line"), int):
            stops = data["stops_after_target_line"]
        elif "before_target_line" in data and data.get("before_target_line") is None and isinstance(data.get("after_target_line"), int):
            stops = data["after_target_line"]
    if not findings:
        words = chars = 0
    if total_words is None and words is not None:
        total_words = summary.source_words or None
    return Coverage(summary.path, summary.target_path, omitted, total_paragraphs, words, total_words,
                    chars or None, len(findings), None, stops, False)


def _plain(text: str) -> str:
    """Matched text compared as a reader would: whitespace collapsed, case folded
    (cheaper than the fingerprint's normalisation; grouping runs over every finding)."""
    return " ".join(text.split()).casefold()


def group_key(finding: Finding) -> tuple:
    """Findings alike for a reviewer: same rule and severity about the same text (the
    text matched on the target side, else the source side, else the message)."""
    loc = finding.location
    target, source = loc.target, loc.source
    if finding.rule_id == OMITTED_RUN:
        text = "msg:" + finding.message + "|" + (loc.unit_id or "")
    elif target is not None and target.text:
        text = _plain(target.text)
    elif source is not None and source.text:
        text = "src:" + _plain(source.text)
    else:
        text = "msg:" + finding.message + "|" + (loc.unit_id or "")
    return (finding.severity, finding.rule_id, text)


def groups(findings: list[Finding], severities: tuple[str, ...] = LEADING) -> list[Group]:
    """The findings of `severities` grouped, the most severe first, then the largest."""
    wanted = {Severity.parse(s) for s in severities}
    found: dict[tuple, Group] = {}
    for index, finding in enumerate(findings):
        if finding.severity not in wanted:
            continue
        key = group_key(finding)
        group = found.get(key)
        if group is None:
            group = found[key] = Group(key)
        group.add(index, finding)
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return sorted(found.values(), key=lambda g: (rank[g.severity], -(g.paragraphs() or g.count), g.findings[0][0]))


@dataclass(frozen=True, slots=True)
class FileCount:
    """One file's findings by severity, its source words and its penalty points."""

    path: str
    by_severity: Counter
    source_words: int
    penalty: float

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    @property
    def normed(self) -> float | None:
        return self.penalty * 1000 / self.source_words if self.source_words else None


def by_file(report: Report, weights: dict[str, float]) -> list[FileCount]:
    """Counts per input, the worst first: the highest penalty per 1,000 source words
    (absolute penalty where a file has no words), then the most critical findings."""
    counts: dict[str, Counter] = {i.path: Counter() for i in report.inputs}
    for finding in report.findings:
        counts.setdefault(finding.location.file, Counter())[finding.severity.value] += 1
    words = {i.path: i.source_words for i in report.inputs}
    out = []
    for path, by_severity in counts.items():
        penalty = sum(weights.get(s, 0.0) * n for s, n in by_severity.items())
        out.append(FileCount(path, by_severity, words.get(path, 0), penalty))
    out.sort(key=lambda c: (-(c.normed if c.normed is not None else c.penalty), -c.by_severity["critical"], -c.total, c.path))
    return out


def place(finding: Finding, pair: bool = False) -> str:
    """'tgt 29:49' / '29:49' / 'src 34-36': where to look, as the text report writes it."""
    loc = finding.location
    side = loc.primary
    if side is None or side.line is None:
        return "-"
    text = f"{side.line}:{side.column}" if side.column is not None else str(side.line)
    if side.end_line is not None and side.end_line != side.line and side.column is None:
        text = f"{side.line}-{side.end_line}"
    if pair:
        text = ("tgt " if side is loc.target else "src ") + text
    return text


def _percent(value: float) -> str:
    if value >= 10 or value == 0:
        return f"{value:.0f} %"
    return f"{value:.1f} %"
