"""SARIF 2.1.0: the format GitHub code scanning (and most CI dashboards) read.

One run per report. Each rule that reported becomes a `reportingDescriptor` with its
summary, its Markdown docs as help and its MQM category; each finding a `result`
whose location is the side it concerns (the target, or the source when only the
source is concerned), with the other side as a related location. Columns count
Unicode code points (`columnKind`), as tqa's locators do. `partialFingerprints`
carries tqa's own fingerprint, so alerts stay put across runs as baselines do.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from qa_core import hookimpl
from qa_core.findings import Finding
from qa_core.project import ProjectPaths, project_paths
from qa_core.report import Report, indented_json
from qa_core.reporters import Reporter
from qa_core.reporters.common import Region, level, primary, secondary
from qa_core.rules import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/tqa/"
FINGERPRINT_KEY = "tqaFingerprint/v1"

_MIME = {
    "xliff": "application/xliff+xml",
    "xliff1": "application/xliff+xml",
    "xliff2": "application/xliff+xml",
    "sdlxliff": "application/xliff+xml",
    "mqxliff": "application/xliff+xml",
    "tmx": "application/x-tmx+xml",
    "po": "text/x-gettext-translation",
}


def artifact_uri(path: str, paths: ProjectPaths | None = None) -> dict[str, Any]:
    """A URI relative to the project root (`%SRCROOT%`) for a path tqa displayed, the
    file's project path (`qa_core.project`: the same from any working folder, as the
    fingerprints), or a file: URI for a file outside the root. Without `paths`, the
    working folder is the root."""
    if paths is None:
        here = os.getcwd()
        paths = project_paths(here, here)
    named = paths.inside(path)
    if named is None:
        absolute = os.path.normpath(os.path.join(paths.folder, path)).replace(os.sep, "/")
        return {"uri": "file://" + quote(absolute if absolute.startswith("/") else "/" + absolute, safe="/:")}
    return {"uri": quote(named, safe="/"), "uriBaseId": "%SRCROOT%"}


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 for GitHub code scanning and other CI dashboards."
    extension = ".sarif"

    def render(self, report: Report) -> str:
        return json.dumps(self.log(report), ensure_ascii=False, indent=2) + "\n"

    def write_to(self, report: Report, stream) -> None:
        """The text of `render`, byte for byte, written one result at a time as the
        findings are read (the rest of the log is made first, the results in its place)."""
        if not report.findings:
            stream.write(self.render(report).encode("utf-8"))
            return
        log = self.log(report, results=False)
        log["runs"][0]["results"] = _SLOT
        head, _, tail = json.dumps(log, ensure_ascii=False, indent=2).partition(json.dumps(_SLOT))
        stream.write(head.encode("utf-8") + b"[\n")
        for number, result in enumerate(self._results(report, log)):
            text = indented_json(result, "        ")
            stream.write(((",\n        " if number else "        ") + text).encode("utf-8"))
        stream.write(b"\n      ]" + tail.encode("utf-8") + b"\n")

    def _results(self, report: Report, log: dict[str, Any]):
        run = log["runs"][0]
        index = {rule["id"]: i for i, rule in enumerate(run["tool"]["driver"]["rules"])}
        artifact_index = {a["location"]["uri"]: i for i, a in enumerate(run["artifacts"])}
        paths = report.project_paths()
        return (self._result(f, index, artifact_index, report.fail_on, paths) for f in report.findings)

    def log(self, report: Report, results: bool = True) -> dict[str, Any]:
        # every rule a finding names gets a descriptor, also one a saved report's
        # 'rules' table lacks (the descriptor then says what little is known)
        rule_ids = sorted(set(report.rules) | set(report._tally().by_rule))
        index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
        paths = report.project_paths()
        artifacts = self._artifacts(report, paths)
        artifact_index = {a["location"]["uri"]: i for i, a in enumerate(artifacts)}
        results = [self._result(f, index, artifact_index, report.fail_on, paths) for f in report.findings] if results else []
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "tqa",
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "informationUri": INFORMATION_URI,
                    "rules": [self._rule(rule_id, report.rules.get(rule_id), report.fail_on) for rule_id in rule_ids],
                }
            },
            "invocations": [self._invocation(report)],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": _folder_uri(paths.root)}},
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"summary": report.summary()},
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}

    # ----- parts ---------------------------------------------------------

    def _rule(self, rule_id: str, entry: dict[str, Any] | None, fail_on: str) -> dict[str, Any]:
        entry = entry or {}
        summary = entry.get("summary") or rule_id
        help_text = entry.get("help") or summary
        category = entry.get("category", "Other")
        severity = Severity.parse(entry.get("severity", "minor"))
        descriptor: dict[str, Any] = {
            "id": rule_id,
            "name": _pascal(entry.get("name", rule_id)),
            "shortDescription": {"text": summary},
            "fullDescription": {"text": summary},
            "help": {"text": help_text, "markdown": help_text},
            "defaultConfiguration": {"level": level(severity, fail_on)},
            "properties": {
                "tags": ["translation", "localization", f"mqm/{category}"],
                "mqmCategory": category,
                "severity": severity.value,
                "ruleName": entry.get("name", rule_id),
                "precision": "high",
                "problem.severity": {"error": "error", "warning": "warning", "note": "recommendation"}[
                    level(severity, fail_on)
                ],
            },
        }
        return descriptor

    def _result(self, finding: Finding, index: dict[str, int], artifacts: dict[str, int], fail_on: str,
                paths: ProjectPaths) -> dict[str, Any]:
        where = primary(finding)
        result: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "ruleIndex": index[finding.rule_id],
            "level": level(finding.severity, fail_on),
            "message": {"text": finding.message},
            "locations": [self._location(finding, where, artifacts, paths)],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
            "properties": {
                "severity": finding.severity.value,
                "mqmCategory": finding.category,
                "side": where.side,
            },
        }
        if finding.location.unit_id is not None:
            result["properties"]["unitId"] = finding.location.unit_id
        other = secondary(finding)
        if other is not None:
            related = self._location(finding, other, artifacts, paths)
            related["id"] = 1
            related["message"] = {"text": f"source: {finding.location.source.text}" if finding.location.source.text else "source"}
            result["relatedLocations"] = [related]
        if finding.suggestion:
            result["properties"]["suggestion"] = finding.suggestion
        if finding.data:
            result["properties"]["data"] = finding.data
        return result

    def _location(self, finding: Finding, where: Region, artifacts: dict[str, int], paths: ProjectPaths) -> dict[str, Any]:
        artifact = artifact_uri(where.path, paths)
        if artifact["uri"] in artifacts:
            artifact["index"] = artifacts[artifact["uri"]]
        # GitHub needs a start line; a finding whose line is unknown points at the file's top
        region: dict[str, Any] = {"startLine": where.line or 1}
        if where.line is not None:
            if where.column is not None:
                region["startColumn"] = where.column
            if where.end_line is not None and where.end_line != where.line:
                region["endLine"] = where.end_line
            if where.end_column is not None and where.end_column > (where.column or 0):
                region["endColumn"] = where.end_column
        side = finding.location.target if where.side == "target" else finding.location.source
        if side is not None and side.text:
            region["snippet"] = {"text": side.text}
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
        if finding.location.unit_id is not None:
            location["logicalLocations"] = [
                {"name": finding.location.unit_label, "kind": "element", "fullyQualifiedName": f"{paths.of(finding.location.file)}#{finding.location.unit_id}/{where.side}"}
            ]
        return location

    def _artifacts(self, report: Report, paths: ProjectPaths) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for summary in report.inputs:
            for path in (summary.path, summary.target_path):
                if not path:
                    continue
                location = artifact_uri(path, paths)
                if location["uri"] in seen:
                    continue
                seen.add(location["uri"])
                artifact: dict[str, Any] = {"location": location, "roles": ["analysisTarget"]}
                mime = _MIME.get(summary.format.lower())
                if mime:
                    artifact["mimeType"] = mime
                props = {k: v for k, v in (("format", summary.format), ("sourceLang", summary.source_lang), ("targetLang", summary.target_lang)) if v}
                if props:
                    artifact["properties"] = props
                out.append(artifact)
        return out

    def _invocation(self, report: Report) -> dict[str, Any]:
        invocation: dict[str, Any] = {"executionSuccessful": True}
        if report.started:
            invocation["startTimeUtc"] = report.started.replace("+00:00", "Z")
        if report.command:
            invocation["arguments"] = list(report.command)
        return invocation


_SLOT = "\x00tqa results\x00"


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _folder_uri(folder: str) -> str:
    path = folder.replace(os.sep, "/")
    if not path.startswith("/"):
        path = "/" + path
    return "file://" + quote(path.rstrip("/") + "/", safe="/:")


@hookimpl
def tqa_register_reporters():
    return [SarifReporter]
