"""The report of a run: findings plus what was checked, as data every reporter
renders, and as JSON validated against the schema that ships with tqa."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Iterator


from qa_core.errors import InputError, TqaError
from qa_core.findings import Finding, Location, SideLocation, Span, UnitText
from qa_core.findings_store import FindingStore
from qa_core.rules import Rule, Severity
from qa_core.runner import InputSummary

SCHEMA_VERSION = "1.0"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The report's JSON Schema (2020-12), as shipped inside the package."""
    return json.loads(schema_text())


def schema_text() -> str:
    from qa_core.lazy import package_text  # not importlib.resources (~15 ms) for a plain folder

    return package_text("qa_core", "schema", "report.schema.json")


def utc_seconds(timestamp: float) -> str:
    """`datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")`
    without importing datetime (~1.5 ms at every start-up, for one call): the seconds
    are those datetime keeps, which rounds the fraction to microseconds half to even
    first (so 0.9999996 s past a second is the next one); tested against datetime."""
    import math
    import time

    whole = math.floor(timestamp)
    if round((timestamp - whole) * 1e6) >= 1_000_000:
        whole += 1
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(whole))


@dataclass
class Report:
    """A run's findings with what the reporters print around them: tool and plugins,
    inputs, the rules that found something, the run's settings and times."""

    tool_version: str
    plugins: list[dict[str, str]]
    inputs: list[InputSummary]
    findings: list[Finding]
    rules: dict[str, dict[str, Any]]
    fail_on: str = "minor"
    started: str = ""
    duration: float = 0.0
    config: dict[str, Any] | None = None
    command: list[str] = field(default_factory=list)
    #: the project root (absolute; `qa_core.project`) and the folder the run was in, which
    #: the displayed paths are relative to; None for a report that did not record them
    #: (read as the working folder)
    root: str | None = None
    folder: str | None = None

    @classmethod
    def build(cls, run, plugins, config, command: list[str] | None = None, with_help: bool = True) -> Report:
        tally = Tally.of(run.findings)
        rules = {rule_id: rule_entry(plugins.rules[rule_id], plugins.rules.docs(rule_id) if with_help else None)
                 for rule_id in sorted(tally.by_rule)}
        report = cls(
            tool_version=_version(),
            plugins=plugins.describe(),
            inputs=run.inputs,
            findings=run.findings,
            rules=rules,
            fail_on=config.fail_on,
            started=utc_seconds(run.started),
            duration=round(run.duration, 3),
            config=config.as_dict(),
            command=list(command or []),
            root=os.path.abspath(config.root),
            folder=os.getcwd(),
        )
        if isinstance(run.findings, FindingStore):
            report.__dict__["_tallied"] = (run.findings, tally)
        return report

    # ----- derived -------------------------------------------------------

    @property
    def failed(self) -> bool:
        if self.fail_on == "never":
            return False
        threshold = Severity.parse(self.fail_on).rank
        return self._tally().worst >= threshold

    def summary(self) -> dict[str, Any]:
        tally = self._tally()
        return {
            "files": len(self.inputs),
            "units": sum(i.units for i in self.inputs),
            "segments": sum(i.segments for i in self.inputs),
            "source_words": sum(i.source_words for i in self.inputs),
            "findings": len(self.findings),
            "by_severity": dict(tally.by_severity),
            "by_category": dict(sorted(tally.by_category.items())),
            "by_rule": dict(sorted(tally.by_rule.items())),
            "failed": self.failed,
        }

    def _tally(self) -> Tally:
        """The counts of the findings, in one pass; kept for a compact store of findings
        (`FindingStore`, which is not changed once made; read again, it is made objects
        again), counted anew for a list (which callers may change)."""
        findings = self.findings
        cached = self.__dict__.get("_tallied")
        if cached is not None and cached[0] is findings:
            return cached[1]
        tally = Tally.of(findings)
        if isinstance(findings, FindingStore):
            self.__dict__["_tallied"] = (findings, tally)
        return tally

    # ----- JSON ----------------------------------------------------------

    def to_dict(self, with_findings: bool = True) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "tqa", "version": self.tool_version},
            "plugins": self.plugins,
            "run": {
                "started": self.started,
                "duration_seconds": self.duration,
                "fail_on": self.fail_on,
                "config": self.config,
                "command": self.command,
                **({"root": self.root} if self.root is not None else {}),
                **({"folder": self.folder} if self.folder is not None else {}),
            },
            "inputs": [_input_to_dict(i) for i in self.inputs],
            "rules": self.rules,
            "findings": findings_to_dicts(self.findings) if with_findings else [],
            "summary": self.summary(),
        }

    def to_json(self) -> str:
        data = self.to_dict()
        validate(data)
        return _dumps(data) + "\n"

    def write_json(self, stream) -> None:
        """The text of `to_json`, byte for byte, written to the binary `stream` one
        finding at a time: each finding's dict and text are made, validated (against the
        schema's finding), written and dropped before the next, so that a report of a
        million units never holds all its findings as dicts and text at once. The rest
        of the report is validated before anything is written."""
        if not self.findings:
            stream.write(self.to_json().encode("utf-8", "surrogatepass"))
            return
        data = self.to_dict(with_findings=False)
        validate(data)
        data["findings"] = _SLOT
        head, _, tail = json.dumps(data, ensure_ascii=False, indent=2).partition(json.dumps(_SLOT))
        stream.write(head.encode("utf-8", "surrogatepass") + b"[\n    ")
        for index, item in enumerate(_finding_dicts(self.findings)):
            validate_finding(item, index)
            text = indented_json(item, "    ")
            stream.write((",\n    " if index else "").encode() + text.encode("utf-8", "surrogatepass"))
        stream.write(b"\n  ]" + tail.encode("utf-8", "surrogatepass") + b"\n")

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "<report>") -> Report:
        """A saved JSON report, validated, back as a Report (for `tqa report`)."""
        version = data.get("schema_version")
        if version is not None and version != SCHEMA_VERSION:
            tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
            written = f"tqa {tool.get('version')}" if tool.get("version") else "another tqa"
            raise InputError(origin, f"not a report this tqa reads: schema_version is {version!r} (written by {written}); "
                                     f"this tqa ({_version()}) reads {SCHEMA_VERSION!r}: render it with the tqa that wrote it, "
                                     "or check the inputs again")
        try:
            validate(data)
        except TqaError as error:
            raise InputError(origin, f"not a tqa report: {error}") from None
        return cls(
            tool_version=data["tool"]["version"],
            plugins=data["plugins"],
            inputs=[InputSummary(**i) for i in data["inputs"]],
            findings=findings_from_dicts(data["findings"], origin),
            rules=data["rules"],
            fail_on=data["run"]["fail_on"],
            started=data["run"]["started"],
            duration=data["run"]["duration_seconds"],
            config=data["run"].get("config"),
            command=data["run"].get("command", []),
            root=data["run"].get("root"),
            folder=data["run"].get("folder"),
        )

    def project_paths(self):
        """The project paths (`qa_core.project.ProjectPaths`) of the run's displayed paths:
        from the root and the folder it recorded, else the working folder's."""
        from qa_core.project import project_paths

        here = os.getcwd()
        return project_paths(self.root or self.folder or here, self.folder or here)


@dataclass
class Tally:
    """What a report counts of its findings."""

    by_severity: Counter
    by_category: Counter
    by_rule: Counter
    #: the highest severity rank found (-1 without findings)
    worst: int = -1

    @classmethod
    def of(cls, findings) -> Tally:
        tally = cls(Counter(), Counter(), Counter())
        counts = findings.counts() if isinstance(findings, FindingStore) else None
        if counts is not None:  # a compact store counts its batches as it seals them
            for (severity, category, rule_id), number in counts.items():
                tally.by_severity[severity.value] += number
                tally.by_category[category] += number
                tally.by_rule[rule_id] += number
                tally.worst = max(tally.worst, severity.rank)
            return tally
        for finding in findings:
            tally.by_severity[finding.severity.value] += 1
            tally.by_category[finding.category] += 1
            tally.by_rule[finding.rule_id] += 1
            tally.worst = max(tally.worst, finding.severity.rank)
        return tally


def _input_to_dict(summary: InputSummary) -> dict[str, Any]:
    data = asdict(summary)
    if data.get("alignment") is None:
        del data["alignment"]  # only aligned document pairs carry it
    return data


_SLOT = "\x00tqa findings\x00"

_quoted = json.encoder.encode_basestring  # json's own (C) string encoder, ensure_ascii=False
_INFINITY = float("inf")


def indented_json(value: Any, margin: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2).replace("\\n", "\\n" + margin)`,
    the same text, made faster: with `indent`, json encodes in Python, a generator a
    level; here one function walks the value and json's C encoder quotes the strings
    (3x faster on a report's findings: measured in docs/performance.md). A value json
    would refuse (or turn with `default`) is left to json itself."""
    out: list[str] = []
    try:
        _walk(value, "\n" + margin, out)
    except (_NotPlain, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + margin)
    return "".join(out)


class _NotPlain(Exception):
    """A value `indented_json` leaves to json (an unknown type, a key that is not a string)."""


def _walk(value: Any, newline: str, out: list[str]) -> None:
    # the order of json's own tests (str, None, True, False, int, float, list, dict)
    if isinstance(value, str):
        out.append(_quoted(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (_INFINITY, -_INFINITY):
            raise _NotPlain
        out.append(float.__repr__(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        out.append("[")
        for index, item in enumerate(value):
            out.append(inner if not index else "," + inner)
            _walk(item, inner, out)
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        out.append("{")
        first = True
        for key, item in value.items():
            if not isinstance(key, str):
                raise _NotPlain
            out.append((inner if first else "," + inner) + _quoted(key) + ": ")
            first = False
            _walk(item, inner, out)
        out.append(newline + "}")
    else:
        raise _NotPlain


def _dumps(data: dict[str, Any]) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)`, the same text, written one
    finding at a time: with `indent`, json builds the whole text from millions of small
    pieces first (some 200 MB for 30k findings); here one finding's pieces at a time,
    kept as UTF-8 (half the size of a str holding Vietnamese), each finding's dict
    dropped once written."""
    findings = data["findings"]
    if not findings:
        return json.dumps(data, ensure_ascii=False, indent=2)
    data = dict(data, findings=_SLOT)
    head, _, tail = json.dumps(data, ensure_ascii=False, indent=2).partition(json.dumps(_SLOT))
    parts = [head.encode("utf-8", "surrogatepass"), b"[\n    "]
    for index, finding in enumerate(findings):
        if index:
            parts.append(b",\n    ")
        text = indented_json(finding, "    ")
        parts.append(text.encode("utf-8", "surrogatepass"))
        findings[index] = None
    parts.append(b"\n  ]")
    parts.append(tail.encode("utf-8", "surrogatepass"))
    joined = b"".join(parts)
    del parts
    return joined.decode("utf-8", "surrogatepass")


def rule_entry(rule: Rule, docs: str | None) -> dict[str, Any]:
    return {
        "name": rule.name,
        "severity": rule.severity.value,
        "category": rule.category,
        "summary": rule.summary,
        "help": docs,
    }


def _version() -> str:
    from qa_core.manager import installed_version

    return installed_version()


@lru_cache(maxsize=1)
def _validator():
    # jsonschema-rs: the same Draft 2020-12 semantics as jsonschema, compiled; a report
    # of 17k findings validates in 20 ms instead of 5 s (the test suite still checks
    # reports with jsonschema, independently)
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema(), validate_formats=True)


@lru_cache(maxsize=1)
def _finding_validator():
    import jsonschema_rs

    root = schema()
    return jsonschema_rs.Draft202012Validator({"$defs": root["$defs"], "$ref": "#/$defs/finding"}, validate_formats=True)


def validate_finding(data: dict[str, Any], index: int) -> None:
    """Raise when the dict of the report's finding number `index` does not follow the schema."""
    _raise_invalid(_finding_validator(), data, ["findings", index])


def validate(data: dict[str, Any]) -> None:
    """Raise when `data` does not follow the report schema."""
    _raise_invalid(_validator(), data, [])


def _raise_invalid(validator, data: dict[str, Any], prefix: list) -> None:
    import jsonschema_rs

    try:
        validator.validate(data)
    except jsonschema_rs.ValidationError as error:
        where = "/".join(str(p) for p in prefix + list(error.instance_path)) or "(root)"
        message = " ".join(error.message.split())
        if len(message) > 200:  # the validator quotes the offending value whole
            message = f"{message[:90]} … {message[-90:]}"
        raise TqaError(f"report does not follow the tqa report schema at {where}: {message}") from None


def _side_to_dict(side: SideLocation | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {
        "path": side.path,
        "line": side.line,
        "column": side.column,
        "end_line": side.end_line,
        "end_column": side.end_column,
        "span": [side.span.start, side.span.end] if side.span is not None else None,
        "text": side.text,
    }


def _side_from_dict(data: dict[str, Any] | None) -> SideLocation | None:
    if data is None:
        return None
    span = data.get("span")
    return SideLocation(
        path=data["path"],
        line=data.get("line"),
        column=data.get("column"),
        end_line=data.get("end_line"),
        end_column=data.get("end_column"),
        span=Span(span[0], span[1]) if span is not None else None,
        text=data.get("text"),
    )


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "severity": finding.severity.value,
        "category": finding.category,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "location": {
            "file": loc.file,
            "unit_id": loc.unit_id,
            "source": _side_to_dict(loc.source),
            "target": _side_to_dict(loc.target),
        },
        "fingerprint": finding.fingerprint,
        "data": _jsonable(finding.data),
        "context": {"source": finding.context.source, "target": finding.context.target} if finding.context else None,
    }


#: a context longer than this (source and target, in characters) is written in full once
#: per report, for its first finding; later findings of the same unit say
#: `{"same_as": index}`. Far above any normal unit (whose reports do not change), it keeps
#: 10,000 findings on a 100-KB unit from writing (and reading back) 1 GB of copies.
SHARED_CONTEXT = 10_000


def findings_to_dicts(findings: list[Finding]) -> list[dict[str, Any]]:
    return list(_finding_dicts(findings))


def _finding_dicts(findings: list[Finding]) -> Iterator[dict[str, Any]]:
    first: dict[tuple[str, str | None], int] = {}
    for index, finding in enumerate(findings):
        data = finding_to_dict(finding)
        context = finding.context
        if context is not None and len(context.source) + len(context.target or "") > SHARED_CONTEXT:
            key = (context.source, context.target)
            if key in first:
                data["context"] = {"same_as": first[key]}
            else:
                first[key] = index
        yield data


def findings_from_dicts(items: list[dict[str, Any]], origin: str = "<report>") -> list[Finding]:
    """Findings read back; a context written once (`same_as`) is one shared UnitText."""
    findings: list[Finding] = []
    for item in items:
        context = item.get("context")
        shared = None
        if isinstance(context, dict) and "same_as" in context:
            index = context["same_as"]
            if not 0 <= index < len(findings) or findings[index].context is None:
                raise InputError(origin, f"finding {len(findings)}: 'same_as' must name an earlier finding with a context (got {index})")
            shared = findings[index].context
            item = dict(item, context=None)
        findings.append(finding_from_dict(item, shared))
    return findings


def finding_from_dict(data: dict[str, Any], context: UnitText | None = None) -> Finding:
    """A finding read back, with the fingerprint the run gave it (made from its file's
    path from the project root of that run, which the displayed path read here may not
    tell: `tqa report` may run in another folder); `context` instead of the dict's."""
    loc = data["location"]
    finding = Finding(
        rule_id=data["rule_id"],
        rule_name=data["rule_name"],
        severity=Severity.parse(data["severity"]),
        category=data["category"],
        message=data["message"],
        location=Location(
            file=loc["file"],
            unit_id=loc.get("unit_id"),
            source=_side_from_dict(loc.get("source")),
            target=_side_from_dict(loc.get("target")),
        ),
        suggestion=data.get("suggestion"),
        data=data.get("data") or {},
        context=context or (UnitText(written["source"], written.get("target")) if (written := data.get("context")) else None),
    )
    if data.get("fingerprint"):
        object.__setattr__(finding, "fingerprint", data["fingerprint"])
    return finding


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Span):
        return [value.start, value.end]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def write_atomic(path: str, content: str | bytes) -> None:
    """Write a whole file or nothing (see `qa_core.files.output_file`): atomically over a
    regular file, through a pipe or device, to stdout for '-'."""
    from qa_core.files import write_output

    write_output(path, content, _WRITE_SLICE)


_WRITE_SLICE = 1 << 20
