"""JUnit XML, the test-report format CI systems show (GitLab merge requests, Jenkins,
Azure Pipelines, GitHub test-report actions).

One `<testsuite>` per input file, one `<testcase>` per finding. Findings at or above
the run's `--fail-on` are `<failure>`s; the ones below pass, with their message in
`<system-out>`, so the CI's test count and failure count agree with tqa's exit code.
A file without findings gets one passing test case, so it shows as checked.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from qa_core import hookimpl
from qa_core.findings import Finding
from qa_core.lazy import lazy_module
from qa_core.report import Report
from qa_core.reporters import Reporter
from qa_core.reporters.common import level, primary

etree = lazy_module("lxml.etree", globals(), "etree")  # lxml (~8 ms of start-up) only when XML is read or written

# characters XML 1.0 cannot carry at all: shown as \uXXXX instead
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str | None) -> str:
    if not text:
        return ""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JUnitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: one test suite per file, one failing test case per finding at or above --fail-on."
    extension = ".xml"

    def render(self, report: Report) -> bytes:
        root = etree.Element("testsuites", name="tqa")
        files = [i.path for i in report.inputs]
        by_file: dict[str, list[Finding]] = {}
        for finding in report.findings:
            by_file.setdefault(finding.location.file, []).append(finding)
        files += [path for path in by_file if path not in files]
        inputs = {i.path: i for i in report.inputs}
        total = failures = 0
        for path in files:
            findings = by_file.get(path, [])
            suite = etree.SubElement(root, "testsuite", name=xml_text(path))
            summary = inputs.get(path)
            if summary is not None:
                props = etree.SubElement(suite, "properties")
                for key in ("format", "version", "source_lang", "target_lang", "units", "source_words"):
                    value = getattr(summary, key)
                    if value is not None:
                        etree.SubElement(props, "property", name=key, value=xml_text(str(value)))
            failed = 0
            names: Counter[str] = Counter()
            for finding in findings:
                failed += self._case(suite, path, finding, report.fail_on, names)
            if not findings:
                etree.SubElement(suite, "testcase", classname=xml_text(path), name="no findings", file=xml_text(path), time="0")
            tests = max(1, len(findings))
            suite.set("tests", str(tests))
            suite.set("failures", str(failed))
            suite.set("errors", "0")
            suite.set("skipped", "0")
            suite.set("time", "0")
            if report.started:
                suite.set("timestamp", report.started)
            total += tests
            failures += failed
        root.set("tests", str(total))
        root.set("failures", str(failures))
        root.set("errors", "0")
        root.set("skipped", "0")
        root.set("time", f"{report.duration:.3f}")
        if report.started:
            root.set("timestamp", report.started)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _case(self, suite, path: str, finding: Finding, fail_on: str, names: Counter[str]) -> int:
        where = primary(finding)
        unit = finding.location.unit_label
        name = f"{finding.rule_id} {finding.rule_name}" + (f" in unit {unit}" if unit else "")
        names[name] += 1
        if names[name] > 1:
            name = f"{name} #{names[name]}"
        case = etree.SubElement(suite, "testcase", classname=xml_text(path), name=xml_text(name), file=xml_text(where.path), time="0")
        if where.line is not None:
            case.set("line", str(where.line))
        body = xml_text("\n".join(self._details(finding)))
        if level(finding.severity, fail_on) == "error":
            failure = etree.SubElement(case, "failure", message=xml_text(finding.message), type=f"{finding.rule_id} {finding.severity.value}")
            failure.text = body
            return 1
        out = etree.SubElement(case, "system-out")
        out.text = f"{finding.severity.value} (below --fail-on {fail_on}): {body}"
        return 0

    def _details(self, finding: Finding) -> Iterable[str]:
        loc = finding.location
        yield finding.message
        yield f"rule: {finding.rule_id} {finding.rule_name}; severity: {finding.severity.value}; category: {finding.category}"
        for name, side in (("source", loc.source), ("target", loc.target)):
            if side is None:
                continue
            place = side.path + (f":{side.line}" if side.line is not None else "") + (f":{side.column}" if side.column is not None else "")
            text = f" {side.text!r}" if side.text else ""
            yield f"{name}: {place}{text}"
        if loc.unit_id:
            yield f"unit: {loc.unit_label}"
        if finding.suggestion:
            yield f"suggestion: {finding.suggestion}"
        yield f"fingerprint: {finding.fingerprint}"


@hookimpl
def tqa_register_reporters():
    return [JUnitReporter]
