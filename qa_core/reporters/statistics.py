"""Counts per rule instead of the findings themselves (`tqa check --statistics`, as
in ruff): what to tackle first, or what to put in a baseline."""

from __future__ import annotations

from collections import Counter

from qa_core import hookimpl
from qa_core.report import Report
from qa_core.reporters import Reporter
from qa_core.rules import Severity

_ORDER = sorted(Severity, key=lambda s: -s.rank)


class StatisticsReporter(Reporter):
    name = "statistics"
    description = "Finding counts per rule, most frequent first, with their severities (--statistics)."
    extension = ".txt"

    def render(self, report: Report) -> str:
        counts = Counter(f.rule_id for f in report.findings)
        if not counts:
            summary = report.summary()
            return f"No findings in {summary['files']} file(s), {summary['units']} unit(s).\n"
        severities: dict[str, Counter[str]] = {}
        names: dict[str, str] = {}
        categories: dict[str, str] = {}
        for finding in report.findings:
            severities.setdefault(finding.rule_id, Counter())[finding.severity.value] += 1
            names[finding.rule_id] = finding.rule_name
            categories[finding.rule_id] = finding.category
        width = len(str(max(counts.values())))
        name_width = max(len(n) for n in names.values())
        cat_width = max(len(c) for c in categories.values())
        lines = []
        for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            split = ", ".join(f"{severities[rule_id][s.value]} {s.value}" for s in _ORDER if severities[rule_id][s.value])
            lines.append(f"{count:>{width}}  {rule_id}  {names[rule_id]:<{name_width}}  {categories[rule_id]:<{cat_width}}  {split}")
        total = sum(counts.values())
        files = len({f.location.file for f in report.findings})
        lines.append(f"{total} finding(s) of {len(counts)} rule(s) in {files} file(s).")
        return "\n".join(lines) + "\n"


@hookimpl
def tqa_register_reporters():
    return [StatisticsReporter]
